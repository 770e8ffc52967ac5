/** Aggregates over seeds, checked on hand examples. */
import { describe, expect, it } from 'vitest';
import { meanInterval, tQuantile975, wilsonInterval } from '../../src/sweep/stats.ts';

describe('sweep statistics', () => {
  it('t quantiles: the table, and the expansion past it', () => {
    expect(tQuantile975(1)).toBeCloseTo(12.706, 3);
    expect(tQuantile975(2)).toBeCloseTo(4.303, 3);
    expect(tQuantile975(9)).toBeCloseTo(2.262, 3);
    expect(tQuantile975(30)).toBeCloseTo(2.042, 3);
    expect(tQuantile975(40)).toBeCloseTo(2.021, 3); // exact 2.02108
    expect(tQuantile975(120)).toBeCloseTo(1.980, 3); // exact 1.97993
    expect(tQuantile975(100000)).toBeCloseTo(1.96, 3);
    expect(() => tQuantile975(0)).toThrow();
  });

  it('mean with a Student t interval: 1, 2, 3 is 2 ± 4.303 · 1 / √3', () => {
    const half = (4.30265 * 1) / Math.sqrt(3); // s = 1
    const m = meanInterval([1, 2, 3]);
    expect(m.n).toBe(3);
    expect(m.mean).toBe(2);
    expect(m.ci_low).toBeCloseTo(2 - half, 4); // -0.48414
    expect(m.ci_high).toBeCloseTo(2 + half, 4); // 4.48414
  });

  it('nulls are left out; one value has no interval; none has no mean', () => {
    // s = √2, so the half width is t(1) · √2 / √2 = 12.7062.
    expect(meanInterval([null, 4, null, 6])).toEqual({ n: 2, mean: 5, ci_low: -7.7062, ci_high: 17.7062 });
    expect(meanInterval([7])).toEqual({ n: 1, mean: 7, ci_low: null, ci_high: null });
    expect(meanInterval([null])).toEqual({ n: 0, mean: null, ci_low: null, ci_high: null });
    expect(meanInterval([2, 2, 2])).toEqual({ n: 3, mean: 2, ci_low: 2, ci_high: 2 });
  });

  it('a share with the Wilson interval: 1 of 3, 0 of 3, 3 of 3', () => {
    // p = 1/3, n = 3, z = 1.96: centre (p + z²/6) / (1 + z²/3), half z/(1 + z²/3) · √(p(1−p)/3 + z²/36).
    expect(wilsonInterval(1, 3)).toEqual({ n: 3, share: 0.333333, ci_low: 0.0614919, ci_high: 0.79234 });
    expect(wilsonInterval(0, 3)).toEqual({ n: 3, share: 0, ci_low: 0, ci_high: 0.561497 });
    expect(wilsonInterval(3, 3)).toEqual({ n: 3, share: 1, ci_low: 0.438503, ci_high: 1 });
    expect(wilsonInterval(0, 0)).toEqual({ n: 0, share: null, ci_low: null, ci_high: null });
  });
});
