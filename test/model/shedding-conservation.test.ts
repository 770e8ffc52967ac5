/**
 * Conservation under every shedding policy, with and without cancellation: in a busy two-tier
 * world with timeouts, retries, hedges that cancel their losers, and faults, every attempt
 * that reaches a service is completed, rejected, shed or errored exactly once, and every
 * request ends exactly once.
 */
import { describe, expect, it } from 'vitest';
import type { DistributionSpec } from '../../src/engine/distribution.ts';
import { runScenario } from '../../src/run.ts';
import type { RetrySpec, SheddingSpec } from '../../src/strategies/config.ts';
import { NO_STRATEGIES, openClient, scenario, service } from '../support/scenarios.ts';

const exponential: DistributionSpec = { dist: 'exponential', mean: 0.01 };
const retry: RetrySpec = { maxAttempts: 3, retryOn: ['timeout', 'rejected', 'error'], backoff: { kind: 'constant', delay: 0.01 }, budget: null };

const POLICIES: (SheddingSpec | null)[] = [
  null,
  { kind: 'deadline' },
  { kind: 'codel', target: 0.005, interval: 0.1 },
  { kind: 'adaptive_lifo', threshold: 0.05 },
  { kind: 'concurrency_limit', algorithm: 'aimd', initial: 20, min: 1, max: 1000, backoffRatio: 0.9, timeout: 0.1 },
  { kind: 'concurrency_limit', algorithm: 'gradient', initial: 20, min: 1, max: 1000, backoffRatio: 0.9, timeout: null },
];

function busyWorld(shedding: SheddingSpec | null, cancelOnTimeout: boolean) {
  return scenario({
    services: [
      service('api', 8, exponential, {
        shedding,
        cancelOnTimeout,
        queue: { capacity: 50, discipline: 'lifo' },
        calls: [{ ...NO_STRATEGIES, service: 'db', timeout: 0.05, retry }],
      }),
      service('db', 4, { dist: 'lognormal', median: 0.004, p99: 0.05 }, { shedding, cancelOnTimeout, queue: { capacity: 20, discipline: 'fifo' } }),
    ],
    clients: [
      openClient('web', 'api', 450, { timeout: 0.2, retry }),
      openClient('mobile', 'api', 50, { timeout: 0.3, retry, hedge: { after: 0.05, maxExtra: 1, cancelLosers: true } }),
    ],
    duration: 40,
    faults: [
      { kind: 'slowdown', service: 'db', factor: 3, at: 5, for: 10 },
      { kind: 'error_rate', service: 'api', rate: 0.2, latency: 0.002, at: 18, for: 4 },
      { kind: 'workers', service: 'api', count: 2, factor: null, at: 24, for: 4 },
      { kind: 'outage', service: 'db', at: 30, for: 2 },
      { kind: 'latency', service: 'db', add: 0.03, at: 33, for: 3 },
      { kind: 'load_spike', client: 'web', factor: 3, at: 36, for: 2 },
    ],
  });
}

describe('conservation under shedding and cancellation', () => {
  const baseline = JSON.stringify(runScenario(busyWorld(null, false)).summary.services);

  for (const shedding of POLICIES) {
    for (const cancelOnTimeout of [false, true]) {
      const name = `${shedding === null ? 'no shedding' : shedding.kind + ('algorithm' in shedding ? ` (${shedding.algorithm})` : '')}${cancelOnTimeout ? ', cancel on timeout' : ''}`;
      it(name, () => {
        const r = runScenario(busyWorld(shedding, cancelOnTimeout));
        for (const client of Object.values(r.summary.clients)) {
          expect(client.requests).toBeGreaterThan(1000);
          expect(client.succeeded + client.failed).toBe(client.requests);
          expect(Object.values(client.failures).reduce((a, b) => a + b, 0)).toBe(client.failed);
        }
        for (const svc of Object.values(r.summary.services)) {
          expect(svc.completed + svc.rejected + svc.errors + svc.shed).toBe(svc.arrivals);
        }
        // Losing hedges are cancelled at api in every configuration; and each policy changes the run.
        expect(r.summary.services.api.shed).toBeGreaterThan(0);
        if (shedding !== null || cancelOnTimeout) expect(JSON.stringify(r.summary.services)).not.toBe(baseline);
        expect(r.summary.clients.web.succeeded).toBeGreaterThan(0);
      });
    }
  }
});
