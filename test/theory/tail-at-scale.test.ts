/**
 * The arithmetic of "The Tail at Scale" (Dean & Barroso, CACM 56(2), 2013,
 * https://research.google/pubs/the-tail-at-scale/): if 1 leaf request in 100 is slow, a root
 * that fans out to 100 leaves and waits for all of them is slow 1 − 0.99^100 ≈ 63.4% of the
 * time. A leaf here takes 1 ms, or 100 ms with probability 1% (a mixture); leaves have workers
 * enough that nothing queues, so a root request (1 ms of its own) takes 2 ms or 101 ms, and
 * "slow" is anything over 50 ms.
 *
 * Over N = 4,000 root requests (one seed) the share of slow ones has a binomial standard error
 * of √(p(1 − p)/N) = √(0.634 · 0.366 / 4000) ≈ 0.0076; pooled over seeds 1-3 (N ≈ 12,000),
 * ≈ 0.0044, and the tolerance, 0.02, is about 4.5 standard errors. Hedging each leaf call after 10 ms (the paper's hedged requests) leaves a call slow only
 * when both its attempts are: 1 − (1 − 0.01²)^100 ≈ 1.0% of roots (standard error 0.0016; the
 * tolerance is 4 of them), and the 63% that had a slow leaf now take 12 ms.
 * Waiting for 95 of the 100 leaves is slow only when 6 or more are: P(Bin(100, 0.01) ≥ 6) ≈ 0.05%.
 */
import { describe, expect, it } from 'vitest';
import type { DownstreamCall, ParallelStep } from '../../src/model/config.ts';
import { NullObserver, type ModelObserver } from '../../src/model/observer.ts';
import { buildModel } from '../../src/model/build.ts';
import { runScenario } from '../../src/run.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import type { HedgeSpec } from '../../src/strategies/config.ts';
import { NO_RETRY } from '../../src/strategies/config.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';

const LEAVES = 100;
const REQUESTS = 4000;
const RATE = 40;
const SLOW = 0.05;
const P_SLOW_LEAF = 0.01;

function tailWorld(quorum: number, hedge: HedgeSpec | null, seed = 1): Scenario {
  const leaf: DownstreamCall = { service: 'leaf', timeout: null, retry: NO_RETRY, circuitBreaker: null, hedge, throttle: null };
  const step: ParallelStep = { parallel: [{ ...leaf, count: LEAVES }], quorum };
  return scenario({
    services: [
      service('root', 100, { dist: 'constant', value: 0.001 }, { calls: [step] }),
      service('leaf', 2000, {
        dist: 'mixture',
        of: [{ weight: 1 - P_SLOW_LEAF, value: { dist: 'constant', value: 0.001 } }, { weight: P_SLOW_LEAF, value: { dist: 'constant', value: 0.1 } }],
      }),
    ],
    clients: [openClient('web', 'root', RATE)],
    duration: REQUESTS / RATE,
    window: 10,
    seed,
  });
}

/** Latencies of the root requests that succeeded, in seconds. */
function latencies(s: Scenario): number[] {
  const seen: number[] = [];
  const observer: ModelObserver = Object.assign(new NullObserver(), {
    requestEnded: (_c: number, startedAt: number, t: number, _a: number, reason: unknown) => {
      if (reason === null) seen.push(t - startedAt);
    },
  });
  const model = buildModel(s, observer);
  model.start();
  model.sim.run();
  return seen;
}

const slowShare = (xs: number[]): number => xs.filter((x) => x > SLOW).length / xs.length;
const standardError = (p: number, n: number): number => Math.sqrt((p * (1 - p)) / n);

describe('the tail at scale', () => {
  const expected = 1 - (1 - P_SLOW_LEAF) ** LEAVES;

  it('a fan-out of 100 waiting for all is slow when any leaf is: 1 − 0.99^100 ≈ 63%', () => {
    const xs = [1, 2, 3].flatMap((seed) => latencies(tailWorld(LEAVES, null, seed)));
    expect(xs.length).toBeGreaterThan(3 * REQUESTS * 0.9);
    expect(expected).toBeCloseTo(0.634, 3);
    expect(standardError(expected, xs.length)).toBeLessThan(0.0045);
    // Measured: 0.6495, 0.6474 and 0.6197 on seeds 1-3, pooled 0.6390.
    expect(Math.abs(slowShare(xs) - expected)).toBeLessThan(0.02);
    // Nothing queues: a root takes 2 ms or 101 ms.
    expect(Math.max(...xs)).toBeLessThan(0.102);
  });

  it('hedging the leaf calls after 10 ms cuts the slow share to ≈ 1%, and the p90 from 101 ms to 12 ms', () => {
    const hedge: HedgeSpec = { after: 0.01, maxExtra: 1, cancelLosers: true };
    const hedged = latencies(tailWorld(LEAVES, hedge));
    const expectedHedged = 1 - (1 - P_SLOW_LEAF ** 2) ** LEAVES;
    expect(expectedHedged).toBeCloseTo(0.00995, 5);
    expect(Math.abs(slowShare(hedged) - expectedHedged)).toBeLessThan(4 * standardError(expectedHedged, hedged.length));
    const plain = runScenario(tailWorld(LEAVES, null)).summary.clients.web.latency;
    const cut = runScenario(tailWorld(LEAVES, hedge)).summary.clients.web.latency;
    expect(plain.p50).toBeGreaterThan(0.1);
    expect(plain.mean).toBeGreaterThan(0.06);
    // The 63% with a slow leaf now wait for its hedge: 10 ms + 1 ms + the root's 1 ms.
    expect(cut.p50).toBeLessThan(0.013);
    expect(cut.p90).toBeLessThan(0.013);
    expect(cut.mean).toBeLessThan(0.011);
  });

  it('hedging twice moves the p99 too (with one hedge ≈ 1.0% of roots stay slow, at the p99 itself)', () => {
    const twice = runScenario(tailWorld(LEAVES, { after: 0.01, maxExtra: 2, cancelLosers: true })).summary.clients.web.latency;
    expect(twice.p99).toBeLessThan(0.025);
    expect(twice.max).toBeLessThan(0.025);
  });

  it('waiting for 95 of the 100 leaves (a quorum) is slow only when 6 or more are', () => {
    const xs = latencies(tailWorld(95, null));
    expect(slowShare(xs)).toBeLessThan(0.003);
  });
});
