/**
 * The metastability verdict on series built by hand: goodput, offered load, the work in the
 * system and one service's load per window. 100 windows of 1 s; warm-up 10 s; a fault in
 * [30, 40); tolerance 10%, hold 10 s. The last two blocks after the fault are 15 windows each
 * (a quarter of the 60 windows after it): [70, 85) and [85, 100).
 */
import { describe, expect, it } from 'vitest';
import { metastabilityVerdict, type MetastabilitySettings } from '../../src/metrics/metastability.ts';
import type { VerdictSeries } from '../../src/metrics/verdict-evidence.ts';
import { RandomStream } from '../../src/engine/random.ts';

const settings: MetastabilitySettings = { window: 1, warmup: 10, duration: 100, tolerance: 0.1, hold: 10, limit: null, faults: [{ start: 30, end: 40 }] };
const series = (f: (t: number) => number) => Array.from({ length: 100 }, (_, t) => f(t));

interface Parts {
  goodput: (t: number) => number;
  backlog?: (t: number) => number;
  offered?: (t: number) => number;
  /** Requests started by open-loop clients (default: all of `offered`). */
  openOffered?: (t: number) => number;
  /** Attempts arriving at the one service (capacity 1000/s). */
  arrivals?: (t: number) => number;
  utilization?: (t: number) => number;
}

/** A healthy system at 100 requests/s and 10 attempts in it, unless told otherwise. */
function world(p: Parts): VerdictSeries {
  return {
    goodput: series(p.goodput),
    offered: series(p.offered ?? (() => 100)),
    openOffered: series(p.openOffered ?? p.offered ?? (() => 100)),
    backlog: series(p.backlog ?? (() => 10)),
    services: [{ name: 'api', capacity: 1000, arrivals: series(p.arrivals ?? (() => 800)), utilization: series(p.utilization ?? (() => 0.8)) }],
  };
}

const verdictOf = (p: Parts, s: Partial<MetastabilitySettings> = {}) => metastabilityVerdict(world(p), { ...settings, ...s });
const down = (t: number) => (t >= 30 ? 0 : 100);

describe('metastability verdict: recovered or not, from goodput', () => {
  it('baseline is the mean over whole windows between warm-up and the first fault', () => {
    const v = verdictOf({ goodput: (t) => (t < 10 ? 0 : t < 30 ? (t % 2 === 0 ? 90 : 110) : 100) });
    expect(v.baseline_goodput_per_s).toBe(100);
  });

  it('recovers when goodput is back within tolerance and holds; recovery time counts from the fault end', () => {
    const v = verdictOf({ goodput: (t) => (t >= 30 && t < 55 ? 0 : 100) });
    expect(v).toMatchObject({ outcome: 'recovered', recovered: true, recovery_time_s: 15, metastable: false, no_verdict: null, still_recovering: false });
  });

  it('judges a noisy recovery by the mean over the hold, and takes the tolerance and hold as set', () => {
    expect(verdictOf({ goodput: (t) => (t >= 30 && t < 50 ? 0 : t % 2 === 0 ? 80 : 120) }).recovered).toBe(true);
    expect(verdictOf({ goodput: (t) => (t >= 30 ? 85 : 100) }).recovered).toBe(false);
    expect(verdictOf({ goodput: (t) => (t >= 30 ? 85 : 100) }, { tolerance: 0.2 }).recovered).toBe(true);
  });

  it('relapse after a brief recovery counts from the last time goodput came back for good', () => {
    expect(verdictOf({ goodput: (t) => ((t >= 30 && t < 45) || (t >= 60 && t < 70) ? 0 : 100) }).recovery_time_s).toBe(30);
  });

  it('with a limit, a recovery that begins too late is recovered late: not recovered, not metastable, its time kept apart', () => {
    const slow = { goodput: (t: number) => (t >= 30 && t < 55 ? 0 : 100) }; // back 15 s after the fault
    expect(verdictOf(slow, { limit: 20 })).toMatchObject({ outcome: 'recovered', recovered: true, recovery_time_s: 15 });
    expect(verdictOf(slow, { limit: 10 })).toMatchObject({
      outcome: 'recovered_late', recovered: false, recovery_time_s: null, late_recovery_time_s: 15, metastable: false, no_verdict: null,
    });
  });

  it('the baseline follows the demand of open-loop clients: a rate halved after the fault, served in full, is recovered', () => {
    const halved = (t: number) => (t < 45 ? 100 : 50);
    expect(verdictOf({ goodput: (t) => (t >= 30 && t < 45 ? 0 : halved(t)), offered: halved })).toMatchObject({ outcome: 'recovered', recovery_time_s: 5 });
    // Served at the old rate's level it would be twice the demand: not back to the baseline's share.
    expect(verdictOf({ goodput: (t) => (t >= 30 && t < 45 ? 0 : 100), offered: halved }).outcome).not.toBe('recovered');
  });

  it('a closed-loop client sending less because its requests are slow is no lower demand: not recovered', () => {
    // All requests from closed-loop users (no open-loop demand): their rate halves with the
    // system, and so does goodput; against the baseline it is not back.
    const slow = (t: number) => (t < 30 ? 100 : 50);
    expect(verdictOf({ goodput: slow, offered: slow, openOffered: () => 0 }).outcome).toBe('metastable');
  });

  it('without faults: no trigger; recovered says whether goodput held', () => {
    expect(verdictOf({ goodput: () => 100 }, { faults: [] })).toMatchObject({ outcome: 'no_trigger', recovered: true, recovery_time_s: 0, metastable: false });
    expect(verdictOf({ goodput: (t) => (t < 95 ? 100 : 50) }, { faults: [] })).toMatchObject({ outcome: 'no_trigger', recovered: false });
  });

  it('a fault that starts after the end of arrivals is no trigger', () => {
    expect(verdictOf({ goodput: () => 100 }, { faults: [{ start: 100, end: 200 }] })).toMatchObject({ outcome: 'no_trigger', recovered: true });
  });

  it('no verdict: no baseline window, nothing to recover to, or no room to see a recovery hold', () => {
    expect(verdictOf({ goodput: () => 100 }, { faults: [{ start: 5, end: 20 }] })).toMatchObject({ outcome: 'no_verdict', no_verdict: 'no_baseline_window', baseline_goodput_per_s: null });
    expect(verdictOf({ goodput: () => 0, offered: () => 0 })).toMatchObject({ outcome: 'no_verdict', no_verdict: 'zero_baseline' });
    expect(verdictOf({ goodput: () => 100 }, { faults: [{ start: 30, end: 95 }] })).toMatchObject({ outcome: 'no_verdict', no_verdict: 'too_short_to_hold' });
  });
});

describe('metastability verdict: a system that was never healthy gets none', () => {
  it('overloaded: a service received its capacity or more with its workers busy; it is named', () => {
    const v = verdictOf({ goodput: () => 28, arrivals: () => 1100, utilization: () => 1 });
    expect(v).toMatchObject({ outcome: 'no_verdict', no_verdict: 'overloaded_before_trigger', recovered: false, metastable: false, baseline_offered_per_s: 100 });
    expect(v.saturation).toEqual({ service: 'api', arrivals_per_s: 1100, capacity_per_s: 1000, utilization: 1, share: 1 });
  });

  it('overloaded even while goodput keeps up (no timeouts yet), and with no goodput at all', () => {
    expect(verdictOf({ goodput: () => 100, arrivals: () => 1020, utilization: () => 0.99 }).no_verdict).toBe('overloaded_before_trigger');
    expect(verdictOf({ goodput: () => 0, arrivals: () => 1020, utilization: () => 1 }).no_verdict).toBe('overloaded_before_trigger');
  });

  it('failing: goodput well below the offered load with no service saturated', () => {
    expect(verdictOf({ goodput: () => 85 })).toMatchObject({ no_verdict: 'failing_before_trigger', saturation: null });
    expect(verdictOf({ goodput: () => 91 }).no_verdict).toBe(null); // within the 10% tolerance
  });

  it('busy is not overloaded: 97% utilization below capacity is a healthy baseline, even when some windows reach capacity', () => {
    const busy = { goodput: (t: number) => (t >= 30 && t < 55 ? 0 : 100), arrivals: (t: number) => (t % 5 === 0 ? 1010 : 960), utilization: () => 0.97 };
    expect(verdictOf(busy).outcome).toBe('recovered');
  });

  it('overloaded when goodput fell short and a service was saturated in some of the windows (a storm begun before the fault)', () => {
    const v = verdictOf({ goodput: (t) => (t < 20 ? 100 : 30), arrivals: (t) => (t < 20 ? 800 : 1500), utilization: (t) => (t < 20 ? 0.8 : 1) });
    expect(v).toMatchObject({ no_verdict: 'overloaded_before_trigger', saturation: { service: 'api', arrivals_per_s: 1500, share: 0.5 } });
  });
});

describe('metastability verdict: goodput not back, still recovering or metastable, from the work in the system', () => {
  it('still recovering when the excess backlog drains; the projection extrapolates the drain rate', () => {
    // 10 attempts before the fault; after it a backlog of 3,000 draining at 20/s: the excess of
    // 2,990 at t = 40 is gone at t = 189.5, 149.5 s after the fault ended.
    const v = verdictOf({ goodput: down, backlog: (t) => (t < 30 ? 10 : t < 40 ? 3000 : 3000 - 20 * (t - 40 + 0.5)) });
    expect(v).toMatchObject({ outcome: 'still_recovering', still_recovering: true, no_verdict: 'still_recovering', metastable: false, recovered: false, evidence: 'backlog_shrinking' });
    expect(v.projected_recovery_s).toBeCloseTo(149.5, 6);
    expect(v.backlog.trend_per_s).toBeCloseTo(-20, 9);
  });

  it('still recovering when goodput came back for the last windows but for less than the hold', () => {
    const v = verdictOf({ goodput: (t) => (t >= 30 && t < 94 ? 0 : 100) });
    expect(v).toMatchObject({ outcome: 'still_recovering', evidence: 'goodput_back', projected_recovery_s: 54 });
    // One good window at the end is not enough to say so.
    expect(verdictOf({ goodput: (t) => (t >= 30 && t < 99 ? 0 : 100) }).outcome).toBe('metastable');
  });

  it('metastable when the work in the system grows, with the overloaded service named', () => {
    const v = verdictOf({ goodput: down, backlog: (t) => (t < 30 ? 10 : 2000 * (t - 29)), arrivals: (t) => (t < 30 ? 800 : 3200), utilization: (t) => (t < 30 ? 0.8 : 1) });
    expect(v).toMatchObject({ outcome: 'metastable', metastable: true, evidence: 'backlog_growing', still_recovering: false, no_verdict: null });
    expect(v.saturation?.service).toBe('api');
  });

  it('metastable when a bounded queue is pinned at its bound: nothing grows, arrivals exceed capacity', () => {
    const v = verdictOf({ goodput: (t) => (t >= 30 ? 40 : 100), backlog: (t) => (t < 30 ? 10 : 1010), arrivals: (t) => (t < 30 ? 800 : 3100), utilization: (t) => (t < 30 ? 0.8 : 1) });
    expect(v).toMatchObject({ outcome: 'metastable', evidence: 'overloaded' });
  });

  it('metastable when a client throttles itself to zero while the service sits idle: held back', () => {
    const v = verdictOf({ goodput: down, backlog: (t) => (t < 30 ? 10 : t < 50 ? 5000 - 250 * (t - 30) : 0), arrivals: (t) => (t < 30 ? 800 : 0), utilization: (t) => (t < 30 ? 0.8 : 0) });
    expect(v).toMatchObject({ outcome: 'metastable', evidence: 'held_back', saturation: null });
  });

  it('metastable when the backlog holds at a level, even with noise; a noisy drain is still recovering', () => {
    // A backlog of 4,500 that wanders (AR(1), correlation 0.8 from one window to the next), as a
    // storm held at a level does. Calling it draining needs the mean of the last 15 windows to be
    // 225 (5% of the excess) below that of the 15 before. With a standard deviation of 40 that is
    // about five standard deviations of the difference: over 200 draws it never happens, while a
    // drain of 20/s (300 a block) always shows. With 120 the edge is reached: some draws of the
    // flat backlog read as a slow drain (the limit docs/verdict.md states, "Its limits, measured").
    const rng = new RandomStream(7, 'verdict-noise');
    const wandering = (sd: number) => {
      let x = 0;
      return series(() => (x = 0.8 * x + 0.6 * sd * Math.sqrt(3) * (2 * rng.next() - 1)));
    };
    const judge = (drain: number, sd: number) => {
      const noise = wandering(sd);
      return verdictOf({ goodput: down, backlog: (t) => (t < 30 ? 10 : 4500 - drain * Math.max(0, t - 40) + noise[t]) }).outcome;
    };
    const outcomes = (drain: number, sd: number) => Array.from({ length: 200 }, () => judge(drain, sd));
    expect(outcomes(0, 40).filter((o) => o === 'metastable').length).toBe(200);
    expect(outcomes(20, 40).filter((o) => o === 'still_recovering').length).toBe(200);
    const edge = outcomes(0, 120).filter((o) => o === 'still_recovering').length;
    expect(edge).toBeGreaterThan(0);
    expect(edge).toBeLessThan(40);
  });
});
