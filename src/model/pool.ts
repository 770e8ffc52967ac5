/**
 * A connection pool on one route (docs/connection-pools.md): at most `max` attempts of the
 * route in flight at once. One pool per route, that is per client and per downstream call of a
 * service: the caller's client library holds one pool for the dependency, as Release It!
 * (Nygard, 2nd ed., chapter 6, "Bulkheads") partitions a caller's resources per dependency and
 * Hystrix gives each dependency a thread pool of its own
 * (https://github.com/Netflix/Hystrix/wiki/How-it-Works#isolation), so that one slow
 * dependency cannot take every thread of its caller. Whatever stands behind the route (one
 * service, or replicas behind a balancer) shares the pool.
 *
 * An attempt that finds no connection free waits, first come first served, at most
 * `acquireTimeout`, then fails with `pool_exhausted`; at 0 it fails at once. That wait is the
 * pool's alone: the attempt's own timeout starts when it is sent, with a connection, as Apache
 * HttpClient keeps connectionRequestTimeout apart from its response timeout and resilience4j's
 * Bulkhead bounds the wait for a permit by maxWaitDuration
 * (https://resilience4j.readme.io/docs/bulkhead). A connection is freed when its attempt
 * settles for the caller (answered, timed out, or abandoned: a lost hedge, a cancelled request),
 * even though the service may still be working on it: the caller stops waiting and, as a client
 * does with a timed-out HTTP/1.1 connection, closes it and may open another.
 *
 * Waiting attempts are kept in a Map (insertion order is FIFO), so that one abandoned while it
 * waits leaves at once, and no field is added to Attempt (memory per queued attempt: attempt.ts).
 * All wait the same time, so the oldest always expires first: one timer, for the oldest.
 */
import type { EventHandler } from '../engine/event-queue.ts';
import type { Simulation } from '../engine/simulation.ts';
import type { PoolSpec } from '../strategies/config.ts';
import type { Attempt } from './attempt.ts';

export class ConnectionPool implements EventHandler {
  private inUse = 0;
  /** Attempts waiting for a connection, oldest first, with the time each began to wait. */
  private readonly waiting = new Map<Attempt, number>();
  private timerSet = false;
  private readonly max: number;
  private readonly acquireTimeout: number;

  constructor(private readonly sim: Simulation, spec: PoolSpec) {
    this.max = spec.max;
    this.acquireTimeout = spec.acquireTimeout;
  }

  /** Connections taken (attempts of the route in flight), for tests and docs. */
  get busy(): number {
    return this.inUse;
  }

  /** Attempts waiting for a connection. */
  get queued(): number {
    return this.waiting.size;
  }

  /** Takes a free connection for an attempt to be sent now; false when none is free. */
  tryAcquire(): boolean {
    if (this.inUse >= this.max) return false;
    this.inUse++;
    return true;
  }

  /**
   * Lines `attempt` up for the next free connection (then its request's `connected` sends it),
   * or says no (false) when the pool makes no one wait: then it fails at once.
   */
  wait(attempt: Attempt): boolean {
    if (this.acquireTimeout <= 0) return false;
    const now = this.sim.now;
    this.waiting.set(attempt, now);
    if (!this.timerSet) {
      this.timerSet = true;
      this.sim.schedule(now + this.acquireTimeout, this, 0);
    }
    return true;
  }

  /** An attempt holding a connection settled: the oldest waiting attempt takes it, else it is free. */
  release(): void {
    const next = this.waiting.keys().next();
    if (next.done === true) {
      this.inUse--;
      return;
    }
    const attempt = next.value;
    this.waiting.delete(attempt);
    attempt.request.connected(attempt);
  }

  /**
   * The caller no longer waits for `attempt`: if it was waiting for a connection, it leaves the
   * line (true); false when it holds one, which the caller then releases.
   */
  forget(attempt: Attempt): boolean {
    return this.waiting.delete(attempt);
  }

  /** The oldest waiting attempts have waited acquireTimeout: they fail; the timer moves to the next. */
  handleEvent(): void {
    const now = this.sim.now;
    // The timer stays set while the expired fail: a failure may retry into this pool at once
    // (retry_on: [pool_exhausted]), and wait() must not schedule a second timer; the loop reaches
    // that newer entry (a Map iterates over entries added meanwhile) and schedules for it.
    for (const [attempt, since] of this.waiting) {
      const due = since + this.acquireTimeout;
      if (due > now) {
        this.sim.schedule(due, this, 0);
        return;
      }
      this.waiting.delete(attempt);
      attempt.request.poolExhausted(attempt);
    }
    this.timerSet = false;
  }
}
