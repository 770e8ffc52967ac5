/**
 * A service: N workers, a bounded or unbounded FIFO/LIFO queue, and downstream calls made in
 * order after the service's own work, holding the worker while it waits (so retries multiply
 * across layers). A step may send several calls at once and wait for a quorum (fan-out.ts).
 *
 * Every admitted attempt passes through the queue, and a free worker takes the next one through
 * the shedding policy (a null object when the service sheds nothing), so a policy sees every
 * dequeue, even of an attempt that waited for nothing (CoDel needs those to see the queue
 * drain). Shed attempts (refused by the policy at arrival, dropped at dequeue, or cancelled by
 * their callers) are neither completed, rejected nor errored: observer.serviceShed, once each.
 *
 * By default a service never learns that a caller gave up: it serves the attempt anyway and the
 * busy time is reported as wasted. Work is wasted when its response reaches a caller that no
 * longer waits for it, so a response held back by a `latency` fault is judged when it arrives.
 * It learns when a hedge lost (the caller cancels losers), when its caller cancelled the
 * request (a caller that propagates deadlines, itself cancelled) and, with cancelOnTimeout
 * (deadline propagation), when an attempt timed out; then it cancels the job: a queued one
 * leaves the queue, one at work frees its worker at once. One waiting on a downstream call
 * cancels that call at once, with cancelOnTimeout (gRPC cancellation propagation, which goes
 * on down the tree) and frees its worker; without it, it frees the worker when the call
 * returns, making no further calls. With cancelOnTimeout its calls are also bounded by its
 * caller's deadline (deadlines.ts). A cancelled job answers nobody and is counted as shed when
 * it frees its worker; its busy time so far is not reported through jobEnded (which would count
 * it as completed or errored too).
 */
import type { EventHandler } from '../engine/event-queue.ts';
import type { Sampler } from '../engine/distribution.ts';
import type { RandomStream } from '../engine/random.ts';
import { NO_EVENT, type Simulation } from '../engine/simulation.ts';
import type { FailureReason } from '../strategies/reasons.ts';
import type { Drops, SheddingPolicy } from '../strategies/shedding/policy.ts';
import type { QueueConfig } from './config.ts';
import { BlockedLine } from './blocked-line.ts';
import { BLOCKED, CALLING, CANCELLED, OUTSIDE, QUEUED, WORKING, type Job, type JobOwner } from './job.ts';
import { JobQueue } from './job-queue.ts';
import type { ModelObserver, ReplicaHealthEvent } from './observer.ts';
import type { Attempt } from './attempt.ts';
import { FanOutCall, FanOutStep } from './fan-out.ts';
import { Request, type AbandonCause, type AttemptTarget, type Route } from './request.ts';
import { NO_SERVICE_FAULTS, type ServiceConditions } from './service-conditions.ts';
import { NO_CONTENTION, type Contention } from './contention.ts';

// Event tags. A response's outcome is in its tag so that no object is made to carry it.
const WORK_DONE = 0;
const RESPOND_OK = 1;
const RESPOND_ERROR = 2;
const RESPOND_REJECTED = 3;

function respondTag(reason: FailureReason | null): number {
  return reason === null ? RESPOND_OK : reason === 'rejected' ? RESPOND_REJECTED : RESPOND_ERROR;
}

export interface ServiceParts {
  index: number;
  name: string;
  workers: number;
  queue: QueueConfig;
  serviceTime: Sampler;
  /** Service times. */
  rng: RandomStream;
  /** Error-rate fault draws, on their own stream so a fault does not shift service times. */
  faultRng: RandomStream;
  sim: Simulation;
  observer: ModelObserver;
  /** This service's own policy (they keep state). Default: NO_SHEDDING. */
  shedding: SheddingPolicy;
  /** Deadline propagation: cancel an attempt when its caller's timeout fires. Default false. */
  cancelOnTimeout: boolean;
  /** Service time that grows with the jobs at work (contention.ts). Default: NO_CONTENTION. */
  contention?: Contention;
}

export class Service implements AttemptTarget, EventHandler, JobOwner, Drops<Job> {
  readonly name: string;
  readonly baseWorkers: number;
  /** The downstream call steps, in order: a plain call's route, or a parallel step; set once every service exists. */
  calls: (Route | FanOutStep)[] = [];
  private capacity: number;
  /** Workers when no `workers` fault is active: baseWorkers, unless an autoscaler says otherwise. */
  private scaled: number;
  private busy = 0;
  private readonly waiting: JobQueue;
  /** The queue length last told to the observer. */
  private reportedLength = 0;
  private readonly shedding: SheddingPolicy;
  private readonly cancelOnTimeout: boolean;
  /**
   * With cancelOnTimeout: the downstream request each job waiting on a call is waiting on, to
   * cancel it with the job. Kept here, for the few jobs calling, rather than in a field of every
   * Attempt (memory per queued attempt).
   */
  private readonly calling = new Map<Job, Request | FanOutCall>();
  private conditions: ServiceConditions = NO_SERVICE_FAULTS;
  /**
   * Busy seconds of jobs whose response is held back by a `latency` fault and whose caller still
   * waited when the job ended: whether that work was wasted is known only at delivery. Empty
   * unless such a fault is active.
   */
  private readonly heldResponses = new Map<Attempt, number>();
  /** Work waits and no worker may take it (a `workers` fault at 0): the run is held open. */
  private stalled = false;
  /** `queue.overflow: drop_oldest`. */
  private readonly dropsOldest: boolean;
  /** `queue.overflow: block`: attempts waiting for room in the queue; null otherwise. */
  private readonly blocked: BlockedLine | null;
  private readonly contention: Contention;

  constructor(private readonly parts: ServiceParts) {
    this.name = parts.name;
    this.baseWorkers = parts.workers;
    this.capacity = parts.workers;
    this.scaled = parts.workers;
    this.waiting = new JobQueue(parts.queue.discipline === 'lifo', this);
    this.shedding = parts.shedding;
    this.cancelOnTimeout = parts.cancelOnTimeout;
    this.dropsOldest = parts.queue.overflow === 'drop_oldest';
    this.blocked = parts.queue.overflow === 'block' ? new BlockedLine(this) : null;
    this.contention = parts.contention ?? NO_CONTENTION;
  }

  /** Its fault conditions now: what a health check answered without a worker sees (health-checks.ts). */
  get faults(): ServiceConditions {
    return this.conditions;
  }

  /** A balancer's view of this replica changed (replica-health.ts): recorded as this replica's. */
  healthChanged(event: ReplicaHealthEvent): void {
    this.parts.observer.replicaHealth(this.parts.index, this.parts.sim.now, event);
  }

  /** Attempts queued, blocked or in service (a worker waiting on a call included): what a balancer compares. */
  get outstanding(): number {
    // Attempts blocked at a full queue (overflow: block) wait here too.
    return this.busy + this.waiting.length + (this.blocked === null ? 0 : this.blocked.length);
  }

  /**
   * Faults first (an outage fails everything), then the policy's admission, then the queue
   * bound, where the queue's overflow decides (docs/back-pressure.md).
   */
  arrive(attempt: Attempt): void {
    const { sim, observer, index } = this.parts;
    const now = sim.now;
    observer.serviceArrival(index, now);
    const c = this.conditions;
    if (c.outage) {
      observer.serviceRefused(index, now, 'error');
      sim.scheduleIn(c.addedLatency, this, RESPOND_ERROR, attempt);
      return;
    }
    if (c.errorRate > 0 && this.parts.faultRng.next() < c.errorRate) {
      observer.serviceRefused(index, now, 'error');
      sim.scheduleIn(c.errorLatency + c.addedLatency, this, RESPOND_ERROR, attempt);
      return;
    }
    const waiting = this.waiting.length;
    if (!this.shedding.admit(now, waiting, this.busy)) {
      observer.serviceShed(index, now, NaN, now);
      sim.scheduleIn(c.addedLatency, this, RESPOND_REJECTED, attempt);
      return;
    }
    const bound = this.parts.queue.capacity;
    if (this.busy >= this.capacity && bound !== null && waiting >= bound) {
      // The one test on the default path: reject_new is neither of these.
      if (this.dropsOldest || this.blocked !== null) this.overflow(attempt, now);
      else this.reject(attempt, now, now);
      return;
    }
    attempt.holdAt(this, now, waiting + this.busy + 1);
    this.waiting.push(attempt);
    this.dispatch();
  }

  /** Refuses `attempt`, which arrived at `arrivedAt`, answering `rejected` (queue full). */
  private reject(attempt: Attempt, arrivedAt: number, now: number): void {
    this.parts.observer.serviceRefused(this.parts.index, now, 'rejected', arrivedAt);
    attempt.phase = OUTSIDE;
    // A ghost dropped from the queue (drop_oldest) has nobody to answer.
    if (attempt.pending) this.parts.sim.scheduleIn(this.conditions.addedLatency, this, RESPOND_REJECTED, attempt);
  }

  /**
   * `attempt` found the queue full. `block`: it waits in the blocked line. `drop_oldest`: the
   * attempt that has waited longest (in either discipline) is refused in its place, answered
   * through an event like any refusal (and not at all if its caller is gone: a ghost); with
   * nothing waiting (capacity 0) there is nothing to drop, and the new one is refused.
   */
  private overflow(attempt: Attempt, now: number): void {
    if (this.blocked !== null) {
      this.blocked.add(attempt, now);
      this.checkStall();
      return;
    }
    const oldest = this.waiting.takeOldest();
    if (oldest === undefined) {
      this.reject(attempt, now, now);
      return;
    }
    this.reject(oldest, oldest.arrivedAt, now);
    attempt.holdAt(this, now, this.waiting.length + this.busy + 1);
    this.waiting.push(attempt);
  }

  /**
   * The caller gave up on `attempt`. A lost hedge and a cancelled request are always cancelled
   * (the caller sends the cancellation); a timeout only with deadline propagation. Without it,
   * a queued attempt is served all the same, but as a ghost, from numbers its queue keeps, so
   * that the Attempt can be collected (job-queue.ts). Anything else is ignored: an attempt no
   * longer held here, or one already cancelled.
   */
  abandon(job: Attempt, cause: AbandonCause): void {
    const phase = job.phase;
    if (cause === 'timeout' && !this.cancelOnTimeout) {
      // OUTSIDE: it has left the queue (and an attempt is abandoned once only: no longer pending).
      if (phase === QUEUED) {
        this.waiting.letGo(job);
        job.phase = OUTSIDE;
      } else if (phase === BLOCKED) this.leaveBlocked(job);
      return;
    }
    if (phase === OUTSIDE || phase === CANCELLED) return;
    // A queued job stays CANCELLED in the queue until the queue skips it.
    job.phase = CANCELLED;
    if (phase === QUEUED) {
      this.waiting.cancelled();
      this.parts.observer.serviceShed(this.parts.index, job.arrivedAt, NaN, this.parts.sim.now);
      // Its place in the queue goes to the attempt blocked longest, before any later arrival.
      if (this.blocked !== null && this.blocked.length > 0) this.unblock(this.parts.sim.now);
      this.reportQueue();
      this.checkStall();
    } else if (phase === WORKING) {
      this.contention.end();
      this.parts.sim.cancel(job.handle);
      job.handle = NO_EVENT;
      this.leave(job);
    } else if (phase === BLOCKED) {
      this.leaveBlocked(job);
    } else if (this.cancelOnTimeout) {
      // CALLING: its call is cancelled first (and so, at once, everything under it), then it leaves.
      const call = this.calling.get(job) as Request | FanOutCall;
      this.calling.delete(job);
      call.cancel();
      this.leave(job);
    }
    // CALLING without cancelOnTimeout: it leaves when the call in progress returns (callEnded).
  }

  /** Drops<Job>: the shedding policy took `job` from the queue and dropped it. */
  drop(job: Job): void {
    const { sim, observer, index } = this.parts;
    observer.serviceShed(index, job.arrivedAt, NaN, sim.now);
    job.phase = OUTSIDE;
    // Answered through an event, even with no added latency: the answer may bring a retry
    // here at once, and the policy is in the middle of a dequeue.
    if (job.pending) sim.scheduleIn(this.conditions.addedLatency, this, RESPOND_REJECTED, job);
  }

  /** The autoscaler's worker count (autoscale-units.ts); a `workers` fault overrides it while active. */
  scaleTo(workers: number): void {
    this.scaled = workers;
    this.setConditions(this.conditions);
  }

  /** Faults changed: apply the new conditions; more workers start queued work at once. */
  setConditions(conditions: ServiceConditions): void {
    this.conditions = conditions;
    const workers = conditions.workers ?? this.scaled;
    if (workers !== this.capacity) {
      this.capacity = workers;
      this.parts.observer.capacityChanged(this.parts.index, this.parts.sim.now, workers);
      this.dispatch();
    }
  }

  handleEvent(tag: number, data: unknown): void {
    if (tag === WORK_DONE) {
      const job = data as Job;
      job.handle = NO_EVENT;
      this.contention.end();
      this.callOrFinish(job);
    } else {
      const attempt = data as Attempt;
      const busy = this.heldResponses.get(attempt);
      if (busy !== undefined) {
        this.heldResponses.delete(attempt);
        if (!attempt.pending) this.parts.observer.lateResponse(this.parts.index, attempt.startedAt, this.parts.sim.now, busy);
      }
      attempt.request.respond(attempt, tag === RESPOND_OK ? null : tag === RESPOND_REJECTED ? 'rejected' : 'error');
    }
  }

  /** A downstream call of `job` is over; a failed call fails the job with `error`. */
  callEnded(job: Job, reason: FailureReason | null): void {
    if (this.cancelOnTimeout) this.calling.delete(job);
    if (job.phase === CANCELLED) this.leave(job);
    else if (reason !== null) this.finish(job, 'error');
    else this.callOrFinish(job);
  }

  /**
   * The caller of a blocked attempt gave up sending it (whatever the cause: the service never
   * had it): it leaves the line at once, counted as shed, as one cancelled while queued is.
   */
  private leaveBlocked(job: Job): void {
    (this.blocked as BlockedLine).remove(job);
    this.parts.observer.serviceShed(this.parts.index, job.arrivedAt, NaN, this.parts.sim.now);
    this.checkStall();
  }

  /**
   * Queued work with no worker allowed has no event of its own; without a hold the run could
   * end (if the fault ends after arrivals stop) with requests that never finish.
   */
  private checkStall(): void {
    const stalled = this.capacity === 0 && (this.waiting.length > 0 || (this.blocked !== null && this.blocked.length > 0));
    if (stalled === this.stalled) return;
    this.stalled = stalled;
    if (stalled) this.parts.sim.hold();
    else this.parts.sim.release();
  }

  private reportQueue(): void {
    const length = this.waiting.length;
    if (length === this.reportedLength) return;
    this.reportedLength = length;
    this.parts.observer.queueChanged(this.parts.index, this.parts.sim.now, length);
  }

  private callOrFinish(job: Job): void {
    if (job.nextCall < this.calls.length) {
      job.phase = CALLING;
      const step = this.calls[job.nextCall++];
      // A parallel step waits for a quorum of its calls (fan-out.ts); it calls callEnded once.
      const request = step instanceof FanOutStep ? new FanOutCall(step, job) : new Request(step, job, this.parts.sim.now);
      // Kept before it starts: it may end at once (refused locally), and then callEnded forgets it.
      if (this.cancelOnTimeout) this.calling.set(job, request);
      request.start();
    } else {
      this.finish(job, null);
    }
  }

  private start(job: Job): void {
    const { sim, observer, index } = this.parts;
    this.busy++;
    observer.busyChanged(index, sim.now, this.busy);
    job.phase = WORKING;
    job.startedAt = sim.now;
    const work = this.contention.begin(this.parts.serviceTime.sample(this.parts.rng), sim.now) * this.conditions.slowdown;
    job.handle = sim.scheduleIn(work, this, WORK_DONE, job);
  }

  /**
   * The worker is freed and handed to queued work before the response goes out: the response
   * may (through the caller's next call) bring a new attempt here at once, and it must not
   * overtake the queue.
   */
  private finish(job: Job, reason: FailureReason | null): void {
    const { sim, observer, index } = this.parts;
    job.phase = OUTSIDE;
    this.busy--;
    observer.busyChanged(index, sim.now, this.busy);
    observer.jobEnded(index, job.arrivedAt, job.startedAt, sim.now, reason, !job.pending);
    this.shedding.completed(sim.now - job.arrivedAt, reason !== null, job.inFlight);
    this.dispatch();
    const delay = this.conditions.addedLatency;
    if (delay > 0) {
      // Wasted or not is decided when the response arrives: the caller may give up meanwhile.
      if (job.pending) this.heldResponses.set(job, sim.now - job.startedAt);
      sim.scheduleIn(delay, this, respondTag(reason), job);
    } else job.request.respond(job, reason);
  }

  /** A cancelled job frees its worker, answering nobody. */
  private leave(job: Job): void {
    const { sim, observer, index } = this.parts;
    job.phase = OUTSIDE;
    this.busy--;
    observer.busyChanged(index, sim.now, this.busy);
    observer.serviceShed(index, job.arrivedAt, job.startedAt, sim.now);
    this.dispatch();
  }

  /** Free workers take queued work, then blocked attempts fill the room left in the queue. */
  private dispatch(): void {
    const now = this.parts.sim.now;
    this.serveQueued(now);
    if (this.blocked !== null && this.blocked.length > 0) this.unblock(now);
    this.reportQueue();
    this.checkStall();
  }

  /** Free workers take queued work through the shedding policy (which may drop some). */
  private serveQueued(now: number): void {
    while (this.busy < this.capacity && this.waiting.length > 0) {
      const job = this.shedding.next(this.waiting, now, this);
      if (job === undefined) break;
      this.start(job);
    }
  }

  /**
   * While the queue is not full, the attempt blocked longest enters it, and a free worker takes
   * queued work at once. It keeps its arrival time (BlockedLine.add): its sojourn and queue delay
   * count the time it was blocked, and it is counted by arrival, as its arrival was (so the
   * outcomes from warm-up on add up to the arrivals). The policy's admission is not asked again:
   * it admitted the attempt when it arrived.
   */
  private unblock(now: number): void {
    const blocked = this.blocked as BlockedLine;
    const bound = this.parts.queue.capacity as number;
    while (blocked.length > 0 && (this.busy < this.capacity || this.waiting.length < bound)) {
      const job = blocked.next() as Job;
      job.holdAt(this, job.arrivedAt, this.waiting.length + this.busy + 1);
      this.waiting.push(job);
      this.serveQueued(now);
    }
  }
}
