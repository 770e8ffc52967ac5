/**
 * Tiny worlds for service-side shedding: one worker, constant service times and evenly spaced
 * arrivals, so that each event can be worked out by hand (see the comments). Times are
 * multiples of 1/16 s where several events meet, so that they are exact in binary.
 *
 * Two rules of the engine decide the order of events at one instant: a job's WORK_DONE at
 * time t was scheduled when the job started, before the arrival at t was scheduled (at the
 * previous arrival), so a worker is freed before a same-time arrival joins the queue; and a
 * response to a dropped attempt is an event scheduled at the drop, so it runs after events
 * already due at that instant.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { eventLog } from '../support/log-observer.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';

const evenly = (rate: number) => ({ kind: 'open' as const, rate, process: 'uniform' as const, schedule: [] });
const constant = (value: number) => ({ dist: 'constant' as const, value });
/** The arrival time of each job served, in order, read from the `job` lines. */
const servedArrivals = (lines: string[]) => lines.filter((l) => l.includes(' job ')).map((l) => l.replace(/.*arrived ([\d.]+).*/, '$1'));

describe('deadline shedding', () => {
  it('drops at dequeue exactly the attempts whose caller already gave up, answering nobody', () => {
    // c0 sends every 0.25 s from 0.25 (5 requests) with a 0.5 s timeout; c1 sends once at 1.25
    // with a 5 s timeout. Work: 1.1 s. A (0.25) is served and times out at 0.75; B (0.5), C
    // (0.75), D (1.0) and F (1.25, after E) queue behind it and time out at 1.0, 1.25, 1.5 and
    // 1.75. When A ends at 1.35, B and C have been given up: both are dropped, D (its caller
    // waits 0.15 s more) is served and wasted all the same; E (c1) is served at 2.45 and
    // succeeds at 3.55, when F, given up long ago, is dropped.
    const s = scenario({
      services: [service('api', 1, constant(1.1), { shedding: { kind: 'deadline' } })],
      clients: [
        openClient('web', 'api', 4, { arrival: evenly(4), timeout: 0.5 }),
        openClient('batch', 'api', 0.8, { arrival: evenly(0.8), timeout: 5 }),
      ],
      duration: 1.3,
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
      '0.75 c0 failed timeout (started 0.25, 1 attempts)',
      '0.75 c0 request',
      '0.75 c0 attempt',
      '0.75 s0 arrival',
      '0.75 s0 queue 2',
      '1.00 c0 failed timeout (started 0.50, 1 attempts)',
      '1.00 c0 request',
      '1.00 c0 attempt',
      '1.00 s0 arrival',
      '1.00 s0 queue 3',
      // c1's arrival was scheduled at the start, before C's timeout (reserved at 0.75).
      '1.25 c1 request',
      '1.25 c1 attempt',
      '1.25 s0 arrival',
      '1.25 s0 queue 4',
      '1.25 c0 failed timeout (started 0.75, 1 attempts)',
      '1.25 c0 request',
      '1.25 c0 attempt',
      '1.25 s0 arrival',
      '1.25 s0 queue 5',
      '1.35 s0 busy 0',
      '1.35 s0 job ok (arrived 0.25, started 0.25, wasted)',
      '1.35 s0 shed',
      '1.35 s0 shed',
      '1.35 s0 busy 1',
      '1.35 s0 queue 2',
      '1.50 c0 failed timeout (started 1.00, 1 attempts)',
      '1.75 c0 failed timeout (started 1.25, 1 attempts)',
      '2.45 s0 busy 0',
      '2.45 s0 job ok (arrived 1.00, started 1.35, wasted)',
      '2.45 s0 busy 1',
      '2.45 s0 queue 1',
      '3.55 s0 busy 0',
      '3.55 s0 job ok (arrived 1.25, started 2.45)',
      '3.55 s0 shed',
      '3.55 s0 queue 0',
      '3.55 c1 succeeded (started 1.25, 1 attempts)',
    ]);
  });
});

describe('CoDel', () => {
  it('drops at the control-law times once the sojourn has stayed above target for an interval', () => {
    // Arrivals every 1/16 s (k = 1..23), 1/8 s of work: the queue grows by one every 1/8 s.
    // Target 0.1 s, interval 0.5 s. The worker takes the next job at d_j = (2j + 1)/16; job
    // j + 1 then has waited j/16 and j − 1 others wait (before drops; the arrival at d_j comes
    // after). Sojourns are below target at d_1; at d_2 (2/16 >= 0.1) one job is left, which
    // counts as below (RFC: less than a packet queued). At d_3 = 7/16 the sojourn is 3/16
    // with two left: first_above = 7/16 + 8/16 = 15/16.
    //  15/16 = 0.9375: enter dropping: drop job 8 (arrived 8/16), serve 9;
    //                 count 1, drop_next = 15/16 + 0.5 = 23/16.
    //  23/16 = 1.4375: due: drop 13, serve 14; count 2, drop_next += 0.5/√2 → 1.7911.
    //  29/16 = 1.8125 (first dequeue after 1.7911): drop 17, serve 18; count 3, += 0.5/√3 → 2.0797.
    //  35/16 = 2.1875: drop 21; then 22 leaves only 23 waiting (below): leave dropping, serve 22.
    //  Then 23; 19 of the 23 jobs are served, and the 4 dropped are answered `rejected`.
    const s = scenario({
      services: [service('api', 1, constant(1 / 8), { shedding: { kind: 'codel', target: 0.1, interval: 0.5 } })],
      clients: [openClient('web', 'api', 16, { arrival: evenly(16) })],
      duration: 1.5,
    });
    const lines = eventLog(s);
    expect(lines.filter((l) => l.includes('shed') || l.includes('failed'))).toEqual([
      '0.94 s0 shed',
      '0.94 c0 failed rejected (started 0.50, 1 attempts)',
      '1.44 s0 shed',
      '1.44 c0 failed rejected (started 0.81, 1 attempts)',
      '1.81 s0 shed',
      '1.81 c0 failed rejected (started 1.06, 1 attempts)',
      '2.19 s0 shed',
      '2.19 c0 failed rejected (started 1.31, 1 attempts)',
    ]);
    const served = [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 18, 19, 20, 22, 23];
    expect(servedArrivals(lines)).toEqual(served.map((k) => (k / 16).toFixed(2)));
  });
});

describe('adaptive LIFO', () => {
  it('serves FIFO while the oldest has waited up to the threshold, then newest first', () => {
    // Arrivals every 1/8 s (k = 1..7), 1/4 s of work, threshold 0.3 s. The worker takes the
    // next job at (2j + 1)/8:
    //   3/8: queue [2];       oldest waited 1/8 → FIFO: 2
    //   5/8: queue [3, 4];    oldest waited 2/8 → FIFO: 3
    //   7/8: queue [4, 5, 6]; oldest waited 3/8 > 0.3 → LIFO: 6
    //   9/8: queue [4, 5, 7] → LIFO: 7;  11/8: [4, 5] → 5;  13/8: [4] → 4.
    const s = scenario({
      services: [service('api', 1, constant(1 / 4), { shedding: { kind: 'adaptive_lifo', threshold: 0.3 } })],
      clients: [openClient('web', 'api', 8, { arrival: evenly(8) })],
      duration: 1,
    });
    const lines = eventLog(s);
    expect(servedArrivals(lines)).toEqual([1, 2, 3, 6, 7, 5, 4].map((k) => (k / 8).toFixed(2)));
    expect(lines.filter((l) => l.includes('shed') || l.includes('failed'))).toEqual([]);
  });
});

describe('concurrency limit (AIMD)', () => {
  it('refuses arrivals beyond the limit at once, and the limit grows and shrinks with completions', () => {
    // Initial limit 2 (min 1, max 3), backoff ratio 0.5, timeout 0.3 s; 1/4 s of work, arrivals
    // every 1/8 s (k = 1..7). In flight = queued + in service, counted at admission.
    //   1/8: 0 in flight < 2: admitted (in flight 1).   2/8: 1 < 2: admitted (2), queued.
    //   3/8: job 1 ends after 0.25 s, with 1 × 2 >= 2 in flight: limit 3. Then job 3: 1 < 3, admitted.
    //   4/8: 2 < 3: admitted (3 in flight).
    //   5/8: job 2 ends after 3/8 s > 0.3: limit floor(3 × 0.5) = 1. Job 5: 2 >= 1: shed.
    //   6/8: shed.   7/8: job 3 ends after 0.5 s: floor(0.5) → min 1. Job 7: 1 >= 1: shed.
    const s = scenario({
      services: [
        service('api', 1, constant(1 / 4), {
          shedding: { kind: 'concurrency_limit', algorithm: 'aimd', initial: 2, min: 1, max: 3, backoffRatio: 0.5, timeout: 0.3 },
        }),
      ],
      clients: [openClient('web', 'api', 8, { arrival: evenly(8) })],
      duration: 1,
    });
    const lines = eventLog(s);
    expect(lines.filter((l) => l.includes('shed') || l.includes('failed'))).toEqual([
      '0.63 s0 shed',
      '0.63 c0 failed rejected (started 0.63, 1 attempts)',
      '0.75 s0 shed',
      '0.75 c0 failed rejected (started 0.75, 1 attempts)',
      '0.88 s0 shed',
      '0.88 c0 failed rejected (started 0.88, 1 attempts)',
    ]);
    expect(servedArrivals(lines)).toEqual([1, 2, 3, 4].map((k) => (k / 8).toFixed(2)));
    const r = runScenario(s);
    expect(r.summary.services.api).toMatchObject({ arrivals: 7, completed: 4, shed: 3, rejected: 0, errors: 0 });
    expect(r.summary.clients.web.failures.rejected).toBe(3);
  });
});
