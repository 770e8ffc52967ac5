/**
 * A streaming histogram with bounded memory and bounded relative error, after DDSketch
 * (Masson, Rim & Lee, "DDSketch: A Fast and Fully-Mergeable Quantile Sketch with Relative-Error
 * Guarantees", VLDB 2019, https://arxiv.org/abs/1908.10693): bucket i holds values in
 * (γ^(i-1), γ^i] with γ = (1 + α) / (1 − α), and reporting 2γ^i / (γ + 1) is within α of any
 * value in the bucket. α = 0.5% here, half the 1% this project promises.
 *
 * Values from MIN_VALUE to MAX_VALUE (100 ns to about 11 days, in seconds) are kept in a fixed
 * array of counts; smaller values count as zero and larger ones in the last bucket. Mean and max
 * are exact.
 */
const RELATIVE_ACCURACY = 0.005;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
const MIN_VALUE = 1e-7;
const MAX_VALUE = 1e6;
const OFFSET = Math.ceil(Math.log(MIN_VALUE) / LOG_GAMMA);
const BUCKETS = Math.ceil(Math.log(MAX_VALUE) / LOG_GAMMA) - OFFSET + 1;

/** The bucket of a value by its definition, ⌈ln v / ln γ⌉: the reference bucketOf must agree with. */
export function bucketByLog(value: number): number {
  if (value < MIN_VALUE) return -1;
  const i = Math.ceil(Math.log(value) / LOG_GAMMA) - OFFSET;
  return i >= BUCKETS ? BUCKETS - 1 : i;
}

/*
 * bucketOf without a logarithm. Every latency is bucketed twice (its window's histogram and the
 * run's share one lookup) and the logarithm was the largest single item of the metrics' profile.
 * A double's exponent and the top SUB_BITS bits of its mantissa cut the range into slices 2^-8
 * (0.39%) wide relative to their value, narrower than a bucket (1%), so a slice holds at most one
 * bucket boundary. For each slice the table keeps the bucket of its low end (BASE) and the
 * smallest value of the next bucket in it (NEXT, Infinity when none), both found with
 * bucketByLog at load time; so bucketOf(v) === bucketByLog(v) for every double, boundaries
 * included (test/metrics/histogram.test.ts checks every boundary, one ulp either side).
 */
const SUB_BITS = 8;
const SUBS = 1 << SUB_BITS;
const LOWEST_EXPONENT = Math.floor(Math.log2(MIN_VALUE));
/** Above this the table is not used (the last bucket, or a value out of range): 2^20 > MAX_VALUE. */
const TABLE_END = 2 ** 20;
const SLICES = (Math.log2(TABLE_END) - LOWEST_EXPONENT) * SUBS;
const BITS = new Float64Array(1);
const BITS_WORDS = new Uint32Array(BITS.buffer);
/** Index of the word holding sign, exponent and top mantissa bits (1 on little-endian machines). */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const BASE = new Int32Array(SLICES);
const NEXT = new Float64Array(SLICES);

function sliceOf(value: number): number {
  BITS[0] = value;
  const high = BITS_WORDS[HIGH_WORD];
  return ((high >>> 20) - 1023 - LOWEST_EXPONENT) * SUBS + ((high >>> (20 - SUB_BITS)) & (SUBS - 1));
}

/** The smallest double in (low, high] whose bucket is above low's (high's is), by bisection. */
function firstOfNextBucket(low: number, high: number): number {
  const bucket = bucketByLog(low);
  // Start close: the boundary is γ^(bucket + OFFSET) up to rounding (a few ulps; 1e-12 is ~4,500).
  const estimate = Math.exp((bucket + OFFSET) * LOG_GAMMA);
  const below = estimate * (1 - 1e-12);
  const above = estimate * (1 + 1e-12);
  if (below > low && bucketByLog(below) === bucket) low = below;
  if (above < high && bucketByLog(above) > bucket) high = above;
  for (;;) {
    const mid = low + (high - low) / 2;
    if (mid === low || mid === high) return high;
    if (bucketByLog(mid) > bucket) high = mid;
    else low = mid;
  }
}

for (let e = LOWEST_EXPONENT; e < Math.log2(TABLE_END); e++) {
  for (let m = 0; m < SUBS; m++) {
    const start = Math.max(2 ** e * (1 + m / SUBS), MIN_VALUE);
    const end = 2 ** e * (1 + (m + 1) / SUBS);
    // The last double of the slice: just below its end (the next slice's first value).
    const last = end - 2 ** (e - 52);
    const slice = sliceOf(2 ** e * (1 + m / SUBS));
    BASE[slice] = bucketByLog(start);
    NEXT[slice] = bucketByLog(last) > BASE[slice] ? firstOfNextBucket(start, last) : Infinity;
  }
}

/** The bucket of a value, or -1 for one counted as zero (below MIN_VALUE): bucketByLog's answer. */
export function bucketOf(value: number): number {
  if (value < MIN_VALUE) return -1;
  if (!(value < TABLE_END)) return bucketByLog(value);
  const slice = sliceOf(value);
  return value >= NEXT[slice] ? BASE[slice] + 1 : BASE[slice];
}

export class Histogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private zeros = 0;
  private lowest = BUCKETS;
  private highest = -1;
  count = 0;
  sum = 0;
  max = -Infinity;

  record(value: number): void {
    this.recordIn(bucketOf(value), value);
  }

  /**
   * Records `value`, whose bucket is `bucket` (from bucketOf(value)): a value recorded in two
   * histograms (a window's and the run's) costs one logarithm, not two.
   */
  recordIn(bucket: number, value: number): void {
    this.count++;
    this.sum += value;
    if (value > this.max) this.max = value;
    if (bucket < 0) {
      this.zeros++;
      return;
    }
    this.counts[bucket]++;
    if (bucket < this.lowest) this.lowest = bucket;
    if (bucket > this.highest) this.highest = bucket;
  }

  get mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  /** Nearest-rank quantile, q in [0, 1]; NaN when empty. Never above the exact max. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    if (rank <= this.zeros) return 0;
    let seen = this.zeros;
    for (let i = this.lowest; i <= this.highest; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(this.max, (2 * Math.pow(GAMMA, i + OFFSET)) / (GAMMA + 1));
    }
    return this.max;
  }

  /** An independent histogram with the same contents. */
  copy(): Histogram {
    const h = new Histogram();
    h.counts.set(this.counts);
    Object.assign(h, { zeros: this.zeros, lowest: this.lowest, highest: this.highest, count: this.count, sum: this.sum, max: this.max });
    return h;
  }

  /** Empties the histogram, touching only the buckets in use. */
  reset(): void {
    if (this.highest >= this.lowest) this.counts.fill(0, this.lowest, this.highest + 1);
    this.zeros = 0;
    this.lowest = BUCKETS;
    this.highest = -1;
    this.count = 0;
    this.sum = 0;
    this.max = -Infinity;
  }
}
