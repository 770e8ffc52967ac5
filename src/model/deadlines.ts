/**
 * The timeouts of the downstream calls of a service that propagates deadlines
 * (`cancel_on_timeout`). As gRPC passes a server's deadline on to the calls its handler makes
 * (https://grpc.io/docs/guides/deadlines/), an attempt a job J sends at `now` gets the timeout
 * min(call timeout, J.deadline - now): it never outlives the time J's own caller gives J. A call
 * with `timeout: none` gets just that remaining time (no timeout at all if J has none either).
 *
 * Since these timeouts differ from attempt to attempt, the FIFO of TimeoutQueue cannot serve
 * them: each attempt has a timer event of its own, cancelled when the attempt settles. The event
 * is scheduled when the attempt is sent, which is when TimeoutQueue reserves its sequence number,
 * so same-time events keep the order they have with a TimeoutQueue. (It is a foreground event,
 * holding the run open while the attempt is pending, as TimeoutQueue's hold does.)
 *
 * Because J's caller tells J's service at J's deadline, and that cancels J's calls at once
 * (Request.cancel), the bound changes an outcome only for a job nobody cancels: one whose caller
 * stopped waiting without saying so (a lost hedge with `cancel_losers: false`). Its calls still
 * end by its deadline, as a gRPC handler's would once its context expires; and once the deadline
 * has passed no attempt is sent at all (expired).
 */
import type { EventHandler } from '../engine/event-queue.ts';
import { NO_EVENT, type Simulation } from '../engine/simulation.ts';
import type { Attempt } from './attempt.ts';
import type { Job } from './job.ts';
import type { Caller } from './request.ts';
import type { AttemptTimeouts } from './timeouts.ts';

export class CallDeadlines implements AttemptTimeouts, EventHandler {
  /** `timeout`: the call's own, per attempt; Infinity for `timeout: none`. */
  constructor(private readonly sim: Simulation, private readonly timeout: number) {}

  /**
   * Has the calling job's deadline passed? Then the call fails at once with `timeout`, unsent:
   * gRPC fails a call whose deadline has passed with DEADLINE_EXCEEDED without sending it, and
   * its call deadline "applies across all attempts" (gRFC A6,
   * https://github.com/grpc/proposal/blob/master/A6-client-retries.md), so no retry follows.
   * `caller` is a job: the requests of these routes are made by jobs.
   */
  expired(caller: Caller): boolean {
    return (caller as Job).deadline <= this.sim.now;
  }

  track(attempt: Attempt): void {
    const sim = this.sim;
    // The minimum of two absolute times, not now + min(...): a bound equal to the job's deadline
    // is then that very number, so the job's own timeout (sent earlier, so sequenced first) runs
    // first at that instant and cancels this attempt with the rest of the job's call.
    const deadline = Math.min(sim.now + this.timeout, (attempt.request.caller as Job).deadline);
    attempt.deadline = deadline;
    attempt.timer = deadline === Infinity ? NO_EVENT : sim.schedule(deadline, this, 0, attempt);
  }

  settled(attempt: Attempt): void {
    this.sim.cancel(attempt.timer);
    attempt.timer = NO_EVENT;
  }

  handleEvent(_tag: number, data: unknown): void {
    const attempt = data as Attempt;
    attempt.timer = NO_EVENT;
    if (attempt.pending) attempt.request.timedOut(attempt);
  }
}
