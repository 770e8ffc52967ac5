/** Why an attempt (or a request) failed: the vocabulary of SCENARIO-FORMAT.md. */
export const FAILURE_REASONS = ['timeout', 'rejected', 'error', 'circuit_open', 'budget', 'throttled'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export function isFailureReason(value: string): value is FailureReason {
  return (FAILURE_REASONS as readonly string[]).includes(value);
}

/** Reasons a retry policy may retry on; the others are decisions made on the client's side. */
export const RETRYABLE_REASONS = ['timeout', 'rejected', 'error'] as const;
export type RetryableReason = (typeof RETRYABLE_REASONS)[number];
