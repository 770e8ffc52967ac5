/**
 * The clock and the run loop. It knows nothing of what is simulated: entities schedule events
 * for themselves and handle them (DESIGN.md, principle 3). Cancellation is lazy: a cancelled
 * event stays in the heap and is skipped when it comes out, which is cheaper than removal.
 *
 * A run ends when no foreground event is left: background events (a timer that would only end a
 * perturbation, say) happen while there is other work, but do not keep an idle world running.
 */
import { EventQueue, ScheduledEvent, type EventHandler } from './event-queue.ts';

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
  /** Called every `progressEvery` events with the current time. */
  onProgress?: (now: number) => void;
  progressEvery?: number;
}

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

  schedule(time: number, handler: EventHandler, tag: number, data: unknown = null, background = false): ScheduledEvent {
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

  scheduleReserved(time: number, seq: number, handler: EventHandler, tag: number, data: unknown = null, background = false): ScheduledEvent {
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

  scheduleIn(delay: number, handler: EventHandler, tag: number, data: unknown = null): ScheduledEvent {
    return this.schedule(this.current + delay, handler, tag, data);
  }

  cancel(event: ScheduledEvent | null): void {
    if (event === null || event.cancelled) return;
    event.cancelled = true;
    if (!event.background) this.foreground--;
  }

  private push(time: number, seq: number, handler: EventHandler, tag: number, data: unknown, background: boolean): ScheduledEvent {
    if (!(time >= this.current)) {
      throw new Error(`cannot schedule at ${time}, before now (${this.current})`);
    }
    const event = new ScheduledEvent(time, seq, handler, tag, data, background);
    if (!background) this.foreground++;
    this.queue.push(event);
    return event;
  }

  /** Runs events in (time, sequence) order until no foreground event is left or `until` is passed. */
  run(options: RunOptions = {}): void {
    const until = options.until ?? Infinity;
    const every = options.progressEvery ?? 1_000_000;
    const onProgress = options.onProgress;
    const queue = this.queue;
    let sinceProgress = 0;
    let atSameTime = 0;
    for (;;) {
      if (this.foreground === 0) return;
      const next = queue.peek();
      if (next === undefined || next.time > until) return;
      queue.pop();
      if (next.cancelled) continue;
      if (!next.background) this.foreground--;
      if (next.time === this.current) {
        if (++atSameTime > MAX_EVENTS_AT_ONE_TIME) throw new NoProgressError(next.time);
      } else {
        atSameTime = 0;
      }
      this.current = next.time;
      this.executed++;
      next.handler.handleEvent(next.tag, next.data);
      if (onProgress !== undefined && ++sinceProgress >= every) {
        sinceProgress = 0;
        onProgress(this.current);
      }
    }
  }
}
