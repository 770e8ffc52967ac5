/**
 * Limit algorithms for ConcurrencyLimit, ported from Netflix's concurrency-limits
 * (concurrency-limits-core/.../limit/AIMDLimit.java and Gradient2Limit.java). Each sees one
 * sample per completed attempt: its round-trip time in the service (queue wait included), the
 * in-flight count when it was admitted, and whether it was a drop (it failed, or took longer
 * than the AIMD timeout).
 */

export interface LimitAlgorithm {
  /** The current limit, a whole number of attempts. */
  readonly limit: number;
  update(rtt: number, inFlight: number, didDrop: boolean): void;
}

export interface LimitBounds {
  initial: number;
  min: number;
  max: number;
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

/**
 * Additive increase, multiplicative decrease (AIMDLimit): on a drop, or an attempt slower than
 * `timeout` (null: none), limit = floor(limit × backoffRatio); otherwise, when at least half
 * the limit was in use (inFlight × 2 >= limit), limit + 1; kept within [min, max].
 */
export class AimdLimit implements LimitAlgorithm {
  limit: number;

  constructor(private readonly bounds: LimitBounds, private readonly backoffRatio: number, private readonly timeout: number | null) {
    this.limit = clamp(bounds.initial, bounds.min, bounds.max);
  }

  update(rtt: number, inFlight: number, didDrop: boolean): void {
    let limit = this.limit;
    if (didDrop || (this.timeout !== null && rtt > this.timeout)) limit = Math.floor(limit * this.backoffRatio);
    else if (inFlight * 2 >= limit) limit = limit + 1;
    this.limit = clamp(limit, this.bounds.min, this.bounds.max);
  }
}

/**
 * Netflix's ExpAvgMeasurement: the plain mean of the first `warmup` samples, then an
 * exponential moving average with factor 2 / (window + 1).
 */
class ExpAverage {
  value = 0;
  private count = 0;
  private sum = 0;
  private readonly factor: number;

  constructor(window: number, private readonly warmup: number) {
    this.factor = 2 / (window + 1);
  }

  add(sample: number): number {
    if (this.count < this.warmup) {
      this.count++;
      this.sum += sample;
      this.value = this.sum / this.count;
    } else {
      this.value = this.value * (1 - this.factor) + sample * this.factor;
    }
    return this.value;
  }
}

/** Gradient2Limit's fixed settings: the library's defaults, not configurable in this version. */
export const GRADIENT2_DEFAULTS = {
  /** How much of each new estimate is taken. */
  smoothing: 0.2,
  /** Samples in the long-term RTT average (plus 10 of warm-up, a plain mean). */
  longWindow: 600,
  warmup: 10,
  /** The growth allowed while latency stays low (the library's queueSize). */
  queueSize: 4,
  /** A long-term / short-term RTT ratio this far below 1 still counts as no queueing. */
  rttTolerance: 1.5,
} as const;

/**
 * Gradient2Limit: the limit follows the ratio of a long-term RTT average to the latest RTT
 * (the gradient, within [0.5, 1]), plus an allowance of `queueSize` for growth:
 *   gradient = max(0.5, min(1, tolerance × longRtt / rtt))
 *   limit    = (1 − smoothing) × limit + smoothing × (gradient × limit + queueSize)
 * The long average is cut by 5% whenever it is over twice the latest RTT (recovery after a
 * long overload), and the limit is left alone while less than half of it is in use. `didDrop`
 * is not used, as in the library. The limit is kept as a real number; its whole part applies.
 */
export class Gradient2Limit implements LimitAlgorithm {
  private estimated: number;
  private readonly longRtt = new ExpAverage(GRADIENT2_DEFAULTS.longWindow, GRADIENT2_DEFAULTS.warmup);

  constructor(private readonly bounds: LimitBounds) {
    this.estimated = clamp(bounds.initial, bounds.min, bounds.max);
  }

  get limit(): number {
    return Math.floor(this.estimated);
  }

  update(rtt: number, inFlight: number): void {
    const { smoothing, queueSize, rttTolerance } = GRADIENT2_DEFAULTS;
    const longRtt = this.longRtt.add(rtt);
    // A zero-length sample (zero service time) shows no queueing; the library divides by it.
    const ratio = rtt > 0 ? longRtt / rtt : 1;
    if (ratio > 2) this.longRtt.value *= 0.95;
    if (inFlight < this.estimated / 2) return;
    const gradient = Math.max(0.5, Math.min(1, rttTolerance * ratio));
    const next = this.estimated * gradient + queueSize;
    this.estimated = clamp(this.estimated * (1 - smoothing) + next * smoothing, this.bounds.min, this.bounds.max);
  }
}
