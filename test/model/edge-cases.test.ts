/** Edge cases found in review: each test reproduces a defect that once existed. */
import { describe, expect, it } from 'vitest';
import { NoProgressError } from '../../src/engine/simulation.ts';
import { runScenario } from '../../src/run.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';

const constant = (value: number) => ({ dist: 'constant' as const, value });

describe('edge cases', () => {
  it('work queued while a workers fault holds the count at 0 is not lost when the fault ends after arrivals stop', () => {
    const s = scenario({
      services: [service('api', 1, constant(0.01))],
      clients: [openClient('web', 'api', 100)],
      duration: 10,
      faults: [{ kind: 'workers', service: 'api', count: 0, factor: null, at: 8, for: 5 }],
    });
    const r = runScenario(s);
    const web = r.summary.clients.web;
    expect(web.succeeded + web.failed).toBe(web.requests);
    expect(r.summary.services.api.completed).toBe(r.summary.services.api.arrivals);
    expect(r.endTime).toBeGreaterThanOrEqual(13);
  });

  it('a rate step after the end of arrivals does not keep an idle run going', () => {
    const s = scenario({
      services: [service('api', 1, constant(0.01))],
      clients: [openClient('web', 'api', 10, { arrival: { kind: 'open', rate: 10, process: 'poisson', schedule: [{ at: 1000, rate: 20 }] } })],
      duration: 10,
    });
    expect(runScenario(s).endTime).toBeLessThan(11);
  });

  it('an outage fails at once, even while an error_rate fault with latency is active', () => {
    const s = scenario({
      services: [service('api', 1, constant(0.01))],
      clients: [openClient('web', 'api', 1, { arrival: { kind: 'open', rate: 1, process: 'uniform', schedule: [] } })],
      duration: 1.5,
      faults: [
        { kind: 'error_rate', service: 'api', rate: 0.001, latency: 0.5, at: 0, for: 10 },
        { kind: 'outage', service: 'api', at: 0, for: 10 },
      ],
    });
    const r = runScenario(s);
    expect(r.summary.clients.web.failures.error).toBe(1);
    expect(r.endTime).toBe(1);
  });

  it('events on a window boundary count in the window the boundary opens, with sub-second windows', () => {
    // One user: think 0.3 s, 1 ms of work. Requests at 0.3, 0.601, 0.902 (each after the last ends).
    const s = {
      ...scenario({ services: [service('api', 1, constant(0.001))], clients: [openClient('web', 'api', 1)], duration: 1, window: 0.1 }),
    };
    s.clients = [{ ...s.clients[0], arrival: { kind: 'closed', users: 1, think: constant(0.3) } }];
    const rows = runScenario(s).series.filter((r) => r.entity === 'clients.web');
    expect(rows.map((r) => r.t_s)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(rows.map((r) => r.offered_per_s)).toEqual([0, 0, 0, 10, 0, 0, 10, 0, 0, 10]);
  });

  it('with a warm-up, shed and cancelled attempts are counted by arrival, so the outcomes still add up; cancelled work is wasted', () => {
    const retry = { maxAttempts: 3, retryOn: ['timeout', 'rejected'] as ('timeout' | 'rejected')[], backoff: { kind: 'none' as const }, budget: null };
    for (const shedding of [{ kind: 'codel' as const, target: 0.005, interval: 0.1 }, null]) {
      const s = scenario({
        services: [service('api', 4, { dist: 'exponential', mean: 0.01 }, { shedding, cancelOnTimeout: true })],
        clients: [openClient('web', 'api', 500, { timeout: 0.05, retry })],
        duration: 40,
        warmup: 10.005,
        faults: [{ kind: 'slowdown', service: 'api', factor: 2, at: 9, for: 10 }],
      });
      const api = runScenario(s).summary.services.api;
      expect(api.shed).toBeGreaterThan(0);
      expect(api.completed + api.rejected + api.shed + api.errors).toBe(api.arrivals);
      if (shedding === null) expect(api.wasted_fraction).toBeGreaterThan(0);
    }
  });

  it('stops with NoProgressError when a closed loop sends forever at one instant', () => {
    const s = scenario({
      services: [service('api', 1, constant(0.01), { queue: { capacity: 0, discipline: 'fifo' } })],
      clients: [openClient('web', 'api', 1)],
      duration: 10,
    });
    s.clients = [{ ...s.clients[0], arrival: { kind: 'closed', users: 2, think: constant(0) } }];
    expect(() => runScenario(s)).toThrow(NoProgressError);
  });
});
