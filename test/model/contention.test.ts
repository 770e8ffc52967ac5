/**
 * Tiny worlds of contention (docs/contention.md), read from the event log: a job's stretch is
 * fixed when it starts, from the jobs at their own work then (itself included); a job waiting on
 * a downstream call is not counted, nor is one cancelled at work; replicas count their own. And
 * the loader: `contention` is absent from a service without the key.
 */
import { describe, expect, it } from 'vitest';
import type { ArrivalConfig, ContentionConfig, ServiceConfig } from '../../src/model/config.ts';
import { estimateCapacities } from '../../src/model/capacity.ts';
import { runScenario } from '../../src/run.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { NO_RETRY } from '../../src/strategies/config.ts';
import { eventLog } from '../support/log-observer.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';

const LINEAR: ContentionConfig = { kind: 'linear', perAttempt: 0.01 };
const burst = (count: number, every = 1): ArrivalConfig => ({ kind: 'periodic', every, count, jitter: 0, phase: 0 });
const constant = (value: number) => ({ dist: 'constant' as const, value });

function stretches(services: ServiceConfig[], arrival: ArrivalConfig, duration: number, extra = {}): string[] {
  const log = eventLog(scenario({ services, clients: [openClient('c', 'api', 0, { arrival, ...extra })], duration }));
  return log.filter((line) => line.includes('stretched'));
}

describe('contention', () => {
  it('linear: each job started takes its sample plus per_attempt × the jobs at work, itself included', () => {
    expect(stretches([service('api', 5, constant(0.1), { contention: LINEAR })], burst(3), 1)).toEqual([
      '0.00 s0 work 0.100 stretched to 0.110',
      '0.00 s0 work 0.100 stretched to 0.120',
      '0.00 s0 work 0.100 stretched to 0.130',
    ]);
  });

  it('usl: the sample is multiplied by 1 + σ(N − 1) + κN(N − 1)', () => {
    const usl: ContentionConfig = { kind: 'usl', sigma: 0.1, kappa: 0.05 };
    expect(stretches([service('api', 5, constant(0.1), { contention: usl })], burst(3), 1)).toEqual([
      '0.00 s0 work 0.100 stretched to 0.100',
      '0.00 s0 work 0.100 stretched to 0.120', // 1 + 0.1 + 0.05 × 2
      '0.00 s0 work 0.100 stretched to 0.150', // 1 + 0.2 + 0.05 × 6
    ]);
  });

  it('a job that finished its work leaves the count; the stretch of one at work is not changed by later starts', () => {
    // Jobs at 0 and 0.2 s: the first (110 ms) is over when the second starts.
    expect(stretches([service('api', 5, constant(0.1), { contention: LINEAR })], burst(1, 0.2), 0.3)).toEqual([
      '0.00 s0 work 0.100 stretched to 0.110',
      '0.20 s0 work 0.100 stretched to 0.110',
    ]);
    const log = eventLog(scenario({
      services: [service('api', 5, constant(0.1), { contention: LINEAR })],
      clients: [openClient('c', 'api', 0, { arrival: { kind: 'periodic', every: 0.05, count: 1, jitter: 0, phase: 0 } })],
      duration: 0.06,
    }));
    // The first job keeps its 110 ms although a second started at 50 ms (that one takes 120 ms).
    expect(log.filter((l) => l.includes('job ok'))).toEqual(['0.11 s0 job ok (arrived 0.00, started 0.00)', '0.17 s0 job ok (arrived 0.05, started 0.05)']);
  });

  it('a worker waiting on a downstream call is not at work: it holds a thread, not the contended resource', () => {
    // api's first job works 0-110 ms, then waits on db until 310 ms; the second starts at 200 ms, alone at work.
    const services = [
      service('api', 5, constant(0.1), { contention: LINEAR, calls: [{ service: 'db', timeout: null, retry: NO_RETRY, circuitBreaker: null, hedge: null, throttle: null }] }),
      service('db', 5, constant(0.2)),
    ];
    expect(stretches(services, burst(1, 0.2), 0.3)).toEqual([
      '0.00 s0 work 0.100 stretched to 0.110',
      '0.20 s0 work 0.100 stretched to 0.110',
    ]);
  });

  it('a job cancelled at work (cancel_on_timeout) leaves the count', () => {
    const api = service('api', 5, constant(0.1), { contention: LINEAR, cancelOnTimeout: true });
    // Both jobs of the burst at 0 are cancelled at 50 ms; the burst at 1 s finds none at work.
    expect(stretches([api], burst(2), 2, { timeout: 0.05 })).toEqual([
      '0.00 s0 work 0.100 stretched to 0.110',
      '0.00 s0 work 0.100 stretched to 0.120',
      '1.00 s0 work 0.100 stretched to 0.110',
      '1.00 s0 work 0.100 stretched to 0.120',
    ]);
  });

  it('each replica counts its own jobs at work', () => {
    const api = service('api', 5, constant(0.1), { contention: LINEAR, replicas: 2 });
    // Round robin: jobs 1 and 3 on replica 0, 2 and 4 on replica 1.
    expect(stretches([api], burst(4), 1)).toEqual([
      '0.00 s0 work 0.100 stretched to 0.110',
      '0.00 s0 work 0.100 stretched to 0.110',
      '0.00 s0 work 0.100 stretched to 0.120',
      '0.00 s0 work 0.100 stretched to 0.120',
    ]);
  });

  it('the stretch column is the stretched over the sampled time of the work started in the window, only with contention', () => {
    const run = (contention?: ContentionConfig) => runScenario(scenario({
      services: [service('api', 5, constant(0.1), contention === undefined ? {} : { contention })],
      clients: [openClient('c', 'api', 0, { arrival: burst(3, 2) })],
      duration: 3,
    }));
    // Bursts of 3 at 0 s and 2 s: (0.11 + 0.12 + 0.13) / 0.3; none started in [1, 2).
    const rows = run(LINEAR).series.filter((r) => r.entity === 'services.api');
    expect(rows.map((r) => r.stretch)).toEqual([expect.closeTo(1.2, 12), null, expect.closeTo(1.2, 12)]);
    expect(run().series.every((r) => r.stretch === undefined)).toBe(true);
  });

  it('the capacity estimate is the best over how many workers are at work, per replica', () => {
    const exp = { dist: 'exponential' as const, mean: 0.1 };
    const linear = service('api', 2000, exp, { contention: { kind: 'linear', perAttempt: 0.0012 } });
    // Linear peaks with every worker at work: 2000 / (0.1 + 2.4) s.
    expect(estimateCapacities({ services: [linear] })[0].perSecond).toBeCloseTo(800, 9);
    // USL with σ = 0.05, κ = 0.001 peaks at N = 31 of 100 workers: X(31) / E[S], twice with two replicas.
    const usl = service('api', 100, exp, { contention: { kind: 'usl', sigma: 0.05, kappa: 0.001 }, replicas: 2 });
    const X = (n: number) => n / (1 + 0.05 * (n - 1) + 0.001 * n * (n - 1));
    expect(estimateCapacities({ services: [usl] })[0].perSecond).toBeCloseTo((2 * X(31)) / 0.1, 9);
  });

  it('loads as absent when not given, and with its keys when given', () => {
    const text = (extra: string) => `name: c
duration: 10s
services: { api: { workers: 10, service_time: 1ms${extra} } }
clients: { web: { target: api, arrival: { kind: open, rate: 1/s } } }
`;
    const plain = loadScenario(text(''), 'c.yaml');
    const linear = loadScenario(text(', contention: { kind: linear, per_attempt: 10ms }'), 'c.yaml');
    const usl = loadScenario(text(', contention: { kind: usl, sigma: 5% }'), 'c.yaml');
    expect(plain.ok && linear.ok && usl.ok).toBe(true);
    if (!plain.ok || !linear.ok || !usl.ok) return;
    expect(plain.scenario.services[0]).not.toHaveProperty('contention');
    expect(linear.scenario.services[0].contention).toEqual({ kind: 'linear', perAttempt: 0.01 });
    expect(usl.scenario.services[0].contention).toEqual({ kind: 'usl', sigma: 0.05, kappa: 0 });
  });
});
