/**
 * Where the topology features meet (replicas, queue overflow, connection pools, fan-out,
 * bulkheads, deadline propagation): each case is a bug a review found, kept from coming back.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/api/library.ts';
import { runScenario } from '../../src/run.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { eventLog } from '../support/log-observer.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';

const evenly = (rate: number) => ({ kind: 'open' as const, rate, process: 'uniform' as const, schedule: [] });

function load(text: string): Scenario {
  const loaded = loadScenario({ text, file: 'interactions.yaml' });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
  return loaded.scenario;
}

describe('topology features together', () => {
  it('a pool whose failures retry into it keeps one timer: events grow with the requests, not their square', () => {
    const { summary, events } = runScenario(load(`
name: pool-retry
duration: 20s
services:
  api: { workers: 4, service_time: { dist: exponential, mean: 10ms } }
clients:
  c:
    target: api
    arrival: { kind: open, rate: 500/s }
    timeout: 1s
    retry: { max_attempts: 4, retry_on: [timeout, pool_exhausted] }
    pool: { max: 3, acquire_timeout: 20ms }
`));
    expect(summary.clients.c.failures.pool_exhausted).toBeGreaterThan(1000);
    // Before the fix: 262M events (a timer more for each retry into the pool, each firing again at every due time).
    expect(events / summary.clients.c.requests).toBeLessThan(30);
  });

  it('an attempt that gets its connection after its calling job\'s deadline times out instead of being sent', () => {
    // M propagates deadlines; Y's job at M waits for D's one connection behind web's, until past its deadline.
    const run = () => runScenario(load(`
name: deadline-pool
duration: 5s
services:
  R:
    workers: 10
    service_time: { dist: constant, value: 1ms }
    calls:
      - parallel: [{ service: Q, timeout: 200ms }, { service: M, timeout: 200ms }]
        wait: any
  Q: { workers: 10, service_time: { dist: constant, value: 1ms } }
  M:
    workers: 10
    cancel_on_timeout: true
    service_time: { dist: constant, value: 1ms }
    calls:
      - { service: D, timeout: 2s, pool: { max: 1, acquire_timeout: 5s } }
  D: { workers: 10, service_time: { dist: constant, value: 1s } }
clients:
  Y: { target: M, timeout: 10s, arrival: { kind: open, rate: 1/s, process: uniform } }
  web: { target: R, arrival: { kind: open, rate: 1/s, process: uniform } }
`));
    expect(run).not.toThrow();
    expect(run().summary.clients.web.goodput_ratio).toBe(1);
  });

  it('block: a queued attempt cancelled gives its place to the attempt blocked longest, not to a later arrival', () => {
    // One worker of 1 s, a queue of 1. c1's attempt (queued at 0.40) times out at 0.70 and is
    // cancelled: c0's attempt blocked since 0.50 takes its place, ahead of c0's 0.75.
    const s = scenario({
      services: [service('api', 1, { dist: 'constant', value: 1 }, { queue: { capacity: 1, discipline: 'fifo', overflow: 'block' }, cancelOnTimeout: true })],
      clients: [openClient('B', 'api', 4, { arrival: evenly(4), timeout: null }), openClient('A', 'api', 2.5, { arrival: evenly(2.5), timeout: 0.3 })],
      duration: 1.1,
    });
    expect(eventLog(s).filter((line) => / s0 job /.test(line))).toEqual([
      '1.25 s0 job ok (arrived 0.25, started 0.25)',
      '2.25 s0 job ok (arrived 0.50, started 1.25)',
      '3.25 s0 job ok (arrived 0.75, started 2.25)',
      '4.25 s0 job ok (arrived 1.00, started 3.25)',
    ]);
  });

  it('a losing hedge\'s connection is not handed to a later hedge of the same try', () => {
    for (const cancelLosers of [false, true]) {
      const s = scenario({
        services: [service('api', 3, { dist: 'constant', value: 0.25 })],
        clients: [openClient('c', 'api', 1, { arrival: evenly(1), timeout: null, hedge: { after: 0.1, maxExtra: 2, cancelLosers }, pool: { max: 2, acquireTimeout: 1 } })],
        duration: 1.1,
      });
      // The first attempt (1.00) and one hedge (1.10) get connections; the second hedge waits and is dropped at the win (1.25).
      expect(runScenario(s).summary.services.api.arrivals).toBe(2);
    }
  });

  it('outcomes add up to arrivals from the warm-up on, with replicas, block, pools, hedges, fan-out and partitions together', () => {
    const { summary } = runScenario(load(`
name: combo
duration: 30s
warmup: 5s
services:
  front:
    replicas: 3
    workers: 4
    cancel_on_timeout: true
    service_time: { dist: exponential, mean: 5ms }
    queue: { capacity: 5, overflow: block }
    calls:
      - service: back
        balance: least_outstanding
        timeout: 80ms
        retry: { max_attempts: 2 }
        hedge: { after: 20ms, max_extra: 1, cancel_losers: true }
        pool: { max: 6, acquire_timeout: 20ms }
      - { service: leaf, fan_out: 5, wait: 4, timeout: 50ms, hedge: { after: 15ms, max_extra: 1, cancel_losers: true } }
  back:
    replicas: 4
    workers: 2
    cancel_on_timeout: true
    service_time: { dist: exponential, mean: 10ms }
    queue: { capacity: 4, overflow: block }
  leaf:
    workers: 8
    cancel_on_timeout: true
    service_time: { dist: lognormal, median: 5ms, p99: 40ms }
    partitions:
      a: { workers: 4, callers: [front] }
      b: { workers: 4 }
clients:
  web:
    target: front
    balance: power_of_two
    arrival: { kind: open, rate: 500/s }
    timeout: 150ms
    retry: { max_attempts: 3 }
    hedge: { after: 60ms, max_extra: 1, cancel_losers: true }
faults:
  - { kind: slowdown, service: back, replicas: [1, 2], factor: 5, at: 10s, for: 10s }
`));
    for (const [name, s] of Object.entries(summary.services)) {
      expect(s.completed + s.rejected + s.shed + s.errors, name).toBe(s.arrivals);
      const members = [...(s.replicas ?? []), ...Object.values(s.partitions ?? {})];
      for (const m of members) expect(m.completed + m.rejected + m.shed + m.errors, name).toBe(m.arrivals);
      if (members.length > 0) expect(members.reduce((sum, m) => sum + m.arrivals, 0), name).toBe(s.arrivals);
    }
  });
});
