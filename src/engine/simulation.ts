/**
 * The clock and the run loop. It knows nothing of what is simulated: entities schedule events
 * for themselves and handle them (DESIGN.md, principle 3). Cancellation is lazy: a cancelled
 * event stays in the heap and is skipped when it comes out, which is cheaper than removal.
 *
 * A run ends when no foreground event is left: background events (a timer that would only end a
 * perturbation, say) happen while there is other work, but do not keep an idle world running.
 */
import { EventQueue, type EventHandler } from './event-queue.ts';

/**
 * Thrown when time stops moving: this many events in a row at one instant means a loop with
 * no delay in it (a closed-loop user with no think time whose requests fail at once, say).
 */
export const MAX_EVENTS_AT_ONE_TIME = 10_000_000;

export class NoProgressError extends Error {
  constructor(readonly time: number) {
    super(`time stopped advancing at t = ${time}: ${MAX_EVENTS_AT_ONE_TIME.toLocaleString('en-US')} events in a row at that instant`);
  }
}

export interface RunOptions {
  /** Stop before the first event after this time (the clock is left at the last event run). */
  until?: number;
  /** Called every `progressEvery` events with the current time; returning false stops the run there. */
  onProgress?: (now: number) => boolean | void;
  progressEvery?: number;
}

/** Names a scheduled event, for cancel(); unique while the event is pending (event-queue.ts). */
export type EventId = number;
/** Names no event: cancelling it does nothing. */
export const NO_EVENT: EventId = -1;

export class Simulation {
  private readonly queue = new EventQueue();
  private nextSeq = 0;
  private current = 0;
  private executed = 0;
  /** Foreground events scheduled and neither run nor cancelled. */
  private foreground = 0;

  /** Simulated time of the event being handled (seconds in this project, but the engine does not care). */
  get now(): number {
    return this.current;
  }

  /** Events handled so far (cancelled ones excluded). */
  get eventsRun(): number {
    return this.executed;
  }

  /** Events waiting, cancelled ones included. */
  get pending(): number {
    return this.queue.size;
  }

  schedule(time: number, handler: EventHandler, tag: number, data: unknown = null, background = false): EventId {
    return this.push(time, this.nextSeq++, handler, tag, data, background);
  }

  /**
   * Takes a sequence number now for an event that will be scheduled later with
   * scheduleReserved: the event then runs, among events at its time, as if scheduled now.
   * (The model uses it for timeouts kept in a FIFO with one timer, instead of one event each.)
   */
  reserveSequence(): number {
    return this.nextSeq++;
  }

  scheduleReserved(time: number, seq: number, handler: EventHandler, tag: number, data: unknown = null, background = false): EventId {
    return this.push(time, seq, handler, tag, data, background);
  }

  /**
   * Keeps the run going without an event, until release(): for an entity whose background
   * events still matter (timers of requests that are waiting).
   */
  hold(): void {
    this.foreground++;
  }

  release(): void {
    this.foreground--;
  }

  scheduleIn(delay: number, handler: EventHandler, tag: number, data: unknown = null): EventId {
    return this.push(this.current + delay, this.nextSeq++, handler, tag, data, false);
  }

  /**
   * Cancels an event that has not run yet: it stays in the queue and is skipped (lazy
   * cancellation, cheaper than removal from the heap). An event that has run or was cancelled
   * already, or NO_EVENT, is ignored.
   */
  cancel(id: EventId): void {
    if (this.queue.cancel(id) === 'foreground') this.foreground--;
  }

  private push(time: number, seq: number, handler: EventHandler, tag: number, data: unknown, background: boolean): EventId {
    if (!(time >= this.current)) {
      throw new Error(`cannot schedule at ${time}, before now (${this.current})`);
    }
    if (!background) this.foreground++;
    return this.queue.push(time, seq, handler, tag, data, background);
  }

  /**
   * Runs events in (time, sequence) order until no foreground event is left or `until` is passed;
   * returns false when onProgress stopped it first (pending events are left unrun).
   */
  run(options: RunOptions = {}): boolean {
    const until = options.until ?? Infinity;
    const every = options.progressEvery ?? 1_000_000;
    const onProgress = options.onProgress;
    const queue = this.queue;
    let sinceProgress = 0;
    let atSameTime = 0;
    for (;;) {
      if (this.foreground === 0) return true;
      if (queue.size === 0 || queue.peekTime() > until) return true;
      queue.pop();
      if (queue.cancelled) continue;
      if (!queue.background) this.foreground--;
      const time = queue.time;
      if (time === this.current) {
        if (++atSameTime > MAX_EVENTS_AT_ONE_TIME) throw new NoProgressError(time);
      } else {
        atSameTime = 0;
      }
      this.current = time;
      this.executed++;
      (queue.handler as EventHandler).handleEvent(queue.tag, queue.data);
      if (onProgress !== undefined && ++sinceProgress >= every) {
        sinceProgress = 0;
        if (onProgress(this.current) === false) return false;
      }
    }
  }
}
