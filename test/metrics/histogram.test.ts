import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/engine/random.ts';
import { bucketByLog, bucketOf, bucketValue, Histogram } from '../../src/metrics/histogram.ts';

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

const BITS = new Float64Array(1);
const WORD = new BigUint64Array(BITS.buffer);

/** The next double up (positive, finite values). */
function nextUp(x: number): number {
  BITS[0] = x;
  WORD[0] += 1n;
  return BITS[0];
}

function nextDown(x: number): number {
  BITS[0] = x;
  WORD[0] -= 1n;
  return BITS[0];
}

/** The smallest normal double, 2^-1022: from here up the format itself holds 0.5%. */
const MIN_NORMAL = 2 ** -1022;
/** At most 0.5%, up to rounding: the worst of all 283,636 bucket ends is 0.5% + 1.4e-13. */
const ALPHA = 0.005 * (1 + 1e-9);

describe('bucketOf, the table lookup', () => {
  it('agrees with the logarithm at every bucket boundary, one double either side', () => {
    // A grid finer than the buckets (0.2% steps against 1%), from below the table (2^-30) to
    // above it (2^30): every boundary lies between two neighbouring grid points.
    let boundaries = 0;
    for (let v = 2 ** -31; v < 2 ** 31; ) {
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
    expect(boundaries).toBeGreaterThan(4200);
  });

  it('agrees with the logarithm on a million values over the table and beyond, and at its edges', () => {
    const rng = new RandomStream(11, 'buckets');
    for (let i = 0; i < 1_000_000; i++) {
      const v = Math.exp(-24 + 48 * rng.next()); // 3.8e-11 to 2.6e10
      if (bucketOf(v) !== bucketByLog(v)) expect(bucketOf(v), `value ${v}`).toBe(bucketByLog(v));
    }
    const edges = [2 ** -30, nextDown(2 ** -30), 2 ** 30, nextDown(2 ** 30), 1e-7, nextDown(1e-7), 1e6, nextUp(1e6), 2 ** 20];
    const ends = [0, -0, -1, NaN, Number.MIN_VALUE, MIN_NORMAL, nextDown(MIN_NORMAL), 1e300, Number.MAX_VALUE, Infinity];
    for (const v of [...edges, ...ends]) expect(bucketOf(v), `value ${v}`).toBe(bucketByLog(v));
  });
});

/** The quantiles of a histogram of `values`, by the exact nearest rank and by the histogram. */
function bothQuantiles(values: number[], qs: number[]): [number, number][] {
  const h = new Histogram();
  for (const v of values) h.record(v);
  const sorted = [...values].sort((a, b) => a - b);
  return qs.map((q) => [exactQuantile(sorted, q), h.quantile(q)]);
}

describe('range: every positive double, none clipped or read as zero', () => {
  it('gives every bucket end from 2^-1022 to Number.MAX_VALUE a value within 0.5%', () => {
    // Both ends of every bucket of the normal doubles (141,818 buckets): the last double of each
    // by bisection, the first of the next one ulp above it. A bucket's value is at most 0.5% from
    // either end, so from everything between.
    const top = bucketOf(Number.MAX_VALUE);
    let first = MIN_NORMAL;
    let ends = 0;
    for (let i = bucketOf(MIN_NORMAL); i <= top; i++) {
      let last = Number.MAX_VALUE;
      if (i < top) {
        // first * 1.02 is in a higher bucket (a bucket spans a factor of γ = 1.01005).
        let low = first;
        let high = Math.min(first * 1.02, Number.MAX_VALUE);
        while (nextUp(low) < high) {
          const mid = low + (high - low) / 2;
          if (bucketByLog(mid) <= i) low = mid;
          else high = mid;
        }
        last = low;
      }
      ends += 2;
      for (const v of [first, last]) {
        const error = Math.abs(bucketValue(i) - v) / v;
        if (bucketOf(v) !== i || error > ALPHA) expect({ v, bucket: bucketOf(v), error }).toEqual({ v, bucket: i, error: '<= 0.5%' });
      }
      first = nextUp(last);
    }
    expect(ends).toBe(2 * (top - bucketOf(MIN_NORMAL) + 1));
    expect(first).toBe(Infinity);
  });

  it('keeps subnormal values (below 2^-1022) positive, within 0.5% plus one step of their grid', () => {
    expect(bucketOf(Number.MIN_VALUE)).toBe(0);
    for (let v = Number.MIN_VALUE; v < MIN_NORMAL; v = Math.max(nextUp(v), v * 1.001)) {
      const value = bucketValue(bucketOf(v));
      if (!(Math.abs(value - v) <= 0.005 * v + Number.MIN_VALUE)) expect({ v, value }).toBe('within 0.5% + 5e-324');
    }
  });

  it('reports values inside the old range (100 ns to 10^6 s) as the same doubles as before', () => {
    // What the fixed array of 100 ns to 10^6 s reported (commit febb0ca): every bundled
    // scenario's results must stay byte-identical.
    const before: [number, number][] = [
      [1e-7, 1.0029532092773459e-7], [3.3e-7, 3.296821339906671e-7], [0.00001234, 0.000012309900386225818],
      [0.003, 0.003012271372830293], [0.0999, 0.09975563747413808], [1, 0.9950000000000001],
      [42, 41.88880574785334], [86400, 86256.63069807665], [999999, 999592.1517988333],
    ];
    for (const [v, reported] of before) expect(bothQuantiles([v, 1e6], [0.5])[0][1], `value ${v}`).toBe(reported);
  });

  it('reports values at and beyond the old ends (100 ns, 10^6 s) within 0.5%, not as 0 or 10^6 s', () => {
    const below = [1e-7, nextDown(1e-7), 99e-9, 1e-9, 1e-12, 1e-100, MIN_NORMAL];
    const above = [1e6, nextUp(1e6), 1.0101e6, 1e7, 1e9, 3.2e10, 1e100, Number.MAX_VALUE];
    for (const v of [...below, ...above]) {
      // With a larger value beside it, so that the cap at the max does not hide an overestimate.
      const [[exact, reported]] = bothQuantiles([v, Number.MAX_VALUE], [0.5]);
      expect(exact).toBe(v);
      expect(Math.abs(reported - v) / v, `value ${v}`).toBeLessThanOrEqual(ALPHA);
    }
  });

  it('keeps every quantile within 0.5% over 600 decades, 1e-300 s to 1e300 s', () => {
    const rng = new RandomStream(3, 'histogram-range');
    const values = Array.from({ length: 100_000 }, () => 10 ** (-300 + 600 * rng.next()));
    for (const [exact, reported] of bothQuantiles(values, [0, 1e-4, 0.01, 0.1, 0.5, 0.9, 0.99, 0.9999, 1])) {
      expect(Math.abs(reported - exact) / exact, `exact ${exact}`).toBeLessThanOrEqual(ALPHA);
    }
  });

  it('counts zero as zero, and a negative value or NaN (not durations) as zero; the mean takes them as they are', () => {
    const h = new Histogram();
    for (const v of [0, -0, -1, 2]) h.record(v);
    expect([h.quantile(0.25), h.quantile(0.5), h.quantile(0.75)]).toEqual([0, 0, 0]);
    expect(h.quantile(1)).toBe(2);
    expect(h.mean).toBe(0.25);
    h.record(NaN);
    expect(h.quantile(0.8)).toBe(0);
    expect(h.mean).toBeNaN();
  });

  it('counts Infinity (not a duration) in the top bucket: a finite quantile there, the max Infinity', () => {
    const h = new Histogram();
    h.record(1);
    h.record(Infinity);
    expect(bucketOf(Infinity)).toBe(bucketOf(Number.MAX_VALUE));
    expect(h.quantile(1)).toBe(bucketValue(bucketOf(Number.MAX_VALUE)));
    expect(h.quantile(1) / Number.MAX_VALUE).toBeCloseTo(1, 2);
    expect(h.max).toBe(Infinity);
  });

  it('keeps its counts as they grow at either end, through reset and copy', () => {
    const values = [1, 1.5, 1e-9, 2e-9, 1e9, 1e-300, 1e300, 0.01];
    /** Every rank of `recorded` within 0.5%. */
    const check = (h: Histogram, recorded: number[]) => {
      const sorted = [...recorded].sort((a, b) => a - b);
      expect(h.count).toBe(sorted.length);
      sorted.forEach((exact, r) => expect(Math.abs(h.quantile((r + 1) / sorted.length) - exact) / exact).toBeLessThanOrEqual(ALPHA));
    };
    const h = new Histogram();
    for (const v of values) h.record(v);
    check(h, values);
    const c = h.copy();
    h.reset();
    check(c, values);
    h.record(1e-200);
    check(h, [1e-200]);
    for (const v of values) h.record(v);
    check(h, [1e-200, ...values]);
    check(c, values);
  });
});
