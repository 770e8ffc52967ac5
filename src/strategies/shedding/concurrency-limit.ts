/**
 * A concurrency limit in front of the service, after Netflix's concurrency-limits
 * (https://github.com/Netflix/concurrency-limits, SimpleLimiter): an arriving attempt is
 * refused at once (shed, answered `rejected`) when the attempts already in the service, queued
 * or being served, reach the limit; the limit itself moves with what completions show, by one
 * of the algorithms in limits.ts. Like the library's limiter, each completion is reported with
 * the in-flight count seen when that attempt was admitted (itself included), and an attempt
 * cancelled by its caller is ignored (the library's onIgnore) rather than sampled.
 */
import type { LimitAlgorithm } from './limits.ts';
import type { SheddingPolicy, WaitingAttempt, WaitingLine } from './policy.ts';

export class ConcurrencyLimit implements SheddingPolicy {
  constructor(private readonly algorithm: LimitAlgorithm) {}

  /** The limit now (a whole number of attempts). */
  get limit(): number {
    return this.algorithm.limit;
  }

  admit(_now: number, waiting: number, inService: number): boolean {
    return waiting + inService < this.algorithm.limit;
  }

  next<J extends WaitingAttempt>(line: WaitingLine<J>): J | undefined {
    return line.take();
  }

  completed(latency: number, failed: boolean, inFlight: number): void {
    this.algorithm.update(latency, inFlight, failed);
  }
}
