import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/engine/random.ts';
import { Histogram } from '../../src/metrics/histogram.ts';

/** Nearest-rank quantile of sorted values: the definition the histogram approximates. */
function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

describe('streaming histogram', () => {
  it('keeps every quantile within 1% relative error over 12 decades of values', () => {
    const rng = new RandomStream(7, 'histogram');
    const h = new Histogram();
    const values: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const v = Math.exp(-15 + 27 * rng.next()); // from 3e-7 s to 5e5 s
      values.push(v);
      h.record(v);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 0.9999, 1]) {
      const exact = exactQuantile(values, q);
      expect(Math.abs(h.quantile(q) - exact) / exact).toBeLessThanOrEqual(0.01);
    }
    expect(h.max).toBe(values[values.length - 1]);
    expect(h.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
  });

  it('reports zeros as zero, empties on reset, and says NaN when empty', () => {
    const h = new Histogram();
    expect(h.quantile(0.5)).toBeNaN();
    h.record(0);
    h.record(0);
    h.record(1);
    expect(h.quantile(0.5)).toBe(0);
    expect(h.quantile(1)).toBeCloseTo(1, 2);
    h.reset();
    expect(h.count).toBe(0);
    expect(h.quantile(0.5)).toBeNaN();
    h.record(0.003);
    expect(Math.abs(h.quantile(0.5) / 0.003 - 1)).toBeLessThan(0.01);
  });
});
