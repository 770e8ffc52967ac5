import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/engine/random.ts';
import { bucketByLog, bucketOf, Histogram } from '../../src/metrics/histogram.ts';

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

/** The next double up (positive, finite values). */
function nextUp(x: number): number {
  const f = new Float64Array([x]);
  new BigUint64Array(f.buffer)[0] += 1n;
  return f[0];
}

function nextDown(x: number): number {
  const f = new Float64Array([x]);
  new BigUint64Array(f.buffer)[0] -= 1n;
  return f[0];
}

describe('bucketOf, the table lookup', () => {
  it('agrees with the logarithm at every bucket boundary, one double either side', () => {
    // A grid finer than the buckets (0.2% steps against 1%), from below the smallest value kept
    // to above the largest: every boundary lies between two neighbouring grid points.
    let boundaries = 0;
    for (let v = 5e-8; v < 3e6; ) {
      const w = v * 1.002;
      if (bucketByLog(w) !== bucketByLog(v)) {
        let low = v;
        let high = w;
        while (nextUp(low) < high) {
          const mid = low + (high - low) / 2;
          if (bucketByLog(mid) === bucketByLog(v)) low = mid;
          else high = mid;
        }
        boundaries++;
        for (const x of [nextDown(low), low, high, nextUp(high)]) expect(bucketOf(x), `value ${x}`).toBe(bucketByLog(x));
      }
      v = w;
    }
    expect(boundaries).toBeGreaterThan(2900);
  });

  it('agrees with the logarithm on a million values over the whole range and beyond', () => {
    const rng = new RandomStream(11, 'buckets');
    for (let i = 0; i < 1_000_000; i++) {
      const v = Math.exp(-18 + 34 * rng.next()); // 1.5e-8 to 8.9e6
      if (bucketOf(v) !== bucketByLog(v)) expect(bucketOf(v), `value ${v}`).toBe(bucketByLog(v));
    }
    for (const v of [0, 1e-7, nextDown(1e-7), 1e6, nextDown(1e6), 2 ** 20, nextDown(2 ** 20), 1e300, Infinity]) {
      expect(bucketOf(v), `value ${v}`).toBe(bucketByLog(v));
    }
  });
});
