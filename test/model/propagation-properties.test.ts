/**
 * The properties the constant-work issue asks to show, each from simulated numbers, on a
 * medium world: a table of 1,000 entries, 50 nodes, a period of 1 s (one push every 20 ms, so a
 * 100 ms window holds exactly 5), a sender with 2 workers.
 */
import { describe, expect, it } from 'vitest';
import type { ChangeConfig, PropagationConfig, PropagationFaultConfig } from '../../src/model/config.ts';
import { runScenario, type RunResult } from '../../src/run.ts';
import type { PropagationSummary } from '../../src/metrics/propagation-summary.ts';
import { propagationConfig, propagationScenario, retryOnTimeout } from './propagation-world.ts';

const PERIOD = 1;
const CONSTANT_WORK = { kind: 'constant_work', period: PERIOD } as const;
const WORKFLOW = { kind: 'workflow', retry: retryOnTimeout(3, 0.05), timeout: 0.2 } as const;

function world(strategy: PropagationConfig['strategy'], changes: ChangeConfig[], faults: PropagationFaultConfig[] = []): PropagationConfig {
  return propagationConfig({
    entries: 1000,
    nodes: 50,
    strategy,
    sender: { workers: 2, perEntry: 2e-6, perMessage: 5e-4 },
    receiver: { perEntry: 1e-6, perMessage: 2e-4 },
    changes,
    faults,
  });
}

function run(config: PropagationConfig, seed = 1): RunResult {
  return runScenario(propagationScenario(config, { duration: 30, warmup: 2, window: 0.1, seed }));
}

function summary(r: RunResult): PropagationSummary {
  return r.summary.propagation as PropagationSummary;
}

/** The propagation rows of the windows that start in [from, to). */
function rows(r: RunResult, from: number, to: number) {
  return r.series.filter((row) => row.entity === 'propagation' && (row.t_s as number) >= from - 1e-9 && (row.t_s as number) < to - 1e-9);
}

const steady = (rate: number): ChangeConfig => ({ kind: 'steady', rate, process: 'poisson' });
const mass = (at: number, count: number): ChangeConfig => ({ kind: 'mass', at, count });

describe('constant work', () => {
  const loads: [string, ChangeConfig[]][] = [
    ['no changes', []],
    ['2 changes/s', [steady(2)]],
    ['200 changes/s and a mass change of 800', [steady(200), mass(10, 800)]],
  ];
  const runs = loads.map(([, changes]) => summary(run(world(CONSTANT_WORK, changes))));

  it.each(loads.map(([name], i) => [name, i] as const))('does the same work in every window whatever changes: %s', (_name, i) => {
    const work = runs[i].work_per_s;
    expect(work.max! / work.min!).toBeLessThanOrEqual(1.05);
    // ... and the same as with any other load.
    expect(work.mean! / runs[0].work_per_s.mean!).toBeCloseTo(1, 6);
  });

  it('brings every node every change within two periods', () => {
    for (const s of runs.slice(1)) expect(s.staleness.max!).toBeLessThan(2 * PERIOD);
    expect(runs[2].convergence_s!).toBeLessThan(2 * PERIOD);
    expect(runs[2].never_converged).toBe(0);
  });

  it('repairs a dropped push with the next one, at no extra work', () => {
    // Every push that leaves the sender in [10.2 s, 11.2 s) is lost: exactly one per node.
    const r = run(world(CONSTANT_WORK, [mass(10, 800)], [{ kind: 'drop_updates', fraction: 1, at: 10.2, for: PERIOD }]));
    const s = summary(r);
    expect(s.dropped).toBe(50);
    expect(s.retries).toBe(0);
    expect(rows(r, 11.1, 11.2)[0].stale_entries).toBeGreaterThan(0); // the nodes that lost the mass change...
    expect(rows(r, 12.1, 12.2)[0].stale_entries).toBe(0); // ... have it one period later
    expect(s.never_converged).toBe(0);
    expect(s.work_per_s.max! / s.work_per_s.min!).toBeLessThanOrEqual(1.05);
    expect(s.work_per_s.mean).toBe(runs[0].work_per_s.mean);
  });

  it('does the same work per window when the sender slows down (its utilization rises instead)', () => {
    const slow = summary(run(world(CONSTANT_WORK, [steady(20)], [{ kind: 'slowdown', factor: 3, at: 10, for: 5 }])));
    expect(slow.work_per_s.max! / slow.work_per_s.min!).toBeLessThanOrEqual(1.05);
    expect(slow.work_per_s.mean).toBe(runs[0].work_per_s.mean);
    expect(slow.utilization).toBeGreaterThan(runs[0].utilization);
  });

  it('does less work when nodes are lost, never more', () => {
    const r = run(world(CONSTANT_WORK, [steady(20), mass(10, 800)], [{ kind: 'lose_nodes', count: 10, at: 15 }]));
    const before = rows(r, 2, 15).map((row) => row.work_per_s as number);
    const after = rows(r, 16, 30).map((row) => row.work_per_s as number);
    expect(new Set(before)).toEqual(new Set([before[0]]));
    expect(new Set(after)).toEqual(new Set([before[0] * 0.8])); // 40 of 50 nodes
    expect(summary(r).work_per_s.mean!).toBeLessThan(runs[0].work_per_s.mean!);
    expect(summary(r).never_converged).toBe(0);
  });
});

describe('workflow', () => {
  it('works in proportion to the changes: 10 times the changes, 10 times the work (constant work: the same)', () => {
    const uniform = (rate: number): ChangeConfig => ({ kind: 'steady', rate, process: 'uniform' });
    const work = (strategy: PropagationConfig['strategy'], rate: number) => summary(run(world(strategy, [uniform(rate)]))).work_per_s.mean!;
    expect(work(WORKFLOW, 50) / work(WORKFLOW, 5)).toBeCloseTo(10, 1);
    expect(work(CONSTANT_WORK, 50) / work(CONSTANT_WORK, 5)).toBe(1);
  });

  const withMass = run(world(WORKFLOW, [steady(20), mass(10, 800)]));
  const constant = summary(run(world(CONSTANT_WORK, [steady(20), mass(10, 800)])));

  it('builds a backlog when many things change at once, and works flat out while it drains', () => {
    const s = summary(withMass);
    expect(s.backlog_max).toBeGreaterThan(0.95 * 800 * 50);
    const quiet = rows(withMass, 2, 10).map((row) => row.work_per_s as number);
    const draining = rows(withMass, 10, 12);
    const mean = quiet.reduce((a, b) => a + b, 0) / quiet.length;
    // 20 changes/s to 50 nodes is 1,000 updates/s; draining, the sender runs at its capacity (2 / 0.502 ms).
    expect(mean).toBeGreaterThan(700); // Poisson: about 160 changes in these 8 s
    expect(mean).toBeLessThan(1300);
    for (const row of draining) {
      expect(row.utilization).toBeCloseTo(1, 6);
      expect(row.work_per_s as number).toBeGreaterThan(3.5 * mean);
    }
    expect(constant.backlog_max).toBeLessThan(5);
  });

  it('takes longer to converge than constant work', () => {
    const s = summary(withMass);
    // 40,000 updates at 0.502 ms each on 2 workers: about 10 s.
    expect(s.convergence_s!).toBeGreaterThan(5 * constant.convergence_s!);
    expect(s.staleness.max!).toBeGreaterThan(5 * constant.staleness.max!);
  });

  it('leaves nodes stale when dropped updates run out of retries, and counts them', () => {
    const drops: PropagationFaultConfig[] = [{ kind: 'drop_updates', fraction: 0.2, at: 5, for: 3 }];
    const once = { kind: 'workflow', retry: retryOnTimeout(1), timeout: 0.2 } as const;
    const many = { kind: 'workflow', retry: retryOnTimeout(10, 0.05), timeout: 0.2 } as const;
    const without = run(world(once, [steady(20)], drops));
    const s = summary(without);
    expect(s.dropped).toBeGreaterThan(50);
    // Each lost update is a (change, node) pair left stale, unless a later change of its entry reached the node.
    expect(s.never_converged).toBeGreaterThan(0);
    expect(s.never_converged).toBeLessThanOrEqual(s.dropped);
    expect(s.stale_nodes_at_end).toBeGreaterThan(0);
    expect(s.stale_nodes_at_end).toBeLessThanOrEqual(s.never_converged);
    const last = withoutLast(without);
    expect(last.stale_entries).toBeGreaterThan(0);
    expect(last.staleness_max_s).toBeGreaterThan(20); // the oldest was made before 8 s
    const retried = summary(run(world(many, [steady(20)], drops)));
    expect(retried.retries).toBeGreaterThanOrEqual(retried.dropped);
    expect(retried.never_converged).toBe(0);
  });

  it.each([
    ['token_bucket', { kind: 'token_bucket', maxTokens: 10, tokenRatio: 0.1 }],
    ['ratio', { kind: 'ratio', ratio: 0.1, minPerSecond: 10, ttl: 10 }],
    ['concurrency', { kind: 'concurrency', ratio: 0.2, minConcurrent: 3 }],
  ] as const)('retries lost updates within a %s retry budget (the client budgets, reused)', (_kind, budget) => {
    const drops: PropagationFaultConfig[] = [{ kind: 'drop_updates', fraction: 0.2, at: 5, for: 3 }];
    const unbudgeted = { kind: 'workflow', retry: retryOnTimeout(10, 0.05), timeout: 0.2 } as const;
    const budgeted = { ...unbudgeted, retry: { ...unbudgeted.retry, budget } };
    const free = summary(run(world(unbudgeted, [steady(20)], drops)));
    const limited = summary(run(world(budgeted, [steady(20)], drops)));
    expect(limited.retries).toBeGreaterThan(0);
    expect(limited.retries).toBeLessThanOrEqual(free.retries);
    // A retry the budget refuses is an update given up: it may leave pairs stale.
    expect(limited.never_converged).toBeGreaterThanOrEqual(free.never_converged);
  });

  function withoutLast(r: RunResult) {
    const own = r.series.filter((row) => row.entity === 'propagation');
    return own[own.length - 1];
  }
});
