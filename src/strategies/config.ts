/**
 * Strategy settings as plain data, produced by the scenario layer and consumed by the
 * registries. Durations are in seconds, rates per second, fractions in [0, 1].
 */
import type { RetryableReason } from './reasons.ts';

export const BACKOFF_KINDS = ['none', 'constant', 'exponential'] as const;
/** The jitter kinds of the AWS Architecture Blog, "Exponential Backoff And Jitter". */
export const JITTER_KINDS = ['none', 'full', 'equal', 'decorrelated'] as const;
export type JitterKind = (typeof JITTER_KINDS)[number];

/** Delay before the next attempt. */
export type BackoffSpec =
  | { kind: 'none' }
  | { kind: 'constant'; delay: number }
  /** base · multiplier^(retry − 1), at most cap (null: no cap), then jitter. Defaults: multiplier 2, cap none, jitter none. */
  | { kind: 'exponential'; base: number; multiplier: number; cap: number | null; jitter: JitterKind };

export const BUDGET_KINDS = ['token_bucket', 'ratio', 'concurrency'] as const;

/** Limits retries (and hedges) so that they cannot multiply load without bound. */
export type BudgetSpec =
  /** gRPC retry throttling (gRFC A6). */
  | { kind: 'token_bucket'; maxTokens: number; tokenRatio: number }
  /** Finagle RetryBudget / Linkerd retryBudget. Defaults: min_per_second 10, ttl 10s. */
  | { kind: 'ratio'; ratio: number; minPerSecond: number; ttl: number }
  /** Envoy's retry budget. Default min_concurrent 3. */
  | { kind: 'concurrency'; ratio: number; minConcurrent: number };

export interface RetrySpec {
  /** First try included; 1 means no retries. */
  maxAttempts: number;
  retryOn: RetryableReason[];
  backoff: BackoffSpec;
  /** null: no budget. */
  budget: BudgetSpec | null;
}

export const NO_RETRY: RetrySpec = { maxAttempts: 1, retryOn: ['timeout', 'rejected', 'error'], backoff: { kind: 'none' }, budget: null };

/**
 * How half-open trials decide: `all_succeed` (Nygard, Release It!; the default), one failed
 * trial reopens and all succeeding closes; `failure_rate` (Resilience4j), once every trial has
 * ended, closes if their failed share is below failure_rate and reopens otherwise.
 */
export const HALF_OPEN_RULES = ['all_succeed', 'failure_rate'] as const;
export type HalfOpenRule = (typeof HALF_OPEN_RULES)[number];

/** Nygard's circuit breaker (Release It!), per caller and target. */
export interface CircuitBreakerSpec {
  /** Opens when the share of failed attempts in `window` reaches this... */
  failureRate: number;
  /** ...once at least this many attempts ended in the window. Default 20. */
  minCalls: number;
  /** Sliding window of attempt outcomes. Default 10s. */
  window: number;
  /** Stays open this long, then half-open. Default 5s. */
  openFor: number;
  /** open_for is drawn uniformly within ± this share of itself. Default 0. */
  openJitter: number;
  /** Trial attempts let through while half-open; `halfOpenRule` judges them. Default 1. */
  halfOpenCalls: number;
  /** Default all_succeed. */
  halfOpenRule: HalfOpenRule;
}

/** Dean & Barroso, "The Tail at Scale": a second attempt if the first is slow. */
export interface HedgeSpec {
  after: number;
  /** Extra attempts per try. Default 1. */
  maxExtra: number;
  /** Tell the service to drop the attempts that lost (default false: they run to the end). */
  cancelLosers: boolean;
}

/**
 * A connection pool on one route (docs/connection-pools.md): at most `max` attempts of the
 * route in flight; an attempt finding none free waits, first come first served, up to
 * `acquireTimeout` (0: not at all), then fails with `pool_exhausted`. Resilience4j's semaphore
 * bulkhead (maxConcurrentCalls, maxWaitDuration; its wait defaults to 0 as this one does).
 */
export interface PoolSpec {
  max: number;
  /** Seconds; default 0. */
  acquireTimeout: number;
}

/** Client-side adaptive throttling (Google SRE book, "Handling Overload"). Defaults: k 2, window 2m. */
export interface ThrottleSpec {
  kind: 'adaptive';
  k: number;
  window: number;
}

export const SHEDDING_KINDS = ['deadline', 'codel', 'adaptive_lifo', 'concurrency_limit'] as const;

export type SheddingSpec =
  /** Drop at dequeue an attempt whose caller has already given up. */
  | { kind: 'deadline' }
  /** CoDel (Nichols & Jacobson, RFC 8289). Defaults: target 5ms, interval 100ms. */
  | { kind: 'codel'; target: number; interval: number }
  /** Serve newest first while the oldest waiting attempt has waited over `threshold`. */
  | { kind: 'adaptive_lifo'; threshold: number }
  /** Netflix concurrency-limits. Defaults: initial 20, min 1, max 1000, backoff_ratio 0.9, timeout: none. */
  | { kind: 'concurrency_limit'; algorithm: 'aimd' | 'gradient'; initial: number; min: number; max: number; backoffRatio: number; timeout: number | null };
