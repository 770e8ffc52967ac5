/**
 * A request and its attempts: the state machine shared by clients and by downstream calls.
 *
 * A request is what a caller wants done; an attempt is one try at it. Each attempt has its own
 * timeout. A response counts only if it arrives while its attempt is still pending: a late
 * response finds the attempt settled and is ignored, as stale timeouts are ignored by attempt
 * identity in Brooker's retry simulations. After a failure the retry policy decides whether to
 * try again and after what delay; when it says no, the caller hears the last attempt's reason.
 *
 * The strategies of the caller, each a null object when off:
 * - every attempt must pass the circuit breaker, then the adaptive throttle, or it fails locally
 *   (`circuit_open`, `throttled`) without reaching the service; such a failure is not retried;
 * - a retry must be allowed by the budget as well as the retry policy, or the request fails
 *   with `budget`; a hedge must be allowed by the budget too (gRFC A6);
 * - hedging: a try is one attempt plus up to `max_extra` hedges, each sent `after` the previous
 *   one while no answer has come. The first success wins; the others are abandoned (and the
 *   service told, with `cancel_losers`). A failed attempt ends the try only when no other
 *   attempt of it is still pending; then the retry policy decides. `max_attempts` counts tries.
 *
 * - with a connection pool on the route (pool.ts), an attempt goes out only with a connection;
 *   one that gets none in time fails with `pool_exhausted`, an outcome like any other (the
 *   breaker, throttle and budget hear of it; `retry_on` may name it), counted in `attempts`
 *   though it never reached the service. Its timeout starts when it is sent.
 *
 * A downstream call of a service that propagates deadlines (`cancel_on_timeout`; its route has
 * `deadlines`) is bounded by its calling job's deadline (deadlines.ts), and is cancelled, with
 * everything under it, when that job is (cancel()).
 */
import type { EventHandler } from '../engine/event-queue.ts';
import type { RandomStream } from '../engine/random.ts';
import { NO_EVENT, type EventId, type Simulation } from '../engine/simulation.ts';
import type { RetryBudget } from '../strategies/budgets.ts';
import type { Breaker } from '../strategies/circuit-breaker.ts';
import type { HedgeSpec } from '../strategies/config.ts';
import type { RetryPolicy } from '../strategies/retry.ts';
import type { Throttle } from '../strategies/throttle.ts';
import type { FailureReason } from '../strategies/reasons.ts';
import { Attempt } from './attempt.ts';
import type { CallDeadlines } from './deadlines.ts';
import type { ModelObserver } from './observer.ts';
import type { ConnectionPool } from './pool.ts';
import type { AttemptTimeouts } from './timeouts.ts';

/** Who sent a request: a client, or a job at a service making a downstream call. */
export interface Caller {
  requestEnded(request: Request, reason: FailureReason | null): void;
}

/**
 * Why a caller stopped waiting for an attempt that is still out there: its timeout fired, it
 * lost a hedge race, or the caller cancelled the whole request (its own job was cancelled).
 */
export type AbandonCause = 'timeout' | 'hedge_lost' | 'cancelled';

/** Where attempts go. Implemented by Service; `respond` is called back on the attempt's request. */
export interface AttemptTarget {
  arrive(attempt: Attempt): void;
  /**
   * The caller gave up on `attempt` (its timeout fired; it lost a hedge race and the caller
   * sends cancellations; or the caller cancelled the request). The target decides what, if
   * anything, it does about it.
   */
  abandon(attempt: Attempt, cause: AbandonCause): void;
}

/**
 * Told how each attempt sent to a replica ended (outlier-detection.ts): its answer, or its
 * timeout. Not told of attempts abandoned otherwise (a lost hedge, a cancelled request) or
 * never sent (pool_exhausted): they say nothing of the replica.
 */
export interface AttemptOutcomes {
  settled(attempt: Attempt, reason: FailureReason | null): void;
}

/** Everything a request needs from its caller's configuration, built once per client or call. */
export interface Route {
  readonly sim: Simulation;
  readonly target: AttemptTarget;
  /** Null when attempts have no timeout. */
  readonly timeouts: AttemptTimeouts | null;
  /**
   * The calls of a service that propagates deadlines: their attempts are bounded by the calling
   * job's deadline (then `timeouts` is this too), and the job may cancel the request. Otherwise null.
   */
  readonly deadlines: CallDeadlines | null;
  readonly retry: RetryPolicy;
  readonly budget: RetryBudget;
  readonly breaker: Breaker;
  readonly throttle: Throttle;
  /** Null: no hedging. */
  readonly hedge: HedgeSpec | null;
  /** Null: no pool, every attempt goes out at once. */
  readonly pool: ConnectionPool | null;
  /** For backoff draws. */
  readonly rng: RandomStream;
  readonly observer: ModelObserver;
  /** The client's index, or -1 for a downstream call (its attempts are counted at the service). */
  readonly client: number;
  /**
   * A call that only some jobs make (DownstreamCall.share): draws, per request, whether this
   * one is made; null when every one is (every client route).
   */
  readonly share: { readonly fraction: number; readonly rng: RandomStream } | null;
  /** Outlier detection on the route's replicas; null (one test per settled attempt) without it. */
  readonly outcomes: AttemptOutcomes | null;
}

const RETRY = 0;
const HEDGE = 1;

export class Request implements EventHandler {
  // Declared, and assigned once in the constructor, for the reason given at Attempt.
  declare private readonly route: Route;
  /** Read by CallDeadlines: the calling job's deadline bounds the attempts. */
  declare readonly caller: Caller;
  declare readonly startedAt: number;
  /** Attempts sent, hedges included. */
  declare attempts: number;
  /** Tries begun (the first, then each retry): what max_attempts limits. */
  declare private tries: number;
  declare private inFlight: number;
  declare private hedgesThisTry: number;
  /**
   * The hedge timer while a try is out, or the retry timer while it waits out a backoff (never
   * both: a failed try's hedge timer is cancelled before its retry is scheduled).
   */
  declare private timer: EventId;
  /**
   * Attempts of the current try still pending, kept only with hedging or when the request may
   * be cancelled (otherwise at most one, and nobody asks which).
   */
  declare private readonly racing: Attempt[] | null;
  /** The backoff delay used before the last retry (decorrelated jitter needs it). */
  declare private lastDelay: number;

  /** `abandonable`: its caller may stop waiting for it (cancel), though the route alone would not say so (a parallel step: fan-out.ts). */
  constructor(route: Route, caller: Caller, startedAt: number, abandonable = false) {
    this.route = route;
    this.caller = caller;
    this.startedAt = startedAt;
    this.attempts = 0;
    this.tries = 0;
    this.inFlight = 0;
    this.hedgesThisTry = 0;
    this.timer = NO_EVENT;
    this.racing = route.hedge === null && route.deadlines === null && !abandonable ? null : [];
    this.lastDelay = 0;
  }

  /** An inert request on the same route, never started: what ghosts name as their request (Attempt.ghost). */
  standIn(): Request {
    return new Request(this.route, this.caller, this.startedAt);
  }

  start(): void {
    const share = this.route.share;
    if (share !== null && share.rng.next() >= share.fraction) {
      // A job that does not need this dependency: the call is over before it began.
      this.caller.requestEnded(this, null);
      return;
    }
    this.route.budget.requestStarted(this.route.sim.now);
    this.beginTry(false);
  }

  /** A response from the service for `attempt`; reason null is success. */
  respond(attempt: Attempt, reason: FailureReason | null): void {
    if (!attempt.pending) return;
    attempt.pending = false;
    this.route.timeouts?.settled(attempt);
    if (this.route.outcomes !== null) this.route.outcomes.settled(attempt, reason);
    this.attemptEnded(attempt, reason, true);
  }

  /** Called by the route's timeouts at the attempt's deadline, if it is still pending. */
  timedOut(attempt: Attempt): void {
    attempt.pending = false;
    this.route.timeouts?.settled(attempt);
    this.route.target.abandon(attempt, 'timeout');
    if (this.route.outcomes !== null) this.route.outcomes.settled(attempt, 'timeout');
    this.attemptEnded(attempt, 'timeout', true);
  }

  /** Called by the route's pool: `attempt` waited for a connection and has one; it goes out now. */
  connected(attempt: Attempt): void {
    // The calling job's deadline may have passed while it waited (nobody cancelled the job: a
    // fan-out step decided without cancellation, a lost hedge left running): then it is too late
    // to send, and the attempt times out at once, handing the connection on.
    if (this.route.deadlines !== null && this.route.deadlines.expired(this.caller)) {
      attempt.pending = false;
      this.attemptEnded(attempt, 'timeout', true);
      return;
    }
    this.dispatch(attempt);
  }

  /** Called by the route's pool: `attempt` waited acquire_timeout for a connection in vain. */
  poolExhausted(attempt: Attempt): void {
    attempt.pending = false;
    this.attemptEnded(attempt, 'pool_exhausted', false);
  }

  handleEvent(tag: number): void {
    if (tag === RETRY) {
      this.timer = NO_EVENT;
      this.route.observer.retryWaiting(this.route.sim.now, -1);
      this.beginTry(true);
    } else this.hedge();
  }

  private dispatch(attempt: Attempt): void {
    const route = this.route;
    if (route.timeouts !== null) route.timeouts.track(attempt);
    route.target.arrive(attempt);
  }

  /** A new try: its first attempt, and the hedge timer. `budgeted`: a retry the budget allowed. */
  private beginTry(budgeted: boolean): void {
    this.tries++;
    this.hedgesThisTry = 0;
    const refused = this.send(budgeted);
    if (refused === 'pool_exhausted') {
      // An attempt made and failed at once: the retry policy decides, as for any failed try.
      this.tryFailed(refused);
      return;
    }
    if (refused !== null) {
      this.end(refused);
      return;
    }
    const hedge = this.route.hedge;
    if (hedge !== null) this.timer = this.route.sim.scheduleIn(hedge.after, this, HEDGE);
  }

  private hedge(): void {
    const route = this.route;
    const hedge = route.hedge as HedgeSpec;
    this.timer = NO_EVENT;
    if (this.inFlight === 0 || this.hedgesThisTry >= hedge.maxExtra) return;
    if (!route.budget.tryAcquire(route.sim.now)) return;
    this.hedgesThisTry++;
    if (this.send(true) !== null) return;
    if (this.hedgesThisTry < hedge.maxExtra) this.timer = route.sim.scheduleIn(hedge.after, this, HEDGE);
  }

  /**
   * Sends one attempt, or says why it was refused locally (then releases its budget). With a
   * pool it may wait for a connection instead (null: it is out, or in line), or fail at once
   * (`pool_exhausted`: made, counted and its outcome recorded, but never sent).
   */
  private send(budgeted: boolean): FailureReason | null {
    const route = this.route;
    const now = route.sim.now;
    if (route.deadlines !== null && route.deadlines.expired(this.caller)) {
      if (budgeted) route.budget.release(now);
      return 'timeout';
    }
    const permit = route.breaker.allow(now);
    let refused: FailureReason | null = null;
    if (permit < 0) refused = 'circuit_open';
    else if (!route.throttle.admit(now)) {
      route.breaker.release(permit);
      refused = 'throttled';
    }
    if (refused !== null) {
      if (budgeted) route.budget.release(now);
      return refused;
    }
    const attempt = new Attempt(this, budgeted, permit);
    this.attempts++;
    if (route.client >= 0) route.observer.attemptSent(route.client, now);
    const pool = route.pool;
    let waits = false;
    if (pool !== null && !pool.tryAcquire()) {
      waits = pool.wait(attempt);
      if (!waits) {
        this.recordOutcome(attempt, 'pool_exhausted');
        return 'pool_exhausted';
      }
    }
    this.inFlight++;
    this.racing?.push(attempt);
    if (!waits) this.dispatch(attempt);
    return null;
  }

  /** An attempt's outcome, told to the breaker, the throttle and the budget. */
  private recordOutcome(attempt: Attempt, reason: FailureReason | null): void {
    const route = this.route;
    const now = route.sim.now;
    const ok = reason === null;
    route.breaker.record(now, ok, attempt.permit);
    route.throttle.record(now, ok);
    // gRFC A6: only successes and retryable failures move the token bucket.
    if (ok || route.retry.retriesOn(reason)) route.budget.attemptEnded(now, ok);
    if (attempt.budgeted) route.budget.release(now);
  }

  /**
   * `connected`: it held a connection of the route's pool, freed here: after a success, once the
   * try's other attempts are dropped (one waiting in line must not be sent for nothing); after
   * a failure, before a retry, which then queues behind attempts already waiting.
   */
  private attemptEnded(attempt: Attempt, reason: FailureReason | null, connected: boolean): void {
    const ok = reason === null;
    this.inFlight--;
    this.recordOutcome(attempt, reason);
    if (ok) {
      this.abandonRacing();
      if (connected) this.route.pool?.release();
      this.end(null);
    } else {
      if (connected) this.route.pool?.release();
      if (this.inFlight === 0) this.tryFailed(reason);
    }
  }

  /** The try's last pending attempt failed: retry if the policy and the budget allow. */
  private tryFailed(reason: FailureReason): void {
    const route = this.route;
    route.sim.cancel(this.timer);
    this.timer = NO_EVENT;
    if (this.racing !== null) this.racing.length = 0;
    if (!route.retry.shouldRetry(reason, this.tries)) {
      this.end(reason);
      return;
    }
    if (!route.budget.tryAcquire(route.sim.now)) {
      this.end('budget');
      return;
    }
    const delay = route.retry.delay(this.tries, this.lastDelay, route.rng);
    this.lastDelay = delay;
    if (delay > 0) {
      route.observer.retryWaiting(route.sim.now, 1);
      this.timer = route.sim.scheduleIn(delay, this, RETRY);
    } else this.beginTry(true);
  }

  /**
   * The caller gives up on the whole request: its job, at a service that propagates deadlines,
   * was cancelled. As gRPC cancellation propagates to the calls a cancelled handler made
   * (https://grpc.io/docs/guides/cancellation/), every pending attempt is abandoned and its
   * service told (`cancelled`, which a service always honours, so it goes on down the tree),
   * and a hedge or backoff timer is cancelled. No outcome is recorded, as for a lost hedge: the
   * breaker's permits and the budget's allowances are released, and the budget's count of
   * active requests ends. The caller is not told: it is the one that cancelled.
   *
   * `tell` false: the caller just stops waiting, and the service is not told, as a lost hedge
   * without `cancel_losers` is dropped (a parallel step decided without this call, at a service
   * that does not propagate cancellation): the service serves the attempt for nobody (wasted).
   * A cause instead: the service is told that one (a cache's fetch whose caller gave up: cache.ts).
   */
  cancel(tell: boolean | AbandonCause = true): void {
    const route = this.route;
    const now = route.sim.now;
    if (this.inFlight === 0 && this.timer !== NO_EVENT) {
      // Waiting out a backoff: the retry, already allowed by the budget, will never be sent.
      route.observer.retryWaiting(now, -1);
      route.budget.release(now);
    }
    route.sim.cancel(this.timer);
    this.timer = NO_EVENT;
    this.dropRacing(tell === true ? 'cancelled' : tell === false ? null : tell);
    route.budget.requestEnded(now);
  }

  /** A success: the other attempts of the try lost the race. */
  private abandonRacing(): void {
    const route = this.route;
    route.sim.cancel(this.timer);
    this.timer = NO_EVENT;
    if (this.racing === null) return;
    this.dropRacing(route.hedge?.cancelLosers === true ? 'hedge_lost' : null);
  }

  /**
   * The try's attempts still pending stop being waited for, with no outcome recorded; their
   * service is told why (`cause`), or not at all (null).
   */
  private dropRacing(cause: AbandonCause | null): void {
    const route = this.route;
    const racing = this.racing as Attempt[];
    let connections = 0;
    for (const other of racing) {
      if (!other.pending) continue;
      other.pending = false;
      this.inFlight--;
      route.breaker.release(other.permit);
      if (other.budgeted) route.budget.release(route.sim.now);
      // One still waiting for a connection just leaves the line: it was never sent.
      if (route.pool !== null && route.pool.forget(other)) continue;
      route.timeouts?.settled(other);
      if (cause !== null) route.target.abandon(other, cause);
      connections++;
    }
    racing.length = 0;
    // The connections are handed on only once every attempt of this try has left the pool's
    // line: a freed one must not go to a later hedge of the same try, to be sent for nothing.
    if (route.pool !== null) for (let i = 0; i < connections; i++) route.pool.release();
  }

  private end(reason: FailureReason | null): void {
    this.route.budget.requestEnded(this.route.sim.now);
    this.caller.requestEnded(this, reason);
  }
}
