/**
 * The autoscaler (docs/autoscaling.md) in tiny worlds: the policy alone on a metric held
 * constant (the exact actions and times of target tracking, provisioning delay, cooldowns, the
 * governor and the clamps), then whole runs with deterministic load (uniform arrivals, constant
 * service times): workers, a `workers` fault over the autoscaler, replicas joining and leaving
 * the rotation, and determinism.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.ts';
import { Autoscaler, type AutoscaleObserver, type ScaledGauges } from '../../src/model/autoscaler.ts';
import type { AutoscaleSpec, ServiceConfig } from '../../src/model/config.ts';
import { runScenario } from '../../src/run.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';

const SPEC: AutoscaleSpec = {
  metric: 'utilization', target: 0.6, tolerance: 0.1, window: 10, every: 10, min: 1, max: 20,
  provisioningDelay: 0, cooldown: 0, scaleOutCooldown: 0, maxStep: null,
};

/**
 * The policy alone: each unit is `metric(t)` busy (and has that many attempts waiting), and the
 * actions are logged as `t out|in|held n` and `t serve n`.
 */
function policy(spec: Partial<AutoscaleSpec>, metric: (t: number) => number, initial: number, until = 100) {
  const sim = new Simulation();
  const log: string[] = [];
  // The areas of a piecewise-constant rate, stepped at each evaluation and each change of units.
  let serving = initial;
  let busy = 0;
  let workers = 0;
  let since = 0;
  const advance = (t: number): void => {
    busy += metric(since + 1e-9) * serving * (t - since);
    workers += serving * (t - since);
    since = t;
  };
  const gauges: ScaledGauges = {
    areas(t, into, at) {
      advance(t);
      into[at] = busy;
      into[at + 1] = workers;
      into[at + 2] = busy;
    },
  };
  const observer: AutoscaleObserver = {
    units() {},
    action: (t, kind, n) => log.push(`${t} ${kind} ${n}`),
  };
  const serve = (n: number): void => {
    advance(sim.now);
    serving = n;
    log.push(`${sim.now} serve ${n}`);
  };
  const scaler = new Autoscaler(sim, { ...SPEC, ...spec }, gauges, { serve }, initial, until);
  scaler.observer = observer;
  scaler.start();
  // Something in the foreground, so that the background evaluations run.
  sim.schedule(until + 1, { handleEvent() {} }, 0);
  sim.run();
  return log;
}

describe('target tracking (the policy alone)', () => {
  it('desired = ceil(serving × metric / target), once, then holds within the tolerance', () => {
    // 4 × 0.9 / 0.6 = 6; then 0.9 stays 0.9 (the fake metric does not fall with more workers), 6 × 1.5 = 9 ...
    const log = policy({ max: 8 }, () => 0.9, 4, 30);
    expect(log).toEqual(['10 out 2', '10 serve 6', '20 out 2', '20 serve 8']);
    // Within 10% of the target: no action.
    expect(policy({}, () => 0.65, 4, 50)).toEqual([]);
    expect(policy({}, () => 0.55, 4, 50)).toEqual([]);
  });

  it('queue_length: desired = ceil(waiting per unit × serving / target) = ceil(waiting / target)', () => {
    // 1.5 attempts waiting per unit on 2 units: 3 on average; target 0.5 per unit: 6 units.
    expect(policy({ metric: 'queue_length', target: 0.5 }, () => 1.5, 2, 10)).toEqual(['10 out 4', '10 serve 6']);
  });

  it('added units serve only after the provisioning delay, and are not ordered twice meanwhile', () => {
    const log = policy({ provisioningDelay: 25, max: 6 }, () => 0.9, 4, 60);
    expect(log).toEqual(['10 out 2', '35 serve 6']);
  });

  it('the governor: at most max_step units per action, and min and max clamp', () => {
    // Wants 4 × 1 / 0.25 = 16: 4 at a time, up to max 14.
    expect(policy({ target: 0.25, maxStep: 4, max: 14 }, () => 1, 4, 40))
      .toEqual(['10 out 4', '10 serve 8', '20 out 4', '20 serve 12', '30 out 2', '30 serve 14']);
    // Idle: down to min 3 at once without a governor.
    expect(policy({ min: 3 }, () => 0, 10, 10)).toEqual(['10 in 7', '10 serve 3']);
  });

  it('cooldown: no scale-in for that long after any action; a scale-out is never held by it', () => {
    // Busy until 10 s, then idle: out at 10 (4 -> 6), scale-in to min wanted from 20 on, held until 10 + 30 = 40.
    const log = policy({ cooldown: 30, min: 2 }, (t) => (t < 10 ? 0.9 : 0), 4, 50);
    expect(log).toEqual(['10 out 2', '10 serve 6', '20 held 4', '30 held 4', '40 in 4', '40 serve 2']);
  });

  it('scale_out_cooldown: no scale-out for that long after a scale-out', () => {
    expect(policy({ scaleOutCooldown: 15, max: 20 }, () => 0.9, 4, 40))
      .toEqual(['10 out 2', '10 serve 6', '30 out 3', '30 serve 9']);
  });

  it('a scale-in cancels units still provisioning first', () => {
    // Ordered 2 at 10 (serving at 70); idle from 20: desired 1, so the 2 on order are cancelled and 3 serving removed.
    const log = policy({ provisioningDelay: 60 }, (t) => (t < 10 ? 0.9 : 0), 4, 100);
    expect(log).toEqual(['10 out 2', '20 in 5', '20 serve 1']);
  });

  it('the load is a time average over the window, which spans several evaluations', () => {
    // Window 20 s, every 10 s: 4 units 0.9 busy in [0, 10) (3.6 busy: 6 wanted, max 5), then 5 units 0.5 busy.
    // At 20: (36 + 25) / 20 = 3.05 busy on average, 5.08 wanted: within 10% of 5 serving, no action.
    expect(policy({ window: 20, max: 5 }, (t) => (t < 10 ? 0.9 : 0.5), 4, 20)).toEqual(['10 out 1', '10 serve 5']);
    // A drop to 0.2 from 10 s on: over 20 s, (36 + 10) / 20 = 2.3 busy, 3.83 wanted: 4; over 10 s, 1 busy, 1.67 wanted: 2.
    expect(policy({ window: 20, max: 5 }, (t) => (t < 10 ? 0.9 : 0.2), 4, 20)).toEqual(['10 out 1', '10 serve 5', '20 in 1', '20 serve 4']);
    expect(policy({ window: 10, max: 5 }, (t) => (t < 10 ? 0.9 : 0.2), 4, 20)).toEqual(['10 out 1', '10 serve 5', '20 in 3', '20 serve 2']);
  });

  it('units that joined late in the window are not counted as having carried its load', () => {
    // Each unit 0.9 busy: 4 × 0.9 / 0.6 = 6 ordered at 10, serving at 25. At 30 the window's load is
    // (4 × 0.9 × 25 + 6 × 0.9 × 5) / 30 = 3.9 busy units: 6.5 wanted, within 10% of the 6 serving;
    // the 6 serving now × 0.9 / 0.6 would want 9, ordering the capacity that just joined again.
    expect(policy({ window: 30, every: 10, provisioningDelay: 15 }, () => 0.9, 4, 30)).toEqual(['10 out 2', '25 serve 6']);
  });
});

/** Time averages over a window close a hair before its boundary (recorder.ts): 9.99999999 is 10. */
const round = (x: number | null | undefined): number => Number((x ?? NaN).toFixed(6));

const CONSTANT_10MS = { dist: 'constant', value: 0.01 } as const;

function uniformClient(rate: number) {
  return openClient('load', 'api', rate, { arrival: { kind: 'open', rate, process: 'uniform', schedule: [] } });
}

function run(api: ServiceConfig, rate: number, extra: Partial<Parameters<typeof scenario>[0]> = {}) {
  return runScenario(scenario({ services: [api], clients: [uniformClient(rate)], duration: 60, window: 10, ...extra }));
}

describe('whole runs with deterministic load', () => {
  it('workers: 600 attempts/s of 10 ms on 10 workers is 60% busy; a 30% target doubles them once', () => {
    const autoscale: AutoscaleSpec = { ...SPEC, target: 0.3, min: 2, max: 40 };
    const r = run(service('api', 10, CONSTANT_10MS, { autoscale }), 600);
    expect(r.summary.services.api.autoscale).toMatchObject({ unit: 'workers', scale_outs: 1, scale_ins: 0, units_added: 10, min_units: 10, max_units: 20, final_units: 20 });
    const rows = r.series.filter((row) => row.entity === 'services.api');
    expect(rows.map((row) => round(row.units))).toEqual([10, 20, 20, 20, 20, 20, 20]);
    expect(rows[2].utilization).toBeCloseTo(0.3, 6);
  });

  it('a workers fault overrides the autoscaler while active; its count comes back when the fault ends', () => {
    const autoscale: AutoscaleSpec = { ...SPEC, target: 0.3, min: 2, max: 40 };
    const r = run(service('api', 10, CONSTANT_10MS, { autoscale }), 600, {
      faults: [{ kind: 'workers', service: 'api', count: 30, factor: null, at: 20, for: 20 }],
    });
    const rows = r.series.filter((row) => row.entity === 'services.api');
    // 30 workers in [20, 40): 600/s × 10 ms over 30 workers = 20% busy, whatever the autoscaler's count.
    expect(rows.slice(0, 6).map((row) => Number(row.utilization?.toFixed(2)))).toEqual([0.6, 0.3, 0.2, 0.2, 0.3, 0.3]);
    // It reads the load (6 busy workers: 20 wanted), not the faulted count: its 20 stand, and serve again at 40 s.
    expect(rows.slice(0, 6).map((row) => round(row.units))).toEqual([10, 20, 20, 20, 20, 20]);
  });

  it('a removed worker finishes its job: nothing is shed or killed on a scale-in', () => {
    // 1 s jobs, 4 workers busy; idle halfway: the scale-in to 1 comes while jobs run.
    const autoscale: AutoscaleSpec = { ...SPEC, target: 0.6, min: 1, max: 4 };
    const api = service('api', 4, { dist: 'constant', value: 1 }, { autoscale });
    const rate = 3.5;
    const r = runScenario(scenario({
      services: [api], clients: [openClient('load', 'api', rate, { arrival: { kind: 'open', rate, process: 'uniform', schedule: [{ at: 15, rate: 0.2 }] } })],
      duration: 40, window: 10,
    }));
    const s = r.summary.services.api;
    expect(s.autoscale?.scale_ins).toBeGreaterThan(0);
    expect(s.shed).toBe(0);
    expect(s.completed).toBe(s.arrivals);
  });

  it('replicas: only those in rotation get attempts; a joining one after its delay; a leaving one drains', () => {
    const autoscale: AutoscaleSpec = { ...SPEC, target: 0.3, min: 1, max: 4, provisioningDelay: 5, cooldown: 0 };
    const api = service('api', 2, CONSTANT_10MS, { replicas: 2, autoscale });
    // 120/s on 2 replicas of 2 workers: 30%; from 20 s on, 240/s: 60%, so 4 replicas, joining at 35.
    const rate = 120;
    const r = runScenario(scenario({
      services: [api], clients: [openClient('load', 'api', rate, { arrival: { kind: 'open', rate, process: 'uniform', schedule: [{ at: 20, rate: 240 }, { at: 50, rate: 24 }] } })],
      duration: 80, window: 5,
    }));
    const s = r.summary.services.api;
    expect(s.autoscale).toMatchObject({ unit: 'replicas', scale_outs: 1, units_added: 2, max_units: 4 });
    const arrivals = (i: number) => r.series.filter((row) => row.entity === `services.api.replicas.${i}`).map((row) => row.attempts_per_s);
    // Replica 2 is out of rotation until 35 s (ordered at 30, 5 s to provision), then takes a share.
    expect(arrivals(2).slice(0, 7).every((a) => a === 0)).toBe(true);
    expect(arrivals(2)[7]).toBeGreaterThan(0);
    expect(s.autoscale?.scale_ins).toBeGreaterThan(0);
    // Every replica served all it was sent: leaving ones drained what they held.
    for (const replica of s.replicas ?? []) expect(replica.completed).toBe(replica.arrivals);
    expect(s.shed).toBe(0);
    // Units column: 2 replicas, then 4 from 35 s; fewer after the load falls at 50 s.
    const units = r.series.filter((row) => row.entity === 'services.api').map((row) => round(row.units));
    expect(units.slice(0, 7)).toEqual([2, 2, 2, 2, 2, 2, 2]);
    expect(units[7]).toBe(4);
    expect(units.at(-1)).toBeLessThan(4);
    // A drained replica's workers are gone: at 24/s of 10 ms (0.24 busy), the service is 0.24 / (2 × units) busy.
    const last = r.series.filter((row) => row.entity === 'services.api').at(-2);
    expect(last?.utilization).toBeCloseTo(0.24 / (2 * round(last?.units)), 2);
  });

  it.each(['random', 'least_outstanding', 'power_of_two'] as const)('replicas out of rotation get no attempt with %s either', (balance) => {
    // 2 of 4 replicas in rotation, 30% busy: the autoscaler holds (within tolerance), so 2 and 3 never join.
    const autoscale: AutoscaleSpec = { ...SPEC, target: 0.3, min: 1, max: 4 };
    const api = service('api', 2, CONSTANT_10MS, { replicas: 2, autoscale });
    const r = runScenario(scenario({ services: [api], clients: [openClient('load', 'api', 120, { balance })], duration: 30, window: 10 }));
    expect(r.summary.services.api.replicas?.map((replica) => replica.arrivals > 0)).toEqual([true, true, false, false]);
  });

  it('settles where target tracking says: offered load / target, within the tolerance band', () => {
    // M/M/c with 1,200/s of 10 ms: 12 busy workers on average. At a 60% target the autoscaler wants
    // 12 / 0.6 = 20, and holds any n with |12 / (0.6 n) − 1| <= 10%: 19 to 22. From 10 workers,
    // after 300 s, on 3 seeds: inside the band, and utilization within 10% of 60% over the last minute.
    const autoscale: AutoscaleSpec = { ...SPEC, target: 0.6, window: 30, every: 10, min: 2, max: 60, provisioningDelay: 10, cooldown: 60 };
    for (const seed of [1, 2, 3]) {
      const r = runScenario(scenario({ services: [service('api', 10, { dist: 'exponential', mean: 0.01 }, { autoscale })], clients: [openClient('load', 'api', 1200)], duration: 300, window: 60, seed }));
      const final = r.summary.services.api.autoscale?.final_units ?? 0;
      expect(final).toBeGreaterThanOrEqual(19);
      expect(final).toBeLessThanOrEqual(22);
      const last = r.series.filter((row) => row.entity === 'services.api')[4];
      expect(Math.abs((last.utilization ?? 0) / 0.6 - 1)).toBeLessThanOrEqual(0.1);
    }
  });

  it('is deterministic: the same seed gives the same summary and series', () => {
    const autoscale: AutoscaleSpec = { ...SPEC, target: 0.5, min: 2, max: 30, provisioningDelay: 7, cooldown: 15, maxStep: 3 };
    const make = () => runScenario(scenario({ services: [service('api', 5, { dist: 'exponential', mean: 0.01 }, { autoscale })], clients: [openClient('load', 'api', 800)], duration: 60, seed: 4 }));
    const [a, b] = [make(), make()];
    expect(JSON.stringify(b.summary)).toBe(JSON.stringify(a.summary));
    expect(JSON.stringify(b.series)).toBe(JSON.stringify(a.series));
  });

  it('without autoscale: no autoscale figures and no units columns', () => {
    const r = run(service('api', 10, CONSTANT_10MS), 600);
    expect(r.summary.services.api.autoscale).toBeUndefined();
    expect(r.series.every((row) => row.units === undefined)).toBe(true);
  });
});
