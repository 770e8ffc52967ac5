/**
 * Tiny worlds where queued attempts are abandoned by callers that do not tell the service (a
 * timeout without cancel_on_timeout), so that the queue keeps them as numbers only ("ghosts",
 * job-queue.ts) and serves, drops or hands them to its shedding policy from those numbers. Each
 * log was worked out by hand first (see the comments); it is the log the model gave before
 * ghosts existed, since nothing a caller, the service or a policy sees may change. The ghost
 * counts sampled along the way show that the new path is the one taken.
 *
 * Orders at one instant follow the engine's rule: an event scheduled earlier runs first. A
 * job's WORK_DONE was scheduled when it started; an attempt's timeout when it was sent; an
 * arrival when the previous arrival ran.
 */
import { describe, expect, it } from 'vitest';
import type { DownstreamCall } from '../../src/model/config.ts';
import { NO_RETRY } from '../../src/strategies/config.ts';
import { runCountingGhosts } from '../support/ghosts.ts';
import { NO_STRATEGIES, openClient, scenario, service } from '../support/scenarios.ts';

const evenly = (rate: number) => ({ kind: 'open' as const, rate, process: 'uniform' as const, schedule: [] });
const constant = (value: number) => ({ dist: 'constant' as const, value });
const call = (to: string): DownstreamCall => ({ ...NO_STRATEGIES, service: to, timeout: null, retry: NO_RETRY });

const run = runCountingGhosts;

describe('ghosts: abandoned queued attempts kept as numbers', () => {
  it('are served in their turn, wasted, exactly as the attempts would have been', () => {
    // One worker, 1 s of work, a 0.5 s timeout, no retries; A, B, C at 0.25, 0.5, 0.75. A is
    // served at once and times out at work (0.75: before C arrives, its timeout was set first).
    // B times out in the queue at 1.0: a ghost. At 1.25 A ends (wasted) and B's ghost starts;
    // then C times out in the queue (its timeout was set after A's work began): a ghost too.
    // Both are served for nobody, B from 1.25 to 2.25 and C from 2.25 to 3.25.
    const s = scenario({
      services: [service('api', 1, constant(1))],
      clients: [openClient('web', 'api', 4, { arrival: evenly(4), timeout: 0.5 })],
      duration: 0.8,
    });
    const { log, ghosts } = run(s, [0.9, 1.1, 1.3, 2.3]);
    expect(ghosts).toEqual([[0], [1], [1], [0]]);
    expect(log).toEqual([
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
      '1.25 s0 busy 0',
      '1.25 s0 job ok (arrived 0.25, started 0.25, wasted)',
      '1.25 s0 busy 1',
      '1.25 s0 queue 1',
      '1.25 c0 failed timeout (started 0.75, 1 attempts)',
      '2.25 s0 busy 0',
      '2.25 s0 job ok (arrived 0.50, started 1.25, wasted)',
      '2.25 s0 busy 1',
      '2.25 s0 queue 0',
      '3.25 s0 busy 0',
      '3.25 s0 job ok (arrived 0.75, started 2.25, wasted)',
    ]);
  });

  it('make their downstream calls as the attempts would have, for nobody', () => {
    // front: one worker, 0.75 s of work, then a call to back (one worker, 0.25 s). A (0.25) works
    // until 1.0, times out at 0.85 meanwhile, then calls back (1.0 to 1.25). B (0.5) times out
    // in front's queue at 1.1: a ghost, which starts at 1.25 when A ends, calls back at 2.0
    // (back serves the call for its caller, the ghost's job: not wasted) and ends at 2.25.
    const s = scenario({
      services: [service('front', 1, constant(0.75), { calls: [call('back')] }), service('back', 1, constant(0.25))],
      clients: [openClient('web', 'front', 4, { arrival: evenly(4), timeout: 0.6 })],
      duration: 0.6,
    });
    const { log, ghosts } = run(s, [1.05, 1.15, 1.3]);
    expect(ghosts).toEqual([
      [0, 0],
      [1, 0],
      [0, 0],
    ]);
    expect(log).toEqual([
      '0.25 c0 request',
      '0.25 c0 attempt',
      '0.25 s0 arrival',
      '0.25 s0 busy 1',
      '0.50 c0 request',
      '0.50 c0 attempt',
      '0.50 s0 arrival',
      '0.50 s0 queue 1',
      '0.85 c0 failed timeout (started 0.25, 1 attempts)',
      '1.00 s1 arrival',
      '1.00 s1 busy 1',
      '1.10 c0 failed timeout (started 0.50, 1 attempts)',
      '1.25 s1 busy 0',
      '1.25 s1 job ok (arrived 1.00, started 1.00)',
      '1.25 s0 busy 0',
      '1.25 s0 job ok (arrived 0.25, started 0.25, wasted)',
      '1.25 s0 busy 1',
      '1.25 s0 queue 0',
      '2.00 s1 arrival',
      '2.00 s1 busy 1',
      '2.25 s1 busy 0',
      '2.25 s1 job ok (arrived 2.00, started 2.00)',
      '2.25 s0 busy 0',
      '2.25 s0 job ok (arrived 0.50, started 1.25, wasted)',
    ]);
  });

  it('are not made where the service is told (cancel_on_timeout): the attempt leaves the queue', () => {
    // One worker, 1 s of work, LIFO, cancel_on_timeout, a 0.5 s timeout; A, B, C at 0.125,
    // 0.25, 0.375. A times out at work at 0.625: its worker takes the newest, C. B times out in
    // the queue at 0.75: told, the service drops it from the queue (shed, queue 0) rather than
    // keep a ghost. C times out at work at 0.875.
    const s = scenario({
      services: [service('api', 1, constant(1), { cancelOnTimeout: true, queue: { capacity: null, discipline: 'lifo' } })],
      clients: [openClient('web', 'api', 8, { arrival: evenly(8), timeout: 0.5 })],
      duration: 0.4,
    });
    const { log, ghosts } = run(s, [0.7, 0.8]);
    expect(ghosts).toEqual([[0], [0]]);
    expect(log).toEqual([
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
      '0.63 s0 busy 0',
      '0.63 s0 shed',
      '0.63 s0 busy 1',
      '0.63 s0 queue 1',
      '0.63 c0 failed timeout (started 0.13, 1 attempts)',
      '0.75 s0 shed',
      '0.75 s0 queue 0',
      '0.75 c0 failed timeout (started 0.25, 1 attempts)',
      '0.88 s0 busy 0',
      '0.88 s0 shed',
      '0.88 c0 failed timeout (started 0.38, 1 attempts)',
    ]);
  });
});
