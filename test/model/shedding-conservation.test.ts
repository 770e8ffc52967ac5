/**
 * Conservation under every shedding policy, with and without cancellation: in a busy two-tier
 * world with timeouts, retries, hedges that cancel their losers, and faults, every attempt
 * that reaches a service is completed, rejected, shed or errored exactly once, and every
 * request ends exactly once.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import type { SheddingSpec } from '../../src/strategies/config.ts';
import { busyWorld as world, callDb, exponential, lognormalDb } from '../support/busy-world.ts';
import { service } from '../support/scenarios.ts';

const POLICIES: (SheddingSpec | null)[] = [
  null,
  { kind: 'deadline' },
  { kind: 'codel', target: 0.005, interval: 0.1 },
  { kind: 'adaptive_lifo', threshold: 0.05 },
  { kind: 'concurrency_limit', algorithm: 'aimd', initial: 20, min: 1, max: 1000, backoffRatio: 0.9, timeout: 0.1 },
  { kind: 'concurrency_limit', algorithm: 'gradient', initial: 20, min: 1, max: 1000, backoffRatio: 0.9, timeout: null },
];

function busyWorld(shedding: SheddingSpec | null, cancelOnTimeout: boolean) {
  return world(
    service('api', 8, exponential, { shedding, cancelOnTimeout, queue: { capacity: 50, discipline: 'lifo' }, calls: [callDb] }),
    service('db', 4, lognormalDb, { shedding, cancelOnTimeout, queue: { capacity: 20, discipline: 'fifo' } }),
    { kind: 'workers', service: 'api', count: 2, factor: null, at: 24, for: 4 },
  );
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
