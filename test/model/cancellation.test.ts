/**
 * Tiny worlds for cancellation: a service told that its caller gave up on an attempt (a
 * timeout, with cancel_on_timeout; a lost hedge, with cancel_losers) drops it wherever it is:
 * from the queue, from its worker (which takes the next job at once), or, if it is waiting on a
 * downstream call, by cancelling that call at once (with cancel_on_timeout; more in
 * deadline-propagation.test.ts). Each log was worked out by hand first (see the comments).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { NO_RETRY } from '../../src/strategies/config.ts';
import { eventLog } from '../support/log-observer.ts';
import { NO_STRATEGIES, openClient, scenario, service } from '../support/scenarios.ts';

const evenly = (rate: number) => ({ kind: 'open' as const, rate, process: 'uniform' as const, schedule: [] });
const constant = (value: number) => ({ dist: 'constant' as const, value });

describe('cancel on timeout (deadline propagation)', () => {
  it('frees the worker of a timed-out attempt at once, and the next queued job starts', () => {
    // One worker, 1 s of work, a 0.5 s timeout; A at 0.25, B at 0.5. A times out at 0.75 while
    // at work: its worker is freed then (not at 1.25) and B starts; B times out at 1.0 at work.
    const s = scenario({
      services: [service('api', 1, constant(1), { cancelOnTimeout: true })],
      clients: [openClient('web', 'api', 4, { arrival: evenly(4), timeout: 0.5 })],
      duration: 0.6,
    });
    expect(eventLog(s)).toEqual([
      '0.25 c0 request',
      '0.25 c0 attempt',
      '0.25 s0 arrival',
      '0.25 s0 busy 1',
      '0.50 c0 request',
      '0.50 c0 attempt',
      '0.50 s0 arrival',
      '0.50 s0 queue 1',
      '0.75 s0 busy 0',
      '0.75 s0 shed',
      '0.75 s0 busy 1',
      '0.75 s0 queue 0',
      '0.75 c0 failed timeout (started 0.25, 1 attempts)',
      '1.00 s0 busy 0',
      '1.00 s0 shed',
      '1.00 c0 failed timeout (started 0.50, 1 attempts)',
    ]);
  });

  it('removes a timed-out attempt from the queue (LIFO: the oldest wait longest)', () => {
    // One worker, 0.3 s of work, a 0.5 s timeout, LIFO; arrivals at 0.125, 0.25, 0.375, 0.5.
    // (0.125 + 0.3 is 0.42499... in binary, printed 0.42.) A is served at once (done 0.425, succeeds). Then C (newest) is served (0.425 to 0.725,
    // succeeds), then D (0.725 to 1.025). B waits below them and times out at 0.75 in the queue:
    // it leaves it (queue 0). D times out at 1.0 at work and frees its worker.
    const s = scenario({
      services: [service('api', 1, constant(0.3), { cancelOnTimeout: true, queue: { capacity: null, discipline: 'lifo' } })],
      clients: [openClient('web', 'api', 8, { arrival: evenly(8), timeout: 0.5 })],
      duration: 0.6,
    });
    expect(eventLog(s)).toEqual([
      '0.13 c0 request',
      '0.13 c0 attempt',
      '0.13 s0 arrival',
      '0.13 s0 busy 1',
      '0.25 c0 request',
      '0.25 c0 attempt',
      '0.25 s0 arrival',
      '0.25 s0 queue 1',
      '0.38 c0 request',
      '0.38 c0 attempt',
      '0.38 s0 arrival',
      '0.38 s0 queue 2',
      '0.42 s0 busy 0',
      '0.42 s0 job ok (arrived 0.13, started 0.13)',
      '0.42 s0 busy 1',
      '0.42 s0 queue 1',
      '0.42 c0 succeeded (started 0.13, 1 attempts)',
      '0.50 c0 request',
      '0.50 c0 attempt',
      '0.50 s0 arrival',
      '0.50 s0 queue 2',
      '0.72 s0 busy 0',
      '0.72 s0 job ok (arrived 0.38, started 0.42)',
      '0.72 s0 busy 1',
      '0.72 s0 queue 1',
      '0.72 c0 succeeded (started 0.38, 1 attempts)',
      '0.75 s0 shed',
      '0.75 s0 queue 0',
      '0.75 c0 failed timeout (started 0.25, 1 attempts)',
      '1.00 s0 busy 0',
      '1.00 s0 shed',
      '1.00 c0 failed timeout (started 0.50, 1 attempts)',
    ]);
  });

  it('cancels the call of a job waiting on it at once: the job below leaves its worker at the same instant', () => {
    // api: 0.1 s of work, then two calls to db in turn (no timeout); db: 1 s of work. The client
    // (timeout 0.5) sends at 0.25: api works until 0.35 and calls db, which would serve until
    // 1.35. The client gives up at 0.75; api is told and cancels its call: db (which has no
    // cancel_on_timeout, but always honours a cancellation) frees its worker (shed), then api
    // does (shed), all at 0.75, before the client hears its timeout. No second call.
    const call = { ...NO_STRATEGIES, service: 'db', timeout: null, retry: NO_RETRY };
    const s = scenario({
      services: [service('api', 1, constant(0.1), { cancelOnTimeout: true, calls: [call, call] }), service('db', 1, constant(1))],
      clients: [openClient('web', 'api', 4, { arrival: evenly(4), timeout: 0.5 })],
      duration: 0.3,
    });
    expect(eventLog(s)).toEqual([
      '0.25 c0 request',
      '0.25 c0 attempt',
      '0.25 s0 arrival',
      '0.25 s0 busy 1',
      '0.35 s1 arrival',
      '0.35 s1 busy 1',
      '0.75 s1 busy 0',
      '0.75 s1 shed',
      '0.75 s0 busy 0',
      '0.75 s0 shed',
      '0.75 c0 failed timeout (started 0.25, 1 attempts)',
    ]);
    const r = runScenario(s);
    expect(r.endTime).toBe(0.75);
    expect(r.summary.services.api).toMatchObject({ arrivals: 1, completed: 0, shed: 1 });
    expect(r.summary.services.db).toMatchObject({ arrivals: 1, completed: 0, shed: 1 });
  });

  it('without cancel_on_timeout the service never learns: the same world serves everything', () => {
    const s = scenario({
      services: [service('api', 1, constant(1))],
      clients: [openClient('web', 'api', 4, { arrival: evenly(4), timeout: 0.5 })],
      duration: 0.6,
    });
    const r = runScenario(s);
    expect(r.summary.services.api).toMatchObject({ arrivals: 2, completed: 2, shed: 0 });
    expect(r.summary.services.api.wasted_fraction).toBe(1);
  });
});

describe('cancelled hedges', () => {
  it('a losing hedge is cancelled when the caller sends cancellations, even without cancel_on_timeout', () => {
    // One worker, 0.3 s of work; one request at 0.25, hedged after 0.1 s. The hedge queues at
    // 0.35; the first attempt ends at 0.55, the worker takes the hedge, then the success
    // arrives and the hedge is cancelled at work: the worker is free again at once.
    const s = scenario({
      services: [service('api', 1, constant(0.3))],
      clients: [openClient('web', 'api', 4, { arrival: evenly(4), hedge: { after: 0.1, maxExtra: 1, cancelLosers: true } })],
      duration: 0.3,
    });
    expect(eventLog(s)).toEqual([
      '0.25 c0 request',
      '0.25 c0 attempt',
      '0.25 s0 arrival',
      '0.25 s0 busy 1',
      '0.35 c0 attempt',
      '0.35 s0 arrival',
      '0.35 s0 queue 1',
      '0.55 s0 busy 0',
      '0.55 s0 job ok (arrived 0.25, started 0.25)',
      '0.55 s0 busy 1',
      '0.55 s0 queue 0',
      '0.55 s0 busy 0',
      '0.55 s0 shed',
      '0.55 c0 succeeded (started 0.25, 2 attempts)',
    ]);
  });

  it('a losing hedge still queued leaves the queue', () => {
    // One worker, 0.3 s of work. c0 sends A at 0.25 (served at once, done 0.55) and hedges it
    // at 0.35, behind c1's X (0.3). At 0.55 the worker takes X; A's success then cancels the
    // hedge, still queued (queue 0). X ends at 0.85.
    const s = scenario({
      services: [service('api', 1, constant(0.3))],
      clients: [
        openClient('web', 'api', 4, { arrival: evenly(4), hedge: { after: 0.1, maxExtra: 1, cancelLosers: true } }),
        openClient('batch', 'api', 10 / 3, { arrival: evenly(10 / 3) }),
      ],
      duration: 0.32,
    });
    const lines = eventLog(s).filter((l) => l.includes('s0') && !l.includes('arrival'));
    expect(lines).toEqual([
      '0.25 s0 busy 1',
      '0.30 s0 queue 1',
      '0.35 s0 queue 2',
      '0.55 s0 busy 0',
      '0.55 s0 job ok (arrived 0.25, started 0.25)',
      '0.55 s0 busy 1',
      '0.55 s0 queue 1',
      '0.55 s0 shed',
      '0.55 s0 queue 0',
      '0.85 s0 busy 0',
      '0.85 s0 job ok (arrived 0.30, started 0.55)',
    ]);
  });
});
