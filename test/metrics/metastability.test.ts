import { describe, expect, it } from 'vitest';
import { metastabilityVerdict, type MetastabilitySettings } from '../../src/metrics/metastability.ts';

// 100 windows of 1 s; warm-up 10 s; a fault in [30, 40); tolerance 10%, hold 10 s.
const settings: MetastabilitySettings = { window: 1, warmup: 10, duration: 100, tolerance: 0.1, hold: 10, limit: null, faults: [{ start: 30, end: 40 }] };
const series = (f: (t: number) => number) => Array.from({ length: 100 }, (_, t) => f(t));

describe('metastability verdict', () => {
  it('baseline is the mean over whole windows between warm-up and the first fault', () => {
    const v = metastabilityVerdict(series((t) => (t < 10 ? 0 : t < 30 ? (t % 2 === 0 ? 90 : 110) : 100)), settings);
    expect(v.baseline_goodput_per_s).toBe(100);
  });

  it('recovers when goodput is back within tolerance and holds; recovery time counts from the fault end', () => {
    // Collapses during the fault, comes back at t = 55.
    const v = metastabilityVerdict(series((t) => (t >= 30 && t < 55 ? 0 : 100)), settings);
    expect(v).toEqual({ baseline_goodput_per_s: 100, recovered: true, recovery_time_s: 15, metastable: false, no_verdict: null });
  });

  it('is metastable when goodput never comes back, and when it comes back too late to hold', () => {
    expect(metastabilityVerdict(series((t) => (t >= 30 ? 2 : 100)), settings)).toEqual({
      baseline_goodput_per_s: 100,
      recovered: false,
      recovery_time_s: null,
      metastable: true,
      no_verdict: null,
    });
    // Back only for the last 5 s: shorter than the 10 s hold.
    expect(metastabilityVerdict(series((t) => (t >= 30 && t < 95 ? 0 : 100)), settings).metastable).toBe(true);
  });

  it('judges a noisy recovery by the mean over the hold, and takes the tolerance and hold as set', () => {
    const noisy = series((t) => (t >= 30 && t < 50 ? 0 : t % 2 === 0 ? 80 : 120));
    expect(metastabilityVerdict(noisy, settings).recovered).toBe(true);
    expect(metastabilityVerdict(series((t) => (t >= 30 ? 85 : 100)), settings).recovered).toBe(false);
    expect(metastabilityVerdict(series((t) => (t >= 30 ? 85 : 100)), { ...settings, tolerance: 0.2 }).recovered).toBe(true);
  });

  it('relapse after a brief recovery counts from the last time goodput came back for good', () => {
    const v = metastabilityVerdict(series((t) => ((t >= 30 && t < 45) || (t >= 60 && t < 70) ? 0 : 100)), settings);
    expect(v.recovery_time_s).toBe(30);
  });

  it('without faults: recovered (steady) and never metastable; no baseline window: no verdict', () => {
    expect(metastabilityVerdict(series(() => 100), { ...settings, faults: [] })).toEqual({
      baseline_goodput_per_s: 100,
      recovered: true,
      recovery_time_s: 0,
      metastable: false,
      no_verdict: null,
    });
    const early = metastabilityVerdict(series(() => 100), { ...settings, faults: [{ start: 5, end: 20 }] });
    expect(early).toEqual({ baseline_goodput_per_s: null, recovered: false, recovery_time_s: null, metastable: false, no_verdict: 'no_baseline_window' });
  });

  it('gives no verdict when a recovery could not be seen or there is nothing to recover to', () => {
    // The last fault ends 5 s before the end: shorter than the 10 s hold.
    const late = metastabilityVerdict(series(() => 100), { ...settings, faults: [{ start: 30, end: 95 }] });
    expect(late).toMatchObject({ recovered: false, metastable: false, no_verdict: 'too_short_to_hold' });
    const dead = metastabilityVerdict(series(() => 0), settings);
    expect(dead).toMatchObject({ baseline_goodput_per_s: null, recovered: false, metastable: false, no_verdict: 'zero_baseline' });
  });

  it('with a limit, a recovery that begins too late counts as none', () => {
    const slow = series((t) => (t >= 30 && t < 55 ? 0 : 100)); // back 15 s after the fault
    expect(metastabilityVerdict(slow, { ...settings, limit: 20 })).toMatchObject({ recovered: true, recovery_time_s: 15 });
    expect(metastabilityVerdict(slow, { ...settings, limit: 10 })).toMatchObject({ recovered: false, recovery_time_s: null, metastable: true });
  });

  it('a fault that starts after the end of arrivals is no trigger', () => {
    const v = metastabilityVerdict(series(() => 100), { ...settings, faults: [{ start: 100, end: 200 }] });
    expect(v).toMatchObject({ recovered: true, metastable: false, no_verdict: null, recovery_time_s: 0 });
  });
});
