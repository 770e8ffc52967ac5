/**
 * How a caller talks to a service (SCENARIO-FORMAT.md, "Strategies"): `timeout`, `retry` (with
 * its backoff and budget), `circuit_breaker`, `hedge`, `throttle` and `pool`, the same keys in a client
 * and in a downstream call. An absent strategy is null: the model puts a null object there.
 */
import type { CallPolicy } from '../model/config.ts';
import {
  BACKOFF_KINDS, BUDGET_KINDS, HALF_OPEN_RULES, JITTER_KINDS,
  type BackoffSpec, type BudgetSpec, type CircuitBreakerSpec, type HedgeSpec, type PoolSpec, type RetrySpec, type ThrottleSpec,
} from '../strategies/config.ts';
import { DEFAULT_RETRY_ON, RETRYABLE_REASONS } from '../strategies/reasons.ts';
import * as msg from './messages.ts';
import { list } from './spec-collections.ts';
import { maybe, object, optional, required, shape, tagged, type Shape } from './spec-object.ts';
import { bool, duration, either, fraction, integer, number, oneOf } from './spec-values.ts';
import { INVALID, named, transform, type Spec } from './spec.ts';

const backoffVariants = {
  none: shape({}, { description: 'retry at once' }),
  constant: shape({ delay: required(duration()) }, { description: 'wait `delay` before each retry' }),
  exponential: shape({
    base: required(duration({ positive: true }), 'the delay before the first retry'),
    multiplier: optional(number(0, true), 2, 'each retry waits this many times longer (>= 1 to grow)'),
    cap: optional(either('none', null, duration({ positive: true })), 'none', 'the longest delay; `none` for no cap'),
    jitter: optional(oneOf(JITTER_KINDS, 'jitter kind'), 'none',
      'none | full | equal | decorrelated (AWS Architecture Blog, "Exponential Backoff And Jitter")'),
  }, { description: 'base · multiplier^(retry − 1), at most cap, then jitter' }),
} satisfies Record<(typeof BACKOFF_KINDS)[number], Shape<any>>;

const backoff: Spec<BackoffSpec> = tagged('kind', backoffVariants, {
  what: 'backoff kind',
  description: 'the delay before the next attempt',
});

const budgetVariants = {
  token_bucket: shape({
    // Both above 0, as gRFC A6 requires.
    max_tokens: required(number(0, true, msg.DEGENERATE.maxTokens), 'bucket size; retries stop while it is at most half full'),
    token_ratio: required(number(0, true, msg.DEGENERATE.tokenRatio), 'tokens a success puts back (a failure takes one)'),
  }, { description: 'gRPC retry throttling (gRFC A6)' }),
  ratio: shape({
    ratio: required(fraction(), 'retries allowed per request, over `ttl`'),
    min_per_second: optional(number(0, false), 10, 'retries always allowed per second'),
    ttl: optional(duration({ positive: true }), '10s', 'how long a deposit counts'),
  }, {
    description: 'Finagle RetryBudget / Linkerd retryBudget',
    // Without deposits a retry is paid from the reserve alone; under 1 (RatioBudget's own test,
    // tolerance included) it never is. A ratio of 0 with a reserve is kept: a fixed number of
    // retries per ttl, as Finagle allows.
    check: ({ ratio, min_per_second: perSecond, ttl }, at, ctx) => {
      if (ratio === 0 && perSecond !== INVALID && ttl !== INVALID && perSecond * ttl < 1 - 1e-9) {
        ctx.report(at.anchor('ratio'), msg.ratioBudgetRefusesAll(at.path('ratio'), perSecond * ttl));
      }
    },
  }),
  concurrency: shape({
    ratio: required(fraction(), 'retries in flight allowed per request in flight'),
    min_concurrent: optional(integer(0), 3, 'retries in flight always allowed'),
  }, {
    description: 'Envoy retry budget',
    // max(0, 0 × requests) = 0 retries in flight: none ever. Either alone at 0 is kept (a pure
    // ratio, or a fixed number of retries in flight).
    check: ({ ratio, min_concurrent: minimum }, at, ctx) => {
      if (ratio === 0 && minimum === 0) ctx.report(at.anchor('ratio'), msg.concurrencyBudgetRefusesAll(at.path('ratio')));
    },
  }),
} satisfies Record<(typeof BUDGET_KINDS)[number], Shape<any>>;

const budget: Spec<BudgetSpec> = transform(
  tagged('kind', budgetVariants, { what: 'budget kind', description: 'limits retries so they cannot multiply load without bound' }),
  (value): BudgetSpec => {
    switch (value.kind) {
      case 'token_bucket': return { kind: 'token_bucket', maxTokens: value.max_tokens, tokenRatio: value.token_ratio };
      case 'ratio': return { kind: 'ratio', ratio: value.ratio, minPerSecond: value.min_per_second, ttl: value.ttl };
      case 'concurrency': return { kind: 'concurrency', ratio: value.ratio, minConcurrent: value.min_concurrent };
    }
  },
);

export const retry: Spec<RetrySpec> = named('retry', () => transform(
  object({
    max_attempts: optional(integer(1), 1, 'first try included; 1 means no retries'),
    retry_on: optional(list(oneOf(RETRYABLE_REASONS, 'failure reason'), { what: 'failure reason' }), [...DEFAULT_RETRY_ON],
      'the failure reasons worth another attempt'),
    backoff: optional(backoff, { kind: 'none' }),
    budget: maybe(budget, 'none when absent'),
  }, { description: 'how failed attempts are retried' }),
  (value) => ({ maxAttempts: value.max_attempts, retryOn: value.retry_on, backoff: value.backoff, budget: value.budget }),
));

const circuitBreaker: Spec<CircuitBreakerSpec> = named('circuit_breaker', () => transform(
  object({
    failure_rate: required(fraction({ aboveZero: msg.DEGENERATE.failureRate }),
      'opens when this share of the attempts in the window failed (above 0)...'),
    // 0 would act as 1 (an outcome is counted before the test); refused as meaningless.
    min_calls: optional(integer(1), 20, '... once at least this many attempts ended in the window'),
    window: optional(duration({ positive: true }), '10s', 'sliding window of attempt outcomes'),
    open_for: optional(duration({ positive: true }), '5s', 'how long it stays open before going half-open'),
    // 100% is kept: waits uniform in [0, 2 × open_for], the mean unchanged (the widest spread,
    // like full jitter); a wait near 0 only lets the trials through sooner.
    open_jitter: optional(fraction(), 0, '`open_for` is drawn uniformly within ± this share of itself'),
    half_open_calls: optional(integer(1, msg.DEGENERATE.halfOpenCalls), 1, 'trial attempts while half-open, judged by `half_open_rule`'),
    half_open_rule: optional(oneOf(HALF_OPEN_RULES, 'half-open rule'), 'all_succeed',
      'all_succeed: one failed trial reopens, all succeeding closes (Nygard); failure_rate: once all trials ended, '
      + 'closes if their failed share is below `failure_rate`, else reopens (Resilience4j)'),
  }, { description: 'Nygard\'s circuit breaker (Release It!), per caller and target' }),
  (value) => ({
    failureRate: value.failure_rate, minCalls: value.min_calls, window: value.window,
    openFor: value.open_for, openJitter: value.open_jitter, halfOpenCalls: value.half_open_calls,
    halfOpenRule: value.half_open_rule,
  }),
));

const hedge: Spec<HedgeSpec> = named('hedge', () => transform(
  object({
    after: required(duration({ positive: true }), 'send another attempt when none has answered this long'),
    max_extra: optional(integer(1), 1, 'extra attempts per try'),
    cancel_losers: optional(bool(), false, 'tell the service to drop the attempts that lost'),
  }, { description: 'Dean & Barroso, "The Tail at Scale"' }),
  (value) => ({ after: value.after, maxExtra: value.max_extra, cancelLosers: value.cancel_losers }),
));

const throttle: Spec<ThrottleSpec> = named('throttle', () => tagged('kind', {
  adaptive: shape({
    // k > 1: per window, admissions can grow by a factor k over the accepts that came back.
    // At k = 1 a dip never recovers (attempts in flight, counted as requests but not yet as
    // accepts, even ratchet the rejections up); below 1 a client whose every attempt succeeds
    // is locked out. Checked: 500/s to a service at 50% load, 10 s window, goodput 68% at
    // k = 1, 4% at 0.9, 0.06% at 0.5, 100% at 1.1.
    k: optional(number(1, true, msg.DEGENERATE.throttleK), 2, 'requests are refused locally as they exceed k × accepts (above 1)'),
    window: optional(duration({ positive: true }), '2m', 'history of requests and accepts'),
  }, { description: 'Google SRE book, "Handling Overload"' }),
}, { what: 'throttle kind', description: 'client-side adaptive throttling' }));

// Per route: the caller's client library holds one pool for the dependency (Release It!,
// chapter 6, "Bulkheads"; Hystrix's thread pool per dependency). docs/connection-pools.md.
const pool: Spec<PoolSpec> = named('pool', () => transform(
  object({
    max: required(integer(1, msg.DEGENERATE.poolMax), 'attempts of this route in flight at once (connections)'),
    acquire_timeout: optional(duration(), '0s',
      'how long an attempt waits for a free connection before failing with `pool_exhausted`; 0s: not at all'),
  }, { description: 'a connection pool (bulkhead) per route: Release It! chapter 6; resilience4j Bulkhead' }),
  (value) => ({ max: value.max, acquireTimeout: value.acquire_timeout }),
));

/** Per attempt; `none` (null) for no timeout. */
export const timeout: Spec<number | null> = either('none', null, duration({ positive: true }));

/** The fields of a call policy, to spread into a client's or a call's shape. */
export const callPolicyFields = {
  timeout: optional(timeout, 'none', 'per attempt; `none` for no timeout'),
  retry: optional(retry, {}),
  circuit_breaker: maybe(circuitBreaker, 'none when absent'),
  hedge: maybe(hedge, 'none when absent'),
  throttle: maybe(throttle, 'none when absent'),
  pool: maybe(pool, 'none when absent: no limit on attempts in flight'),
};

interface CallPolicyValues {
  timeout: number | null;
  retry: RetrySpec;
  circuit_breaker: CircuitBreakerSpec | null;
  hedge: HedgeSpec | null;
  throttle: ThrottleSpec | null;
  pool: PoolSpec | null;
}

export function callPolicyOf(value: CallPolicyValues): CallPolicy {
  return {
    timeout: value.timeout,
    retry: value.retry,
    circuitBreaker: value.circuit_breaker,
    hedge: value.hedge,
    throttle: value.throttle,
    // Left out when absent, so that a scenario without pools builds the very config it did before.
    ...(value.pool === null ? {} : { pool: value.pool }),
  };
}
