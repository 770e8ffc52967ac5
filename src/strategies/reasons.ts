/** Why an attempt (or a request) failed: the vocabulary of SCENARIO-FORMAT.md, and this project's additions. */
export const FAILURE_REASONS = ['timeout', 'rejected', 'error', 'circuit_open', 'budget', 'throttled', 'pool_exhausted'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export function isFailureReason(value: string): value is FailureReason {
  return (FAILURE_REASONS as readonly string[]).includes(value);
}

/**
 * Reasons only some scenarios can produce, reported (summary.json `failures`, timeseries.csv
 * `failed_<reason>_per_s`, assertion paths) only by runs of scenarios that can: so that adding
 * one leaves the results of every older scenario byte-identical. `pool_exhausted` needs a
 * connection pool on some route (docs/connection-pools.md).
 */
export const POOL_REASONS = ['pool_exhausted'] as const;

/** The reasons a run reports: all, or all but those of pools when no route has one. */
export function reportedReasons(pools: boolean): readonly FailureReason[] {
  return pools ? FAILURE_REASONS : FAILURE_REASONS.filter((r) => !(POOL_REASONS as readonly string[]).includes(r));
}

/** Whether any route (a client, or a service's call) has a pool: then the run reports `pool_exhausted`. */
export function hasPools(
  clients: readonly { pool?: unknown }[],
  services: readonly { calls: readonly ({ pool?: unknown } | { parallel: readonly { pool?: unknown }[] })[] }[],
): boolean {
  // A parallel step (fan-out.ts) has its pools on its branches.
  const pooled = (c: { pool?: unknown } | { parallel: readonly { pool?: unknown }[] }): boolean =>
    'parallel' in c ? c.parallel.some((b) => b.pool != null) : c.pool != null;
  return clients.some((c) => c.pool != null) || services.some((s) => s.calls.some(pooled));
}

/**
 * Reasons a retry policy may retry on; the others are decisions made on the client's side.
 * `pool_exhausted` is the caller's own decision too, but one that a moment later may go the
 * other way (a connection is freed), so it may be retried; it is not by default, which keeps
 * the default `retry_on` of SCENARIO-FORMAT.md.
 */
export const RETRYABLE_REASONS = ['timeout', 'rejected', 'error', 'pool_exhausted'] as const;
export type RetryableReason = (typeof RETRYABLE_REASONS)[number];

/** `retry_on` when a scenario leaves it out. */
export const DEFAULT_RETRY_ON: readonly RetryableReason[] = ['timeout', 'rejected', 'error'];
