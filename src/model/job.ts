/**
 * A job is a service's view of one attempt it holds: queued, then working, then waiting on its
 * downstream calls in turn. It is what the shedding policy sees of a waiting attempt, and the
 * caller of the attempt's downstream requests.
 *
 * It is kept on the Attempt itself (attempt.ts), not in an object of its own: an attempt goes to
 * one service, once, so one object serves both ends. That is one object fewer per request, and
 * about 40 bytes fewer per queued attempt in a retry storm (docs/performance.md).
 *
 * A queued attempt abandoned by a caller that does not tell its service (a timeout without
 * cancel_on_timeout) is kept by the queue as numbers only, and comes back from them, when taken,
 * as a "ghost": an Attempt never pending, whose request is an inert stand-in (job-queue.ts,
 * Attempt.ghost).
 */
import type { FailureReason } from '../strategies/reasons.ts';
import type { Attempt } from './attempt.ts';

// Where an attempt is, as its service sees it (Attempt.phase).
/** Not held by a service: not arrived yet, refused at arrival, answered, dropped or gone. */
export const OUTSIDE = 0;
export const QUEUED = 1;
export const WORKING = 2;
export const CALLING = 3;
/**
 * Its caller gave up and the service was told: it has left the queue or its worker, or (if it
 * was calling, at a service that does not propagate deadlines) leaves when the call in progress
 * returns, answering nobody.
 */
export const CANCELLED = 4;
/**
 * Arrived at a full queue whose overflow is `block`: waits in the service's blocked line, not
 * yet queued, until there is room (docs/back-pressure.md). Its caller abandoning it takes it
 * out (CANCELLED).
 */
export const BLOCKED = 5;

/** A service's view of an attempt it holds. */
export type Job = Attempt;

/** What a job calls back when a downstream request of it ends. */
export interface JobOwner {
  callEnded(job: Job, reason: FailureReason | null): void;
}
