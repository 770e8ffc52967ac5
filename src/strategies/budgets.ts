/**
 * Retry budgets: limits on retries (and hedges) per caller, so that retries cannot multiply the
 * load without bound. A budget wraps the retry policy's decision; it never decides alone.
 * Every budget sees the same events; each uses the ones its source defines.
 */
import type { BudgetSpec } from './config.ts';
import { WindowedSum } from './windowed-sum.ts';

export interface RetryBudget {
  /** A new request (not a retry) starts / ends. */
  requestStarted(now: number): void;
  requestEnded(now: number): void;
  /**
   * An attempt got its answer: a success, or a failure the retry policy would retry (its reason
   * is in `retry_on`). Failures for other reasons are not reported (gRFC A6: only retryable
   * failures count against the caller).
   */
  attemptEnded(now: number, ok: boolean): void;
  /** May a retry or a hedge be sent? When yes, it is counted as sent from now... */
  tryAcquire(now: number): boolean;
  /** ...until the attempt it allowed has ended. */
  release(now: number): void;
}

/** The null object: no budget. */
export const NO_BUDGET: RetryBudget = {
  requestStarted: () => {},
  requestEnded: () => {},
  attemptEnded: () => {},
  tryAcquire: () => true,
  release: () => {},
};

/**
 * gRPC retry throttling, gRFC A6 (https://github.com/grpc/proposal/blob/master/A6-client-retries.md):
 * the count starts at max_tokens; each failed attempt takes 1 (not below 0), each success adds
 * token_ratio (not above max_tokens); retries and hedges are sent only while count > max_tokens / 2.
 * "The only RPCs that are counted as failures for the throttling policy are RPCs that fail with a
 * status code that qualifies as a retryable or non-fatal status code": a failure whose reason is
 * not in `retry_on` takes no token (the request reports only those, see attemptEnded).
 */
export class TokenBucketBudget implements RetryBudget {
  private tokens: number;

  constructor(private readonly maxTokens: number, private readonly tokenRatio: number) {
    this.tokens = maxTokens;
  }

  requestStarted(): void {}
  requestEnded(): void {}
  release(): void {}

  attemptEnded(_now: number, ok: boolean): void {
    this.tokens = ok ? Math.min(this.maxTokens, this.tokens + this.tokenRatio) : Math.max(0, this.tokens - 1);
  }

  tryAcquire(): boolean {
    return this.tokens > this.maxTokens / 2;
  }

  get count(): number {
    return this.tokens;
  }
}

/**
 * Finagle's RetryBudget (com.twitter.finagle.service.RetryBudget, also Linkerd's retryBudget):
 * each request deposits `ratio`, each retry withdraws 1, both expiring after `ttl`; a reserve of
 * min_per_second · ttl is always there. A retry is allowed when the balance covers it:
 *   min_per_second · ttl + ratio · requests(ttl) − retries(ttl) >= 1
 */
export class RatioBudget implements RetryBudget {
  private readonly balance: WindowedSum;
  private readonly reserve: number;

  constructor(private readonly ratio: number, minPerSecond: number, ttl: number) {
    this.balance = new WindowedSum(ttl);
    this.reserve = minPerSecond * ttl;
  }

  requestStarted(now: number): void {
    this.balance.add(now, this.ratio);
  }

  requestEnded(): void {}
  attemptEnded(): void {}
  release(): void {}

  tryAcquire(now: number): boolean {
    // The tolerance keeps ten deposits of 0.1 worth one retry despite binary fractions.
    if (this.reserve + this.balance.sum(now) < 1 - 1e-9) return false;
    this.balance.add(now, -1);
    return true;
  }
}

/**
 * Envoy's retry budget (config.cluster.v3.CircuitBreakers.Thresholds.RetryBudget): active
 * retries may be at most max(min_concurrent, ⌊ratio · active requests⌋), the product truncated
 * to a whole number as Envoy's RetryBudgetImpl::max() does (`std::max<uint64_t>(budget_percent /
 * 100.0 * current_active, min_retry_concurrency)`, source/common/upstream/resource_manager_impl.h).
 * A retry counts as active from the moment it is allowed, through its backoff wait, until its
 * attempt ends: a retry waiting in backoff is load already committed, and Envoy counts a retry
 * as active from the moment it is scheduled.
 *
 * An active request here is a request of this caller from its start to its end (its first
 * attempt, its retries and the backoff waits between them). Envoy counts upstream requests in
 * flight plus those pending a connection (`requests + pending_requests`): with one attempt out
 * at a time and no backoff the two are the same; during a backoff wait Envoy counts nothing for
 * the request and this model counts it, and each hedge is one more upstream request to Envoy.
 */
export class ConcurrencyBudget implements RetryBudget {
  private activeRequests = 0;
  private activeRetries = 0;

  constructor(private readonly ratio: number, private readonly minConcurrent: number) {}

  requestStarted(): void {
    this.activeRequests++;
  }

  requestEnded(): void {
    this.activeRequests--;
  }

  attemptEnded(): void {}

  tryAcquire(): boolean {
    // In doubles, as Envoy computes it: 29% of 100 is 28.999999999999996 there too, and allows 28.
    if (this.activeRetries >= Math.max(this.minConcurrent, Math.floor(this.ratio * this.activeRequests))) return false;
    this.activeRetries++;
    return true;
  }

  release(): void {
    this.activeRetries--;
  }
}

type BudgetFactories = { [K in BudgetSpec['kind']]: (spec: Extract<BudgetSpec, { kind: K }>) => RetryBudget };

const BUDGET_FACTORIES: BudgetFactories = {
  token_bucket: (s) => new TokenBucketBudget(s.maxTokens, s.tokenRatio),
  ratio: (s) => new RatioBudget(s.ratio, s.minPerSecond, s.ttl),
  concurrency: (s) => new ConcurrencyBudget(s.ratio, s.minConcurrent),
};

/** One budget per caller route (a client, or one downstream call of a service). */
export function createBudget(spec: BudgetSpec | null): RetryBudget {
  if (spec === null) return NO_BUDGET;
  return (BUDGET_FACTORIES[spec.kind] as (s: BudgetSpec) => RetryBudget)(spec);
}
