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

/** The bucket of a value, or -1 for one counted as zero (below MIN_VALUE). */
export function bucketOf(value: number): number {
  if (value < MIN_VALUE) return -1;
  const i = Math.ceil(Math.log(value) / LOG_GAMMA) - OFFSET;
  return i >= BUCKETS ? BUCKETS - 1 : i;
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
