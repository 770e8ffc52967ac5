/**
 * Tiny worlds where each shedding policy that reads waiting attempts meets ghosts: queued
 * attempts abandoned by callers that do not tell the service, kept by the queue as numbers only
 * (job-queue.ts). A policy must see of a ghost exactly what it saw of the attempt: its arrival,
 * that its caller has gone, its in-flight count when it completes. Each log was worked out by
 * hand first (see the comments). Every world: one worker, 1 s of work (0.6 s in the last), a
 * 0.5 s timeout (0.3 s), no retries, arrivals every 0.25 s from 0.25. Each attempt times out at
 * its arrival + 0.5: A (0.25) at work at 0.75, before C arrives; later ones in the queue.
 */
import { describe, expect, it } from 'vitest';
import type { SheddingSpec } from '../../src/strategies/config.ts';
import { runCountingGhosts } from '../support/ghosts.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';

const evenly = (rate: number) => ({ kind: 'open' as const, rate, process: 'uniform' as const, schedule: [] });
const constant = (value: number) => ({ dist: 'constant' as const, value });

function world(shedding: SheddingSpec, duration: number, work = 1, timeout = 0.5) {
  return scenario({
    services: [service('api', 1, constant(work), { shedding })],
    clients: [openClient('web', 'api', 4, { arrival: evenly(4), timeout })],
    duration,
  });
}

/** A (0.25) served, B (0.5) to D (1.0) queued; B a ghost at 1.0. A's WORK_DONE at 1.25 comes before C's timeout. */
const UNTIL_A_ENDS = [
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
  '1.25 s0 busy 0',
  '1.25 s0 job ok (arrived 0.25, started 0.25, wasted)',
];

describe('shedding policies see ghosts as they saw the attempts', () => {
  it('deadline: a ghost is an attempt whose caller has gone, dropped at dequeue', () => {
    // At 1.25 the policy drops B's ghost and serves C, whose caller still waits (its timeout
    // comes after, at the same instant). D times out in the queue at 1.5; at 2.25 its ghost is
    // dropped and nothing is left.
    const { log, ghosts } = runCountingGhosts(world({ kind: 'deadline' }, 1.1), [1.1, 1.3, 1.6, 2.3]);
    expect(ghosts).toEqual([[1], [0], [1], [0]]);
    expect(log).toEqual([
      ...UNTIL_A_ENDS,
      '1.25 s0 shed',
      '1.25 s0 busy 1',
      '1.25 s0 queue 1',
      '1.25 c0 failed timeout (started 0.75, 1 attempts)',
      '1.50 c0 failed timeout (started 1.00, 1 attempts)',
      '2.25 s0 busy 0',
      '2.25 s0 job ok (arrived 0.75, started 1.25, wasted)',
      '2.25 s0 shed',
      '2.25 s0 queue 0',
    ]);
  });

  it('adaptive LIFO: the oldest arrival is read from a ghost at the head of the queue', () => {
    // Threshold 0.3. At 1.25 the oldest waiting is B's ghost (arrived 0.5, 0.75 ago): LIFO, so
    // D is served; C then times out in the queue. At 2.25 and 3.25 B's ghost is still the
    // oldest: C's ghost, then B's, are served, newest first.
    const { log, ghosts } = runCountingGhosts(world({ kind: 'adaptive_lifo', threshold: 0.3 }, 1.1), [1.1, 1.3, 2.3, 3.3]);
    expect(ghosts).toEqual([[1], [2], [1], [0]]);
    expect(log).toEqual([
      ...UNTIL_A_ENDS,
      '1.25 s0 busy 1',
      '1.25 s0 queue 2',
      '1.25 c0 failed timeout (started 0.75, 1 attempts)',
      '1.50 c0 failed timeout (started 1.00, 1 attempts)',
      '2.25 s0 busy 0',
      '2.25 s0 job ok (arrived 1.00, started 1.25, wasted)',
      '2.25 s0 busy 1',
      '2.25 s0 queue 1',
      '3.25 s0 busy 0',
      '3.25 s0 job ok (arrived 0.75, started 2.25, wasted)',
      '3.25 s0 busy 1',
      '3.25 s0 queue 0',
      '4.25 s0 busy 0',
      '4.25 s0 job ok (arrived 0.50, started 3.25, wasted)',
    ]);
  });

  it('CoDel: sojourn times come from the ghosts, and a ghost can be its drop', () => {
    // Target 0.1 s, interval 0.5 s; arrivals up to F (1.5). At 1.25 B's ghost has waited 0.75
    // with two left: above target from now, first_above = 1.75; B is served. C, D, E, F all
    // time out in the queue (1.25 to 2.0). At 2.25 C's ghost (1.5 s, three left) is above
    // target past first_above: CoDel enters dropping with C's ghost (shed), serves D's (two
    // left, still above); drop_next = 2.75. At 3.25 E's ghost leaves only F: below, so CoDel
    // leaves dropping and serves E, then F.
    const { log, ghosts } = runCountingGhosts(world({ kind: 'codel', target: 0.1, interval: 0.5 }, 1.6), [1.1, 1.3, 2.1, 2.3, 3.3, 4.3]);
    expect(ghosts).toEqual([[1], [1], [4], [2], [1], [0]]);
    expect(log).toEqual([
      ...UNTIL_A_ENDS,
      '1.25 s0 busy 1',
      '1.25 s0 queue 2',
      '1.25 c0 failed timeout (started 0.75, 1 attempts)',
      '1.25 c0 request',
      '1.25 c0 attempt',
      '1.25 s0 arrival',
      '1.25 s0 queue 3',
      '1.50 c0 failed timeout (started 1.00, 1 attempts)',
      '1.50 c0 request',
      '1.50 c0 attempt',
      '1.50 s0 arrival',
      '1.50 s0 queue 4',
      '1.75 c0 failed timeout (started 1.25, 1 attempts)',
      '2.00 c0 failed timeout (started 1.50, 1 attempts)',
      '2.25 s0 busy 0',
      '2.25 s0 job ok (arrived 0.50, started 1.25, wasted)',
      '2.25 s0 shed',
      '2.25 s0 busy 1',
      '2.25 s0 queue 2',
      '3.25 s0 busy 0',
      '3.25 s0 job ok (arrived 1.00, started 2.25, wasted)',
      '3.25 s0 busy 1',
      '3.25 s0 queue 1',
      '4.25 s0 busy 0',
      '4.25 s0 job ok (arrived 1.25, started 3.25, wasted)',
      '4.25 s0 busy 1',
      '4.25 s0 queue 0',
      '5.25 s0 busy 0',
      '5.25 s0 job ok (arrived 1.50, started 4.25, wasted)',
    ]);
  });

  it("concurrency limit: a ghost's completion moves the limit by its latency and in-flight count", () => {
    // AIMD from a limit of 2 (ratio 0.5, its own timeout 0.7 s); 0.6 s of work, a 0.3 s
    // timeout. A is served (0.25 to 0.85); B queues (in flight 2) and is a ghost at 0.8; C
    // finds 2 in the service and is refused. A completes in 0.6 s with 1 in flight: limit 3.
    // B's ghost is served; D and E queue (ghosts at 1.3 and 1.55). B completes at 1.45 after
    // 0.95 s (from its arrival: over 0.7), so the limit halves to 1, and F and G are refused.
    const shedding: SheddingSpec = { kind: 'concurrency_limit', algorithm: 'aimd', initial: 2, min: 1, max: 10, backoffRatio: 0.5, timeout: 0.7 };
    const { log, ghosts } = runCountingGhosts(world(shedding, 1.8, 0.6, 0.3), [0.82, 0.9, 1.35, 1.6, 2.1]);
    expect(ghosts).toEqual([[1], [0], [1], [1], [0]]);
    expect(log).toEqual([
      '0.25 c0 request',
      '0.25 c0 attempt',
      '0.25 s0 arrival',
      '0.25 s0 busy 1',
      '0.50 c0 request',
      '0.50 c0 attempt',
      '0.50 s0 arrival',
      '0.50 s0 queue 1',
      '0.55 c0 failed timeout (started 0.25, 1 attempts)',
      '0.75 c0 request',
      '0.75 c0 attempt',
      '0.75 s0 arrival',
      '0.75 s0 shed',
      '0.75 c0 failed rejected (started 0.75, 1 attempts)',
      '0.80 c0 failed timeout (started 0.50, 1 attempts)',
      '0.85 s0 busy 0',
      '0.85 s0 job ok (arrived 0.25, started 0.25, wasted)',
      '0.85 s0 busy 1',
      '0.85 s0 queue 0',
      '1.00 c0 request',
      '1.00 c0 attempt',
      '1.00 s0 arrival',
      '1.00 s0 queue 1',
      '1.25 c0 request',
      '1.25 c0 attempt',
      '1.25 s0 arrival',
      '1.25 s0 queue 2',
      '1.30 c0 failed timeout (started 1.00, 1 attempts)',
      '1.45 s0 busy 0',
      '1.45 s0 job ok (arrived 0.50, started 0.85, wasted)',
      '1.45 s0 busy 1',
      '1.45 s0 queue 1',
      '1.50 c0 request',
      '1.50 c0 attempt',
      '1.50 s0 arrival',
      '1.50 s0 shed',
      '1.50 c0 failed rejected (started 1.50, 1 attempts)',
      '1.55 c0 failed timeout (started 1.25, 1 attempts)',
      '1.75 c0 request',
      '1.75 c0 attempt',
      '1.75 s0 arrival',
      '1.75 s0 shed',
      '1.75 c0 failed rejected (started 1.75, 1 attempts)',
      '2.05 s0 busy 0',
      '2.05 s0 job ok (arrived 1.00, started 1.45, wasted)',
      '2.05 s0 busy 1',
      '2.05 s0 queue 0',
      '2.65 s0 busy 0',
      '2.65 s0 job ok (arrived 1.25, started 2.05, wasted)',
    ]);
  });
});
