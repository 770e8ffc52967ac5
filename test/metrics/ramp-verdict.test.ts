/** Each step down a ramp against the step up at the same rate, on series made by hand (windows of 1 s). */
import { describe, expect, it } from 'vitest';
import { stepOutcome } from '../../src/metrics/ramp-verdict.ts';

// The step up is windows [0, 10), the step down [20, 30): halves [20, 25) and [25, 30).
const up = { from: 0, to: 10 };
const down = { from: 20, to: 30 };
const series = (f: (t: number) => number) => Array.from({ length: 30 }, (_, t) => f(t));

describe('stepOutcome', () => {
  it('allows counting noise at a low rate: 35/s against 40/s over 5 s is within three standard errors (8.5)', () => {
    const noisy = series((t) => (t < 20 ? 40 : 35));
    expect(stepOutcome(noisy, series(() => 1), up, down, 0.1, 1)).toBe('recovered');
    expect(stepOutcome(series((t) => (t < 20 ? 40 : 30)), series(() => 1), up, down, 0.1, 1)).toBe('metastable');
  });

  it('recovered when goodput is back within tolerance of the way up over the second half', () => {
    // Back from t = 24: the step mean (60) is low, but the second half is at 100.
    expect(stepOutcome(series((t) => (t < 20 || t >= 24 ? 100 : 0)), series(() => 10), up, down, 0.1, 1)).toBe('recovered');
    expect(stepOutcome(series((t) => (t < 20 || t >= 26 ? 100 : 0)), series(() => 10), up, down, 0.1, 1)).not.toBe('recovered');
  });

  it('still recovering when goodput is not back but the excess work drains from the first half to the second', () => {
    const low = series((t) => (t < 20 ? 100 : 5));
    expect(stepOutcome(low, series((t) => (t < 20 ? 10 : 2000 - 100 * (t - 20))), up, down, 0.1, 1)).toBe('still_recovering');
  });

  it('metastable when goodput stays low and the work holds or grows', () => {
    const low = series((t) => (t < 20 ? 100 : 5));
    expect(stepOutcome(low, series((t) => (t < 20 ? 10 : 1000)), up, down, 0.1, 1)).toBe('metastable');
    expect(stepOutcome(low, series((t) => (t < 20 ? 10 : 100 * t)), up, down, 0.1, 1)).toBe('metastable');
    // No work left and still no goodput: the callers hold back.
    expect(stepOutcome(low, series((t) => (t < 20 ? 10 : 0)), up, down, 0.1, 1)).toBe('metastable');
  });
});
