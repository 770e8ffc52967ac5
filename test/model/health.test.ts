/**
 * Health checks and outlier ejection (docs/replicas.md): tiny worlds of four single-worker
 * replicas behind one client sending a request every 0.1 s (uniform arrivals), whose event logs
 * and per-replica figures follow by hand from the Envoy rules the model follows.
 */
import { describe, expect, it } from 'vitest';
import type { BalancePolicy, ClientConfig, FaultConfig, HealthCheckSpec, OutlierDetectionSpec } from '../../src/model/config.ts';
import { runScenario } from '../../src/run.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { eventLog } from '../support/log-observer.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';
import { NO_RETRY } from '../../src/strategies/config.ts';

const EJECT_AFTER_3: OutlierDetectionSpec = {
  consecutiveErrors: 3, consecutiveTimeouts: null, baseEjectionTime: 5, maxEjectionTime: 300, maxEjectionPercent: 0.1,
};

function world(route: Partial<ClientConfig>, faults: FaultConfig[], duration = 30, balance: BalancePolicy = 'round_robin'): Scenario {
  return scenario({
    services: [service('api', 1, { dist: 'constant', value: 0.01 }, { replicas: 4 })],
    clients: [openClient('web', 'api', 10, { arrival: { kind: 'open', rate: 10, process: 'uniform', schedule: [] }, balance, ...route })],
    duration,
    faults,
  });
}

const outage = (replicas: number[], at = 1, length = 100): FaultConfig => ({ kind: 'outage', service: 'api', replicas, at, for: length });
/** The log lines about replica standing (all replicas log as s0: one service). */
const standing = (s: Scenario): string[] => eventLog(s).filter((line) => line.includes(' replica '));
const arrivals = (s: Scenario): number[] => runScenario(s).summary.services.api.replicas!.map((r) => r.arrivals);

describe('outlier ejection', () => {
  it('ejects a replica after 3 errors in a row, for 5 s, then 10 s, then 15 s', () => {
    // Replica 0 gets every 4th request (0.4 s apart); its outage starts at 1 s: errors at 1.3, 1.7, 2.1.
    expect(standing(world({ outlierDetection: EJECT_AFTER_3 }, [outage([0])]))).toEqual([
      '2.10 s0 replica ejected', '2.10 s0 replica excluded',
      '7.10 s0 replica included',
      '8.10 s0 replica ejected', '8.10 s0 replica excluded',
      '18.10 s0 replica included',
      '18.90 s0 replica ejected', '18.90 s0 replica excluded',
    ]);
    const r = runScenario(world({ outlierDetection: EJECT_AFTER_3 }, [outage([0])])).summary.services.api.replicas!;
    expect(r[0]).toMatchObject({ errors: 9, ejections: 3, marked_unhealthy: 0, excluded_s: 5 + 10 + 11.1 });
    expect(r[1]).toMatchObject({ errors: 0, ejections: 0, excluded_s: 0 });
  });

  it('sends an ejected replica nothing, whatever the policy', () => {
    for (const policy of ['round_robin', 'random', 'least_outstanding', 'power_of_two'] as const) {
      const s = world({ outlierDetection: EJECT_AFTER_3 }, [outage([0])], 30, policy);
      const rows = runScenario(s).series.filter((row) => row.entity === 'services.api.replicas.0');
      const excludedAll = rows.filter((row) => row.excluded === 1);
      expect(excludedAll.length, policy).toBeGreaterThan(10);
      for (const row of excludedAll) expect(row.attempts_per_s, `${policy} at ${row.t_s}`).toBe(0);
    }
  });

  it('counts timeouts with consecutive_timeouts, and a success breaks the run', () => {
    const slow: FaultConfig = { kind: 'latency', service: 'api', replicas: [0], add: 1, at: 1, for: 100 };
    const od = { ...EJECT_AFTER_3, consecutiveErrors: null, consecutiveTimeouts: 2 };
    // Answers from replica 0 take 1 s against a 0.5 s timeout: timeouts at 1.8 and 2.2 eject it.
    expect(standing(world({ timeout: 0.5, outlierDetection: od }, [slow]))[0]).toBe('2.20 s0 replica ejected');
  });

  it('ejects no more than max_ejection_percent at once, but always one', () => {
    const both = [outage([0, 1])];
    const ejected = (percent: number): number =>
      runScenario(world({ outlierDetection: { ...EJECT_AFTER_3, maxEjectionPercent: percent } }, both, 6)).summary.services.api.replicas!
        .filter((r) => (r.excluded_s ?? 0) > 0).length;
    expect(ejected(0.1)).toBe(1);
    expect(ejected(0.25)).toBe(1);
    expect(ejected(0.5)).toBe(2);
  });
});

describe('panic threshold', () => {
  const od = { ...EJECT_AFTER_3, maxEjectionPercent: 1, baseEjectionTime: 100 };
  const threeDown = [outage([0, 1, 2])];

  it('balances over every replica once fewer than half are healthy (Envoy\'s default 50%)', () => {
    // Three ejected of four: 25% healthy, below 50%, so all four get traffic again.
    const a = arrivals(world({ outlierDetection: od }, threeDown));
    expect(Math.min(...a)).toBeGreaterThan(60);
  });

  it('with the threshold at 0, sends everything to the one healthy replica', () => {
    const a = arrivals(world({ outlierDetection: od, healthyPanicThreshold: 0 }, threeDown));
    expect(a.slice(0, 3).every((n) => n < 12)).toBe(true);
    expect(a[3]).toBeGreaterThan(250);
  });

  it('with the threshold at 0 and every replica out, fails attempts at once without a replica', () => {
    const s = world({ outlierDetection: od, healthyPanicThreshold: 0 }, [outage([0, 1, 2, 3])]);
    const { summary } = runScenario(s);
    // Requests at 0.1, 0.2, ..., 29.9: 10 succeed up to 1 s; then 12 errors (3 per replica) eject
    // all four, and the other 277 fail at the balancer without reaching a replica.
    expect(summary.services.api.arrivals).toBe(10 + 12);
    expect(summary.clients.web).toMatchObject({ requests: 299, succeeded: 10, failed: 289, failures: { error: 289 } });
  });
});

describe('health checks', () => {
  const check: HealthCheckSpec = { interval: 1, timeout: 0.5, unhealthyThreshold: 2, healthyThreshold: 3, queued: false };

  it('marks a replica unhealthy after 2 failed checks and healthy after 3 passed', () => {
    // Replica 0 is checked at 0, 1, 2, ...; its outage [1.5, 6.5) fails the checks at 2 to 6.
    const s = world({ healthCheck: check }, [outage([0], 1.5, 5)], 12);
    expect(standing(s)).toEqual(['3.00 s0 replica unhealthy', '3.00 s0 replica excluded', '9.00 s0 replica included']);
    const r0 = runScenario(s).summary.services.api.replicas![0];
    expect(r0).toMatchObject({ marked_unhealthy: 1, ejections: 0, excluded_s: 6 });
  });

  it('queued checks are load: each replica\'s arrivals include one check per interval', () => {
    const s = world({ healthCheck: { ...check, queued: true } }, [], 10);
    // 100 requests spread evenly, and 10 checks of each replica (at i/4, 1 + i/4, ..., 9 + i/4).
    expect(arrivals(s)).toEqual([35, 35, 35, 35]);
    expect(runScenario(s).summary.clients.web.requests).toBe(100);
  });

  it('a queued check that waits behind real work longer than its timeout fails', () => {
    // Replica 0 ten thousand times slower from 1 s. Its checks: at 0 (done at 0.01); at 1.01, slowed
    // to 100 s, timed out at 1.51; at 2.51, queued behind it, timed out at 3.01: the second failure.
    const s = world({ healthCheck: { ...check, queued: true } }, [{ kind: 'slowdown', service: 'api', replicas: [0], factor: 10_000, at: 1, for: 100 }], 10);
    expect(standing(s).slice(0, 2)).toEqual(['3.01 s0 replica unhealthy', '3.01 s0 replica excluded']);
  });
});

describe('on a service\'s call', () => {
  it('each replica of the caller ejects on its own view of the callee', () => {
    const call = { service: 'db', timeout: null, retry: NO_RETRY, circuitBreaker: null, hedge: null, throttle: null, outlierDetection: EJECT_AFTER_3 };
    const s = scenario({
      services: [
        service('api', 1, { dist: 'constant', value: 0.001 }, { replicas: 2, calls: [call] }),
        service('db', 1, { dist: 'constant', value: 0.01 }, { replicas: 4 }),
      ],
      clients: [openClient('web', 'api', 10, { arrival: { kind: 'open', rate: 10, process: 'uniform', schedule: [] } })],
      duration: 30,
      faults: [{ kind: 'outage', service: 'db', replicas: [0], at: 1, for: 100 }],
    });
    const db = runScenario(s).summary.services.db.replicas!;
    // Two callers (api.0 and api.1), each with its own balancer: each ejects db.0 on its own.
    expect(db[0].ejections).toBeGreaterThanOrEqual(4);
    expect(db.slice(1).every((r) => r.ejections === 0 && r.errors === 0)).toBe(true);
    expect(runScenario(s).summary.services.api.replicas![0]).not.toHaveProperty('ejections');
  });
});
