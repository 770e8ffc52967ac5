/** Keeps summary.json, metric paths and the contract in step, on a run with every entity kind. */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { metricValue } from '../../src/scenario/evaluate.ts';
import { metricPaths } from '../../src/scenario/metric-paths.ts';
import { NO_STRATEGIES, openClient, scenario, service } from '../support/scenarios.ts';

describe('summary.json shape', () => {
  const s = scenario({
    services: [service('api', 2, { dist: 'exponential', mean: 0.01 }, { calls: [{ ...NO_STRATEGIES, service: 'db', timeout: 0.1, retry: { maxAttempts: 2, retryOn: ['timeout'], backoff: { kind: 'none' }, budget: null } }] }), service('db', 2, { dist: 'constant', value: 0.002 })],
    clients: [openClient('web', 'api', 50)],
    duration: 30,
    warmup: 5,
    faults: [{ kind: 'slowdown', service: 'db', factor: 2, at: 10, for: 5 }],
  });
  const summary = runScenario(s).summary;

  it('has a value at every metric path an assertion may name (a pool\'s reason only with a pool)', () => {
    for (const path of metricPaths(['web'], ['api', 'db']).keys()) {
      if (path.endsWith('.failures.pool_exhausted')) expect(metricValue(summary, path), path).toBeUndefined();
      else expect(metricValue(summary, path), path).not.toBeUndefined();
    }
    const pooled = runScenario({ ...s, clients: s.clients.map((c) => ({ ...c, pool: { max: 5, acquireTimeout: 0 } })) }).summary;
    for (const path of metricPaths(['web'], ['api', 'db']).keys()) expect(metricValue(pooled, path), path).not.toBeUndefined();
  });

  it('a service with replicas has `imbalance` too', () => {
    const replicated = runScenario({ ...s, services: s.services.map((v) => ({ ...v, replicas: 2 })) }).summary;
    for (const path of metricPaths(['web'], ['api', 'db'], { replicated: ['api', 'db'] }).keys()) {
      if (!path.endsWith('.failures.pool_exhausted')) expect(metricValue(replicated, path), path).not.toBeUndefined();
    }
  });

  it('has every field the contract names, in a fixed order', () => {
    expect(Object.keys(summary)).toEqual(['scenario', 'seed', 'duration_s', 'warmup_s', 'clients', 'services', 'metastability', 'assertions']);
    expect(Object.keys(summary.clients.web)).toEqual(['requests', 'attempts', 'amplification', 'succeeded', 'failed', 'failures', 'goodput_ratio', 'goodput_per_s', 'peak_attempts_per_s', 'latency']);
    expect(Object.keys(summary.clients.web.latency)).toEqual(['mean', 'p50', 'p90', 'p99', 'p999', 'max']);
    expect(Object.keys(summary.services.api)).toEqual(['arrivals', 'completed', 'rejected', 'shed', 'errors', 'utilization', 'wasted_fraction', 'peak_arrivals_per_s', 'sojourn', 'capacity']);
    expect(Object.keys(summary.services.api.capacity)).toEqual(['estimated_per_s', 'offered_per_s', 'utilization']);
    expect(Object.keys(summary.services.api.sojourn)).toEqual(['mean', 'p50', 'p99']);
    expect(Object.keys(summary.metastability)).toEqual([
      'baseline_goodput_per_s', 'recovered', 'recovery_time_s', 'metastable', 'no_verdict', 'outcome', 'still_recovering',
      'projected_recovery_s', 'late_recovery_time_s', 'baseline_offered_per_s', 'evidence', 'saturation', 'backlog',
    ]);
    expect(Object.keys(summary.metastability.backlog)).toEqual(['baseline', 'final', 'trend_per_s']);
    expect(summary).toMatchObject({ scenario: 'test', seed: 1, duration_s: 30, warmup_s: 5 });
  });

  it('counts downstream attempts at the callee: one db attempt or more per api job', () => {
    expect(summary.services.db.arrivals).toBeGreaterThanOrEqual(summary.services.api.completed);
  });
});
