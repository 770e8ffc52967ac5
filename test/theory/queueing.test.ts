/**
 * Queueing theory as the oracle. Each case pools several seeds (each run leaves out its first 5%
 * as warm-up) so that the standard error of the pooled mean sojourn is about 0.5–0.6%: the 2%
 * tolerance is then more than three standard errors. (Measured: one 200,000-request M/M/1 run at
 * ρ = 0.5 has a standard error near 1.3%; at ρ = 0.9, a 2,000,000-request run has about the same.)
 */
import { describe, expect, it } from 'vitest';
import type { DistributionSpec } from '../../src/engine/distribution.ts';
import { runScenario, type RunResult } from '../../src/run.ts';
import { queueingScenario } from '../support/scenarios.ts';

const MEAN_SERVICE = 0.01;
const exponential: DistributionSpec = { dist: 'exponential', mean: MEAN_SERVICE };
const deterministic: DistributionSpec = { dist: 'constant', value: MEAN_SERVICE };

/** Erlang C: the probability that an arrival waits in M/M/c with offered load a = λ/μ. */
export function erlangC(c: number, a: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const waiting = (term * (a / c)) / (1 - a / c);
  return waiting / (sum + waiting);
}

/** Mean sojourn (wait + service) of M/M/c: C(c, a) / (cμ − λ) + 1/μ. */
function mmcSojourn(c: number, rho: number): number {
  const mu = 1 / MEAN_SERVICE;
  return erlangC(c, c * rho) / (c * mu - c * rho * mu) + 1 / mu;
}

/** M/D/1 by Pollaczek–Khinchine: W = 1/μ + ρ / (2μ(1 − ρ)). */
function md1Sojourn(rho: number): number {
  const mu = 1 / MEAN_SERVICE;
  return 1 / mu + rho / (2 * mu * (1 - rho));
}

interface Pooled {
  sojourn: number;
  utilization: number;
  requests: number;
  runs: RunResult[];
}

function pooled(c: number, rho: number, service: DistributionSpec, requestsPerSeed: number, seeds: number): Pooled {
  const runs = Array.from({ length: seeds }, (_, i) => runScenario(queueingScenario(c, rho, service, MEAN_SERVICE, requestsPerSeed, i + 1)));
  const avg = (f: (r: RunResult) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
  return {
    sojourn: avg((r) => r.summary.clients.load.latency.mean as number),
    utilization: avg((r) => r.summary.services.server.utilization),
    requests: runs.reduce((s, r) => s + r.summary.clients.load.requests, 0),
    runs,
  };
}

const relativeError = (observed: number, expected: number) => Math.abs(observed / expected - 1);

describe('mean sojourn against queueing theory (2% tolerance)', () => {
  const cases = [
    { name: 'M/M/1, ρ = 0.5', c: 1, rho: 0.5, service: exponential, perSeed: 400_000, seeds: 4, theory: mmcSojourn(1, 0.5) },
    { name: 'M/M/1, ρ = 0.9', c: 1, rho: 0.9, service: exponential, perSeed: 2_000_000, seeds: 5, theory: mmcSojourn(1, 0.9) },
    { name: 'M/M/4, ρ = 0.8 (Erlang C)', c: 4, rho: 0.8, service: exponential, perSeed: 500_000, seeds: 4, theory: mmcSojourn(4, 0.8) },
    { name: 'M/M/16, ρ = 0.8 (Erlang C)', c: 16, rho: 0.8, service: exponential, perSeed: 400_000, seeds: 4, theory: mmcSojourn(16, 0.8) },
    { name: 'M/D/1, ρ = 0.8 (Pollaczek–Khinchine)', c: 1, rho: 0.8, service: deterministic, perSeed: 400_000, seeds: 4, theory: md1Sojourn(0.8) },
  ];
  for (const k of cases) {
    it(`${k.name}: W = ${(k.theory * 1000).toFixed(3)} ms`, () => {
      const p = pooled(k.c, k.rho, k.service, k.perSeed, k.seeds);
      expect(p.requests).toBeGreaterThanOrEqual(200_000);
      expect(relativeError(p.sojourn, k.theory)).toBeLessThan(0.02);
      expect(relativeError(p.utilization, k.rho)).toBeLessThan(0.01);
    });
  }

  it('Erlang C matches known values', () => {
    // c = 2, a = 1: (a²/2! · c/(c − a)) / (1 + a + a²/2! · c/(c − a)) = 1 / 3. With c = 1, C = ρ.
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12);
  });
});

describe("Little's law and conservation", () => {
  it('L = λW: time-average number in system equals arrival rate × mean sojourn (M/M/4, ρ = 0.8, within 2%)', () => {
    const s = queueingScenario(4, 0.8, exponential, MEAN_SERVICE, 1_000_000, 11);
    const r = runScenario(s);
    const rows = r.series.filter((row) => row.entity === 'services.server' && (row.t_s as number) >= s.warmup && (row.t_s as number) + s.window <= s.duration);
    const inSystem = rows.reduce((sum, row) => sum + (row.queue_len as number) + 4 * (row.utilization as number), 0) / rows.length;
    const lambda = rows.reduce((sum, row) => sum + (row.offered_per_s as number), 0) / rows.length;
    const w = r.summary.services.server.sojourn.mean as number;
    expect(relativeError(inSystem, lambda * w)).toBeLessThan(0.02);
  });
});

describe('conservation under faults, timeouts, retries and downstream calls', () => {
  it('every request ends exactly once; every attempt at a service is completed, rejected or failed', async () => {
    const { scenario, service, openClient, NO_STRATEGIES } = await import('../support/scenarios.ts');
    const retry = { maxAttempts: 3, retryOn: ['timeout', 'rejected', 'error'] as ('timeout' | 'rejected' | 'error')[], backoff: { kind: 'constant' as const, delay: 0.01 }, budget: null };
    const s = scenario({
      services: [
        service('api', 8, exponential, { queue: { capacity: 50, discipline: 'lifo' }, calls: [{ ...NO_STRATEGIES, service: 'db', timeout: 0.05, retry }] }),
        service('db', 4, { dist: 'lognormal', median: 0.004, p99: 0.05 }, { queue: { capacity: 20, discipline: 'fifo' } }),
      ],
      clients: [openClient('web', 'api', 500, { timeout: 0.2, retry })],
      duration: 60,
      faults: [
        { kind: 'slowdown', service: 'db', factor: 3, at: 10, for: 10 },
        { kind: 'error_rate', service: 'api', rate: 0.2, latency: 0.002, at: 25, for: 5 },
        { kind: 'workers', service: 'api', count: 2, factor: null, at: 35, for: 5 },
        { kind: 'outage', service: 'db', at: 45, for: 2 },
        { kind: 'latency', service: 'db', add: 0.03, at: 50, for: 5 },
        { kind: 'load_spike', client: 'web', factor: 3, at: 55, for: 2 },
      ],
    });
    const r = runScenario(s);
    const web = r.summary.clients.web;
    expect(web.requests).toBeGreaterThan(25_000);
    expect(web.succeeded + web.failed).toBe(web.requests);
    expect(Object.values(web.failures).reduce((a, b) => a + b, 0)).toBe(web.failed);
    expect(web.failures.timeout).toBeGreaterThan(0);
    expect(web.failures.error).toBeGreaterThan(0);
    for (const svc of Object.values(r.summary.services)) {
      expect(svc.completed + svc.rejected + svc.errors + svc.shed).toBe(svc.arrivals);
    }
    const offered = r.series.filter((row) => row.entity === 'clients.web').reduce((sum, row) => sum + (row.offered_per_s as number) * s.window, 0);
    expect(offered).toBe(web.requests);
  });
});
