/**
 * The timeouts of one route (one client, or one downstream call of a service). They all have the
 * same length, so they expire in the order the attempts were sent: a FIFO of attempts and a
 * single timer for the oldest pending one replace an event per attempt (most attempts are
 * answered in time, and their timeout events would only be cancelled).
 *
 * Each attempt reserves its sequence number when it is sent and its timer is scheduled with it,
 * so a timeout runs among same-time events exactly where a per-attempt event would have.
 *
 * The timer is a background event (it may outlive the attempt it was set for); the queue holds
 * the run open itself while any of its attempts is pending.
 */
import type { EventHandler } from '../engine/event-queue.ts';
import type { Simulation } from '../engine/simulation.ts';
import { Deque } from './deque.ts';
import type { Attempt } from './attempt.ts';

/**
 * How a route times out its attempts: a TimeoutQueue (here) when they all have the same timeout,
 * CallDeadlines (deadlines.ts) for the calls of a service that propagates deadlines.
 */
export interface AttemptTimeouts {
  /** Starts the timeout of an attempt sent now. */
  track(attempt: Attempt): void;
  /** An attempt it tracks was answered, timed out or abandoned. */
  settled(attempt: Attempt): void;
}

export class TimeoutQueue implements AttemptTimeouts, EventHandler {
  private readonly attempts = new Deque<Attempt>();
  private timerSet = false;
  private pendingCount = 0;

  constructor(private readonly sim: Simulation, private readonly timeout: number) {}

  /** Starts the timeout of an attempt sent now. */
  track(attempt: Attempt): void {
    attempt.deadline = this.sim.now + this.timeout;
    attempt.timer = this.sim.reserveSequence();
    this.attempts.push(attempt);
    if (this.pendingCount++ === 0) this.sim.hold();
    if (!this.timerSet) this.setTimer(attempt);
  }

  /** An attempt of this queue was answered, timed out or abandoned. */
  settled(_attempt: Attempt): void {
    if (--this.pendingCount === 0) this.sim.release();
  }

  /**
   * The timer of the oldest pending attempt (`due`) went off. Attempts before it in the FIFO
   * are settled. The timer stays marked as set while the request reacts (a retry tracked then
   * must not start a second timer), and moves on to the oldest attempt still pending.
   */
  handleEvent(_tag: number, data: unknown): void {
    const due = data as Attempt;
    while (this.attempts.length > 0) {
      if (this.attempts.shift() === due) break;
    }
    if (due.pending) due.request.timedOut(due);
    let head = this.attempts.peek();
    while (head !== undefined && !head.pending) {
      this.attempts.shift();
      head = this.attempts.peek();
    }
    if (head === undefined) this.timerSet = false;
    else this.setTimer(head);
  }

  private setTimer(attempt: Attempt): void {
    this.timerSet = true;
    this.sim.scheduleReserved(attempt.deadline, attempt.timer, this, 0, attempt, true);
  }
}
