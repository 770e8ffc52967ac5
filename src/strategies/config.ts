/** Strategy settings as plain data, produced by the scenario layer and consumed by the registry. */
import type { RetryableReason } from './reasons.ts';

/** Backoff kinds this version implements (exponential and jitter come with the strategies issue). */
export const BACKOFF_KINDS = ['none', 'constant'] as const;

/** Delay before the next attempt. Durations are in seconds. */
export type BackoffSpec =
  | { kind: 'none' }
  | { kind: 'constant'; delay: number };

export interface RetrySpec {
  /** First try included; 1 means no retries. */
  maxAttempts: number;
  retryOn: RetryableReason[];
  backoff: BackoffSpec;
}

export const NO_RETRY: RetrySpec = { maxAttempts: 1, retryOn: ['timeout', 'rejected', 'error'], backoff: { kind: 'none' } };
