/**
 * Replicas and their balancer: each policy's picks worked out by hand on stand-in replicas, and
 * whole runs whose per-replica counts follow from the arrivals.
 */
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/engine/random.ts';
import type { Attempt } from '../../src/model/attempt.ts';
import { Balancer, type Replica } from '../../src/model/balancer.ts';
import type { BalancePolicy } from '../../src/model/config.ts';
import type { AbandonCause } from '../../src/model/request.ts';
import { runScenario } from '../../src/run.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';

class StandIn implements Replica {
  outstanding = 0;
  arrived = 0;
  abandoned: AbandonCause[] = [];
  arrive(): void {
    this.arrived++;
  }
  abandon(_attempt: Attempt, cause: AbandonCause): void {
    this.abandoned.push(cause);
  }
}

function balancer(policy: BalancePolicy, n: number, weights: number[] | null = null) {
  const replicas = Array.from({ length: n }, () => new StandIn());
  const b = new Balancer(replicas, policy, weights, new RandomStream(1, 'test'));
  /** The replica each of `count` attempts goes to. */
  const picks = (count: number): number[] =>
    Array.from({ length: count }, () => {
      const before = replicas.map((r) => r.arrived);
      b.arrive({} as Attempt);
      return replicas.findIndex((r, i) => r.arrived > before[i]);
    });
  return { b, replicas, picks };
}

describe('balancing policies', () => {
  it('round robin takes each replica in turn', () => {
    expect(balancer('round_robin', 3).picks(7)).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it('weighted round robin spreads a heavy replica\'s turns out (nginx\'s smooth sequence for 5, 1, 1: a a b a c a a)', () => {
    expect(balancer('round_robin', 3, [5, 1, 1]).picks(14)).toEqual([0, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 2, 0, 0]);
  });

  it('weighted random sends in proportion to the weights (within 5 standard deviations over 40,000 picks)', () => {
    const { picks } = balancer('random', 3, [2, 1, 1]);
    const counts = [0, 0, 0];
    for (const i of picks(40_000)) counts[i]++;
    // Binomial standard deviation at p = 0.5: 100 picks; at 0.25: 87.
    expect(Math.abs(counts[0] - 20_000)).toBeLessThan(500);
    expect(Math.abs(counts[1] - 10_000)).toBeLessThan(433);
  });

  it('least outstanding takes the least loaded, weights dividing the load, and draws among ties', () => {
    const { replicas, picks } = balancer('least_outstanding', 3);
    replicas[0].outstanding = 4;
    replicas[1].outstanding = 1;
    replicas[2].outstanding = 2;
    expect(picks(3)).toEqual([1, 1, 1]);
    replicas[1].outstanding = 2;
    const tied = picks(2_000);
    expect(tied.filter((i) => i === 0)).toHaveLength(0);
    // Ties between 1 and 2 go either way, about evenly.
    expect(Math.abs(tied.filter((i) => i === 1).length - 1_000)).toBeLessThan(150);
    const weighted = balancer('least_outstanding', 2, [4, 1]);
    weighted.replicas[0].outstanding = 7; // 7/4 < 2/1
    weighted.replicas[1].outstanding = 2;
    expect(weighted.picks(1)).toEqual([0]);
  });

  it('power of two compares two distinct replicas: the most loaded is never taken, the least loaded only when drawn', () => {
    const { replicas, picks } = balancer('power_of_two', 4);
    replicas.forEach((r, i) => (r.outstanding = i));
    const counts = [0, 0, 0, 0];
    for (const i of picks(12_000)) counts[i]++;
    expect(counts[3]).toBe(0);
    // Replica i wins when drawn with a more loaded one: P = 2(n − 1 − i) / (n(n − 1)) = 1/2, 1/3, 1/6.
    expect(Math.abs(counts[0] - 6_000)).toBeLessThan(300);
    expect(Math.abs(counts[1] - 4_000)).toBeLessThan(300);
    expect(Math.abs(counts[2] - 2_000)).toBeLessThan(300);
  });

  it('an abandoned attempt goes to the replica holding it, and nowhere when none does', () => {
    const { b, replicas } = balancer('round_robin', 2);
    b.abandon({ holder: replicas[1] } as unknown as Attempt, 'timeout');
    b.abandon({ holder: null } as unknown as Attempt, 'timeout');
    expect(replicas[0].abandoned).toEqual([]);
    expect(replicas[1].abandoned).toEqual(['timeout']);
  });
});

describe('replicas in a run', () => {
  const evenly = (rate: number) => ({ kind: 'open' as const, rate, process: 'uniform' as const, schedule: [] });

  it('round robin over 3 replicas: each gets a third of the arrivals; the service is their sum', () => {
    const s = scenario({
      services: [service('api', 1, { dist: 'constant', value: 0.05 }, { replicas: 3 })],
      clients: [openClient('web', 'api', 30, { arrival: evenly(30) })],
      duration: 10,
    });
    const { summary } = runScenario(s);
    const api = summary.services.api;
    expect(api.replicas?.map((r) => r.arrivals)).toEqual([100, 100, 100]);
    expect(api.arrivals).toBe(300);
    // Each replica serves one attempt of 50 ms every 100 ms: utilization one half, less what runs
    // past the end of the run (the last replica's last job, from 9.967 s: 0.5 − 0.05/10 at most);
    // the service's is their mean (equal workers).
    const utilizations = (api.replicas ?? []).map((r) => r.utilization);
    for (const u of utilizations) expect(u).toBeGreaterThanOrEqual(0.495);
    for (const u of utilizations) expect(u).toBeLessThanOrEqual(0.5);
    expect(api.utilization).toBeCloseTo(utilizations.reduce((a, b) => a + b) / 3, 5);
    expect(api.imbalance).toBeCloseTo(1, 2);
    expect(api.capacity.estimated_per_s).toBe(60);
  });

  it('a fault on some replicas hits only them: an outage of replica 0 of 2 fails every other request', () => {
    const s = scenario({
      services: [service('api', 1, { dist: 'constant', value: 0.01 }, { replicas: 2 })],
      clients: [openClient('web', 'api', 10, { arrival: evenly(10) })],
      duration: 10,
      faults: [{ kind: 'outage', service: 'api', replicas: [0], at: 0, for: 10 }],
    });
    const { summary } = runScenario(s);
    expect(summary.services.api.replicas?.map((r) => [r.arrivals, r.errors, r.completed])).toEqual([[50, 50, 0], [50, 0, 50]]);
    expect(summary.clients.web.failures.error).toBe(50);
    expect(summary.services.api.imbalance).toBe(2);
  });

  it('a scenario without replicas has no replica keys and no replica rows', () => {
    const s = scenario({
      services: [service('api', 1, { dist: 'constant', value: 0.01 })],
      clients: [openClient('web', 'api', 10, { arrival: evenly(10) })],
      duration: 5,
    });
    const { summary, series } = runScenario(s);
    expect(Object.keys(summary.services.api)).not.toContain('replicas');
    expect(Object.keys(summary.services.api)).not.toContain('imbalance');
    expect(series.some((row) => row.entity.includes('replicas'))).toBe(false);
  });
});
