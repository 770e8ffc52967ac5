/**
 * queue.overflow in tiny worlds (docs/back-pressure.md): one worker, 1 s of work, a queue of
 * one, and requests at t = 0.25, 0.5, 0.75 and 1 (arrivals stop at 1.1). Every outcome below
 * was worked out by hand first (see the comments).
 */
import { describe, expect, it } from 'vitest';
import type { QueueOverflow } from '../../src/model/config.ts';
import { NO_RETRY } from '../../src/strategies/config.ts';
import { runScenario } from '../../src/run.ts';
import { eventLog } from '../support/log-observer.ts';
import { NO_STRATEGIES, openClient, scenario, service } from '../support/scenarios.ts';

const evenly = (rate: number) => ({ kind: 'open' as const, rate, process: 'uniform' as const, schedule: [] });
const constant = (value: number) => ({ dist: 'constant' as const, value });

function world(overflow: QueueOverflow, timeout: number | null = null, discipline: 'fifo' | 'lifo' = 'fifo') {
  return scenario({
    services: [service('api', 1, constant(1), { queue: { capacity: 1, discipline, overflow } })],
    clients: [openClient('web', 'api', 4, { arrival: evenly(4), timeout })],
    duration: 1.1,
  });
}

describe('queue.overflow: tiny worlds', () => {
  it('reject_new: the two arrivals that find the queue full are rejected', () => {
    // r0 works 0.25-1.25, r1 queues; r2 (0.75) and r3 (1.0) find the queue full.
    const r = runScenario(world('reject_new'));
    expect(r.summary.services.api).toMatchObject({ arrivals: 4, completed: 2, rejected: 2, shed: 0 });
    expect(r.summary.clients.web.failures.rejected).toBe(2);
  });

  it('reject_new is the default: a queue without `overflow` gives the same run', () => {
    const s = world('reject_new');
    const without = { ...s, services: [{ ...s.services[0], queue: { capacity: 1, discipline: 'fifo' as const } }] };
    expect(runScenario(without).summary).toEqual(runScenario(s).summary);
  });

  it('drop_oldest: each new arrival takes the place of the one waiting, which is answered rejected', () => {
    // r1 queues at 0.5; r2 (0.75) drops r1; r3 (1.0) drops r2. r0 ends at 1.25, r3 runs 1.25-2.25.
    expect(eventLog(world('drop_oldest')).filter((line) => / s0 (refused|job)|c0 (succeeded|failed)/.test(line))).toEqual([
      '0.75 s0 refused rejected',
      '0.75 c0 failed rejected (started 0.50, 1 attempts)',
      '1.00 s0 refused rejected',
      '1.00 c0 failed rejected (started 0.75, 1 attempts)',
      '1.25 s0 job ok (arrived 0.25, started 0.25)',
      '1.25 c0 succeeded (started 0.25, 1 attempts)',
      '2.25 s0 job ok (arrived 1.00, started 1.25)',
      '2.25 c0 succeeded (started 1.00, 1 attempts)',
    ]);
    const r = runScenario(world('drop_oldest'));
    expect(r.summary.services.api).toMatchObject({ arrivals: 4, completed: 2, rejected: 2, shed: 0 });
  });

  it('drop_oldest with a LIFO queue drops the one that has waited longest too', () => {
    // The queue holds one, so LIFO and FIFO agree: same outcome as FIFO.
    const r = runScenario(world('drop_oldest', null, 'lifo'));
    expect(r.summary.services.api).toMatchObject({ arrivals: 4, completed: 2, rejected: 2 });
  });

  it('block: nobody is refused; blocked attempts enter the queue in arrival order as room appears', () => {
    // r2 (0.75) and r3 (1.00) block. 1.25: r0 ends, r1 starts, r2 enters the queue, keeping its
    // arrival time. 2.25: r1 ends, r2 starts, r3 enters. 3.25: r2 ends, r3 starts, the queue is empty.
    expect(eventLog(world('block')).filter((line) => / s0 (queue|job)/.test(line))).toEqual([
      '0.50 s0 queue 1',
      '1.25 s0 job ok (arrived 0.25, started 0.25)',
      '2.25 s0 job ok (arrived 0.50, started 1.25)',
      '3.25 s0 job ok (arrived 0.75, started 2.25)',
      '3.25 s0 queue 0',
      '4.25 s0 job ok (arrived 1.00, started 3.25)',
    ]);
    const r = runScenario(world('block'));
    expect(r.summary.services.api).toMatchObject({ arrivals: 4, completed: 4, rejected: 0, shed: 0 });
    expect(r.summary.clients.web.succeeded).toBe(4);
    expect(r.summary.clients.web.latency.max).toBeCloseTo(3.25, 9);
  });

  it('block: an attempt whose caller times out while blocked leaves the line at once, counted as shed', () => {
    // Timeout 1.2 s. r1 (queued) times out at 1.7 and r2 (queued from 1.25) at 1.95: both are
    // served anyway, for nobody. r3 is still blocked at its timeout, 2.2: it leaves, shed, and
    // never reaches the queue: at 2.25 r2 starts and nothing else enters.
    const log = eventLog(world('block', 1.2));
    expect(log.filter((line) => / s0 (shed|job)|c0 failed/.test(line))).toEqual([
      '1.25 s0 job ok (arrived 0.25, started 0.25)',
      '1.70 c0 failed timeout (started 0.50, 1 attempts)',
      '1.95 c0 failed timeout (started 0.75, 1 attempts)',
      '2.20 s0 shed',
      '2.20 c0 failed timeout (started 1.00, 1 attempts)',
      '2.25 s0 job ok (arrived 0.50, started 1.25, wasted)',
      '3.25 s0 job ok (arrived 0.75, started 2.25, wasted)',
    ]);
    const r = runScenario(world('block', 1.2));
    expect(r.summary.services.api).toMatchObject({ arrivals: 4, completed: 3, rejected: 0, shed: 1 });
  });

  /** A front end with 2 workers and no work of its own, calling a back end with 1 worker, 1 s of work and no waiting room. */
  function chain(overflow: QueueOverflow) {
    return scenario({
      services: [
        service('front', 2, constant(0), { calls: [{ ...NO_STRATEGIES, service: 'back', timeout: null, retry: NO_RETRY }] }),
        service('back', 1, constant(1), { queue: { capacity: 0, discipline: 'fifo', overflow } }),
      ],
      clients: [openClient('web', 'front', 4, { arrival: evenly(4) })],
      duration: 1.1,
    });
  }
  const frontLoad = (log: string[]) => log.filter((line) => / s0 (busy|queue)/.test(line));

  it('reject_new below: the front end\'s second worker is freed at once by each rejected call', () => {
    // r1, r2, r3 each take the free front worker, are rejected by back, and fail with `error`.
    expect(frontLoad(eventLog(chain('reject_new')))).toEqual([
      '0.25 s0 busy 1',
      '0.50 s0 busy 2', '0.50 s0 busy 1',
      '0.75 s0 busy 2', '0.75 s0 busy 1',
      '1.00 s0 busy 2', '1.00 s0 busy 1',
      '1.25 s0 busy 0',
    ]);
  });

  it('block below: the pressure travels upstream; the front end\'s workers stay busy and its queue grows', () => {
    // r1's call blocks at back (0.5), holding the front worker; r2 and r3 queue at the front.
    // Each back completion lets the next blocked call in, and frees one front worker for the
    // next queued request, whose call blocks in turn: the front stays 2 busy until 3.25.
    expect(frontLoad(eventLog(chain('block')))).toEqual([
      '0.25 s0 busy 1',
      '0.50 s0 busy 2',
      '0.75 s0 queue 1',
      '1.00 s0 queue 2',
      '1.25 s0 busy 1', '1.25 s0 busy 2', '1.25 s0 queue 1',
      '2.25 s0 busy 1', '2.25 s0 busy 2', '2.25 s0 queue 0',
      '3.25 s0 busy 1',
      '4.25 s0 busy 0',
    ]);
    const r = runScenario(chain('block'));
    expect(r.summary.clients.web).toMatchObject({ requests: 4, succeeded: 4 });
    expect(r.summary.services.back).toMatchObject({ arrivals: 4, completed: 4, rejected: 0 });
  });
});
