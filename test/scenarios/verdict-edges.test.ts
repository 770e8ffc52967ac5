/**
 * The verdict's edges on whole runs of bundled scenarios, not hand-made series: a bounded queue
 * pinned at its bound, a client that throttles itself to zero while the service sits idle, and
 * a load that changes after the fault (test/metrics/metastability.test.ts has the rules).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { bundled } from '../support/bundled.ts';

describe('the verdict on whole runs', () => {
  it('a storm whose queue is pinned at its bound is metastable: the service is saturated, nothing drains', () => {
    const storm = bundled('retry-storm.yaml');
    storm.services[0].queue = { capacity: 1000, discipline: 'fifo' };
    const m = runScenario(storm).summary.metastability;
    expect(m).toMatchObject({ outcome: 'metastable', evidence: 'overloaded', saturation: { service: 'api' } });
    expect(m.backlog.final).toBeGreaterThan(1000);
    expect(Math.abs(m.backlog.trend_per_s ?? Infinity)).toBeLessThan(5);
  });

  it('a client throttled to zero while its service sits idle is metastable, held back by the client', () => {
    const m = runScenario(bundled('strategies/adaptive-throttle.yaml')).summary.metastability;
    expect(m).toMatchObject({ outcome: 'metastable', evidence: 'held_back', saturation: null });
    expect(m.backlog.final).toBeLessThan(1);
  });

  it('a rate lowered after the fault and served in full is recovered, not held back', () => {
    const s = bundled('no-retry.yaml');
    const client = s.clients[0];
    if (client.arrival.kind !== 'open') throw new Error('no-retry.yaml has an open client');
    client.arrival.schedule = [{ at: 100, rate: 400 }];
    expect(runScenario(s).summary.metastability).toMatchObject({ outcome: 'recovered', recovery_time_s: 13 });
  });
});
