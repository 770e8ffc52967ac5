/**
 * Retry policy: whether a failed attempt is tried again, and after how long. Composition point
 * for the strategies issue: budgets will wrap this policy rather than subclass it.
 */
import type { RandomStream } from '../engine/random.ts';
import { createBackoff, type Backoff } from './backoff.ts';
import type { RetrySpec } from './config.ts';
import type { FailureReason } from './reasons.ts';

export class RetryPolicy {
  readonly maxAttempts: number;
  private readonly retryOn: ReadonlySet<FailureReason>;
  private readonly backoff: Backoff;

  constructor(spec: RetrySpec) {
    this.maxAttempts = spec.maxAttempts;
    this.retryOn = new Set<FailureReason>(spec.retryOn);
    this.backoff = createBackoff(spec.backoff);
  }

  /** After `attemptsMade` attempts, the last of which failed for `reason`. */
  shouldRetry(reason: FailureReason, attemptsMade: number): boolean {
    return attemptsMade < this.maxAttempts && this.retryOn.has(reason);
  }

  /** Whether `reason` is one this policy retries on (`retry_on`), attempts left or not. */
  retriesOn(reason: FailureReason): boolean {
    return this.retryOn.has(reason);
  }

  delay(retry: number, previous: number, rng: RandomStream): number {
    return this.backoff.delay(retry, previous, rng);
  }
}
