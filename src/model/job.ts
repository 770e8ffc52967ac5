/**
 * A Job is a service's record of one attempt it holds: queued, then working, then waiting on
 * its downstream calls in turn. It is what the shedding policy sees of a waiting attempt, and
 * the caller of the job's downstream requests.
 */
import { NO_EVENT, type EventId } from '../engine/simulation.ts';
import type { FailureReason } from '../strategies/reasons.ts';
import type { WaitingAttempt } from '../strategies/shedding/policy.ts';
import type { Attempt, Caller, Request } from './request.ts';

/** Where a job is. */
export const QUEUED = 0;
export const WORKING = 1;
export const CALLING = 2;
/**
 * Its caller gave up and the service was told: it has left the queue or its worker, or (if it
 * was calling) leaves when the call in progress returns, answering nobody.
 */
export const CANCELLED = 3;

/** What a job calls back when a downstream request of it ends. */
export interface JobOwner {
  callEnded(job: Job, reason: FailureReason | null): void;
}

export class Job implements Caller, WaitingAttempt {
  // Declared, and assigned once in the constructor, as Attempt's fields are (see request.ts).
  declare readonly owner: JobOwner;
  declare readonly attempt: Attempt;
  declare readonly arrivedAt: number;
  /** Attempts in the service (queued or served) when it arrived, itself included. */
  declare readonly inFlight: number;
  declare phase: number;
  declare startedAt: number;
  declare nextCall: number;
  /** The event that ends its own work, while it works (cancellation removes it). */
  declare work: EventId;

  constructor(owner: JobOwner, attempt: Attempt, arrivedAt: number, inFlight: number) {
    this.owner = owner;
    this.attempt = attempt;
    this.arrivedAt = arrivedAt;
    this.inFlight = inFlight;
    this.phase = QUEUED;
    this.startedAt = 0;
    this.nextCall = 0;
    this.work = NO_EVENT;
  }

  get callerGone(): boolean {
    return !this.attempt.pending;
  }

  requestEnded(_request: Request, reason: FailureReason | null): void {
    this.owner.callEnded(this, reason);
  }
}
