/**
 * Service-side shedding: what a service does when work piles up. A policy decides three
 * things, each at one moment of an attempt's life at a service:
 *
 *   arrival ─admit?─▶ queue ─next: serve one, drop others─▶ worker ─completed─▶ (limits adapt)
 *
 * The service owns its queue and workers; a policy sees only the counts and the waiting
 * attempts' arrival times and whether their callers are still waiting (the strategies layer
 * knows nothing of the model's jobs). A service that sheds nothing holds NO_SHEDDING, the null
 * object, so the model has no `if (shedding)` in it.
 */

/** What a policy may know of a waiting attempt. */
export interface WaitingAttempt {
  /** When it reached the service (seconds). */
  readonly arrivedAt: number;
  /** Its caller already gave up on it (timed out, or lost a hedge race): an answer is wasted. */
  readonly callerGone: boolean;
}

/**
 * The service's queue as a policy sees it. Attempts cancelled by their callers are never shown
 * and not counted.
 */
export interface WaitingLine<J extends WaitingAttempt> {
  /** Attempts waiting. */
  readonly length: number;
  /**
   * When the attempt that has waited longest arrived (it stays in the queue); undefined when
   * none waits. A number, not the attempt: the queue need not make an object to be looked at.
   */
  oldestArrival(): number | undefined;
  /** Takes the next attempt in the queue's configured discipline (FIFO or LIFO). */
  take(): J | undefined;
  takeOldest(): J | undefined;
  takeNewest(): J | undefined;
}

/**
 * Where a policy puts the attempts it takes from the queue and drops. The service counts them
 * as shed and answers `rejected` to a caller that still waits (a gone caller hears nothing).
 */
export interface Drops<J> {
  drop(attempt: J): void;
}

export interface SheddingPolicy {
  /**
   * An attempt arrives with `waiting` attempts queued and `inService` holding a worker.
   * False refuses it at once (shed, answered `rejected`).
   */
  admit(now: number, waiting: number, inService: number): boolean;
  /**
   * A worker is free and `line` is not empty: take the attempt it serves next, handing any
   * attempts dropped on the way to `drops`. Undefined when everything was dropped.
   */
  next<J extends WaitingAttempt>(line: WaitingLine<J>, now: number, drops: Drops<J>): J | undefined;
  /**
   * An admitted attempt left its worker after `latency` seconds in the service (queue wait
   * included); `failed` when it ended with an error. `inFlight` is the number of attempts in the
   * service (waiting or served) when it arrived, itself included. Not called for attempts
   * dropped or cancelled (as Netflix's limiters ignore a cancelled call).
   */
  completed(latency: number, failed: boolean, inFlight: number): void;
}

/** The null object: admit everything, serve in the queue's discipline, drop nothing. */
class NoShedding implements SheddingPolicy {
  admit(): boolean {
    return true;
  }

  next<J extends WaitingAttempt>(line: WaitingLine<J>): J | undefined {
    return line.take();
  }

  completed(): void {}
}

export const NO_SHEDDING: SheddingPolicy = new NoShedding();

/** For the policies that decide only at dequeue: admit everything, learn nothing. */
export abstract class DequeuePolicy implements SheddingPolicy {
  admit(): boolean {
    return true;
  }

  abstract next<J extends WaitingAttempt>(line: WaitingLine<J>, now: number, drops: Drops<J>): J | undefined;

  completed(): void {}
}
