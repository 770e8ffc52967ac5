/**
 * A request and its attempts: the state machine shared by clients and by downstream calls.
 *
 * A request is what a caller wants done; an attempt is one try at it. Each attempt has its own
 * timeout. A response counts only if it arrives while its attempt is still pending: a late
 * response finds the attempt settled and is ignored, as stale timeouts are ignored by attempt
 * identity in Brooker's retry simulations. After a failure the retry policy decides whether to
 * try again and after what delay; when it says no, the caller hears the last attempt's reason.
 */
import type { EventHandler } from '../engine/event-queue.ts';
import type { RandomStream } from '../engine/random.ts';
import type { Simulation } from '../engine/simulation.ts';
import type { RetryPolicy } from '../strategies/retry.ts';
import type { FailureReason } from '../strategies/reasons.ts';
import type { ModelObserver } from './observer.ts';
import type { TimeoutQueue } from './timeouts.ts';

/** Who sent a request: a client, or a job at a service making a downstream call. */
export interface Caller {
  requestEnded(request: Request, reason: FailureReason | null): void;
}

/** Why a caller stopped waiting for an attempt that is still out there. */
export type AbandonCause = 'timeout' | 'hedge_lost';

/** Where attempts go. Implemented by Service; `respond` is called back on the attempt's request. */
export interface AttemptTarget {
  arrive(attempt: Attempt): void;
  /**
   * The caller gave up on `attempt` (its timeout fired, or it lost a hedge race and the caller
   * sends cancellations). The target decides what, if anything, it does about it.
   */
  abandon(attempt: Attempt, cause: AbandonCause): void;
}

/** Everything a request needs from its caller's configuration, built once per client or call. */
export interface Route {
  readonly sim: Simulation;
  readonly target: AttemptTarget;
  /** Null when attempts have no timeout. */
  readonly timeouts: TimeoutQueue | null;
  readonly retry: RetryPolicy;
  /** For backoff draws. */
  readonly rng: RandomStream;
  readonly observer: ModelObserver;
  /** The client's index, or -1 for a downstream call (its attempts are counted at the service). */
  readonly client: number;
}

export class Attempt {
  /** False once answered or timed out; from then on, any response is ignored. */
  pending = true;
  /** Set by the TimeoutQueue when the attempt has a timeout. */
  deadline = Infinity;
  timeoutSeq = 0;
  /** The target's own record of the attempt while it holds it (a Service's job), for cancellation. */
  held: unknown = null;

  constructor(readonly request: Request, readonly sentAt: number) {}
}

const RETRY = 0;

export class Request implements EventHandler {
  attempts = 0;
  /** The backoff delay used before the last retry (decorrelated jitter needs it). */
  private lastDelay = 0;

  constructor(
    private readonly route: Route,
    private readonly caller: Caller,
    readonly startedAt: number,
  ) {}

  start(): void {
    this.send();
  }

  /** A response from the service for `attempt`; reason null is success. */
  respond(attempt: Attempt, reason: FailureReason | null): void {
    if (!attempt.pending) return;
    attempt.pending = false;
    this.route.timeouts?.settled();
    this.settle(reason);
  }

  /** Called by the route's TimeoutQueue at the attempt's deadline, if it is still pending. */
  timedOut(attempt: Attempt): void {
    attempt.pending = false;
    this.route.timeouts?.settled();
    this.settle('timeout');
  }

  /** The only event a request schedules for itself: a retry after a backoff delay. */
  handleEvent(): void {
    this.send();
  }

  private send(): void {
    const route = this.route;
    const attempt = new Attempt(this, route.sim.now);
    this.attempts++;
    if (route.timeouts !== null) route.timeouts.track(attempt);
    if (route.client >= 0) route.observer.attemptSent(route.client, route.sim.now);
    route.target.arrive(attempt);
  }

  private settle(reason: FailureReason | null): void {
    const route = this.route;
    if (reason === null || !route.retry.shouldRetry(reason, this.attempts)) {
      this.caller.requestEnded(this, reason);
      return;
    }
    const delay = route.retry.delay(this.attempts, this.lastDelay, route.rng);
    this.lastDelay = delay;
    if (delay > 0) route.sim.scheduleIn(delay, this, RETRY);
    else this.send();
  }
}
