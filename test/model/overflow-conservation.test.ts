/**
 * Conservation under every queue overflow (docs/back-pressure.md), in the busy two-tier world
 * of shedding-conservation.test.ts (timeouts, retries, hedges that cancel their losers, every
 * kind of fault): every attempt that reaches a service is completed, rejected, shed or errored
 * exactly once (dropped for a newer one: rejected; given up while blocked: shed), and every
 * request ends exactly once. And the same seed gives the same run.
 */
import { describe, expect, it } from 'vitest';
import type { QueueOverflow } from '../../src/model/config.ts';
import { runScenario } from '../../src/run.ts';
import { busyWorld as world, callDb, exponential, lognormalDb } from '../support/busy-world.ts';
import { service } from '../support/scenarios.ts';

/** Bounded queues at both tiers (db's small enough to fill often), and db's workers at 0 for 2 s (a stall with blocked attempts). */
function busyWorld(overflow: QueueOverflow, discipline: 'fifo' | 'lifo', cancelOnTimeout: boolean) {
  return world(
    service('api', 8, exponential, { cancelOnTimeout, queue: { capacity: 50, discipline, overflow }, calls: [callDb] }),
    service('db', 4, lognormalDb, { cancelOnTimeout, queue: { capacity: 5, discipline, overflow } }),
    { kind: 'workers', service: 'db', count: 0, factor: null, at: 24, for: 2 },
  );
}

describe('conservation under every queue overflow', () => {
  for (const overflow of ['drop_oldest', 'block'] as const) {
    for (const discipline of ['fifo', 'lifo'] as const) {
      for (const cancelOnTimeout of [false, true]) {
        it(`${overflow}, ${discipline}${cancelOnTimeout ? ', cancel on timeout' : ''}`, () => {
          const s = busyWorld(overflow, discipline, cancelOnTimeout);
          const r = runScenario(s);
          for (const client of Object.values(r.summary.clients)) {
            expect(client.requests).toBeGreaterThan(1000);
            expect(client.succeeded + client.failed).toBe(client.requests);
          }
          for (const svc of Object.values(r.summary.services)) {
            expect(svc.completed + svc.rejected + svc.errors + svc.shed).toBe(svc.arrivals);
          }
          const db = r.summary.services.db;
          // drop_oldest refuses at db's full queue; block refuses nothing there, and what is
          // given up while blocked is shed.
          if (overflow === 'drop_oldest') expect(db.rejected).toBeGreaterThan(0);
          else expect(db.rejected).toBe(0);
          if (overflow === 'block') expect(db.shed).toBeGreaterThan(0);
          expect(JSON.stringify(runScenario(s).summary)).toBe(JSON.stringify(r.summary));
        });
      }
    }
  }
});
