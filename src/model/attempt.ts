/**
 * An attempt: one try at a request, sent to a service. It is also the service's job (job.ts):
 * the same object is both ends of the try, so each field here is paid once per attempt, and in a
 * retry storm hundreds of thousands of them wait in queues (docs/performance.md).
 */
import { NO_EVENT, type EventId } from '../engine/simulation.ts';
import type { FailureReason } from '../strategies/reasons.ts';
import type { WaitingAttempt } from '../strategies/shedding/policy.ts';
import { OUTSIDE, QUEUED, type JobOwner } from './job.ts';
import type { Caller, Request } from './request.ts';

/**
 * Fields are `declare`d and assigned once in the constructor (no class-field initialisers, which
 * define every field before the constructor assigns it): one is made per attempt, and in a retry
 * storm hundreds of thousands wait in a queue, so its size and making it are on the hot path.
 *
 * The second group of fields is the service's job (job.ts): set by the service that holds the
 * attempt, through holdAt().
 */
export class Attempt implements Caller, WaitingAttempt {
  /** A ghost's is an inert stand-in (Attempt.ghost). */
  declare readonly request: Request;
  /** False once answered, timed out or abandoned; from then on, any response is ignored. */
  declare pending: boolean;
  /**
   * When its caller stops waiting for it (Infinity: never), set by its route's timeouts; a job's
   * downstream calls are bounded by it when its service propagates deadlines (deadlines.ts).
   */
  declare deadline: number;
  /**
   * Its timeout's handle, set by its route's timeouts: the sequence number reserved for it
   * (TimeoutQueue), or its own timer event, cancelled when it settles (CallDeadlines). One field
   * serves both: it is paid per attempt.
   */
  declare timer: number;
  /** Sent on the budget's allowance (a retry or a hedge): released when it ends. */
  declare budgeted: boolean;
  /** The circuit breaker's permit it went out with. */
  declare permit: number;

  /** The service holding it (the caller of its downstream requests); null until one does. */
  declare holder: JobOwner | null;
  /** OUTSIDE, QUEUED, WORKING, CALLING or CANCELLED (job.ts). */
  declare phase: number;
  declare arrivedAt: number;
  /** Attempts in the service (queued or served) when it arrived, itself included. */
  declare inFlight: number;
  declare startedAt: number;
  declare nextCall: number;
  /**
   * Its service's handle on it: while QUEUED, its entry's position in the queue (so that the
   * queue can find the entry to let go of it: job-queue.ts); while WORKING, the event that ends
   * its work (cancellation removes it); otherwise NO_EVENT. One field serves both, as `timer`
   * does: a field of its own for the position cost 1.7% more allocation in the benchmark (1M
   * requests, queue bounded at 80).
   */
  declare handle: EventId;

  constructor(request: Request, budgeted: boolean, permit: number) {
    this.request = request;
    this.pending = true;
    this.deadline = Infinity;
    this.timer = 0;
    this.budgeted = budgeted;
    this.permit = permit;
    this.holder = null;
    this.phase = OUTSIDE;
    this.arrivedAt = 0;
    this.inFlight = 0;
    this.startedAt = 0;
    this.nextCall = 0;
    this.handle = NO_EVENT;
  }

  /**
   * The job of an attempt that its caller abandoned while it was queued at a service that was
   * not told (job-queue.ts keeps only its arrival and in-flight count): made when the queue hands
   * it out, to be served (or dropped) exactly as that attempt would have been, answering nobody.
   * Never pending, so its request, an inert stand-in (Request.standIn), ignores its response.
   *
   * Why an Attempt, with a Request, rather than an object of its own or a null request: the
   * service's optimised code then stays as it was before ghosts appeared. A class of its own
   * made the service's hot paths polymorphic, and a null request generalised the field's type:
   * with either, the bounded benchmark ran 7-10% slower after its first ghost (t = 619 s; with
   * node --predictable, which recompiles on the main thread); this way, 3-4%, and the paired
   * benchmark shows no difference.
   */
  static ghost(holder: JobOwner, standIn: Request, arrivedAt: number, inFlight: number): Attempt {
    const job = new Attempt(standIn, false, 0);
    job.pending = false;
    job.holdAt(holder, arrivedAt, inFlight);
    return job;
  }

  /** A service admits it to its queue at `arrivedAt`, with `inFlight` attempts there, itself included. */
  holdAt(holder: JobOwner, arrivedAt: number, inFlight: number): void {
    this.holder = holder;
    this.phase = QUEUED;
    this.arrivedAt = arrivedAt;
    this.inFlight = inFlight;
  }

  /** WaitingAttempt: its caller no longer waits for it. */
  get callerGone(): boolean {
    return !this.pending;
  }

  /** Caller: a downstream request made by its job ended. */
  requestEnded(_request: Request, reason: FailureReason | null): void {
    (this.holder as JobOwner).callEnded(this, reason);
  }
}
