/**
 * A service: N workers, a bounded or unbounded FIFO/LIFO queue, and downstream calls made in
 * order after the service's own work, holding the worker while it waits (so retries multiply
 * across layers). By default a service never learns that a caller gave up: it serves the
 * attempt anyway and the busy time is reported as wasted.
 */
import type { EventHandler } from '../engine/event-queue.ts';
import type { Sampler } from '../engine/distribution.ts';
import type { RandomStream } from '../engine/random.ts';
import type { Simulation } from '../engine/simulation.ts';
import type { FailureReason } from '../strategies/reasons.ts';
import type { QueueConfig } from './config.ts';
import { Deque } from './deque.ts';
import type { ModelObserver } from './observer.ts';
import { Request, type Attempt, type AttemptTarget, type Caller, type Route } from './request.ts';
import { NO_SERVICE_FAULTS, type ServiceConditions } from './service-conditions.ts';

/** One attempt being served: queued, then working, then waiting on calls in turn. */
class Job implements Caller {
  startedAt = 0;
  nextCall = 0;

  constructor(readonly service: Service, readonly attempt: Attempt, readonly arrivedAt: number) {}

  requestEnded(_request: Request, reason: FailureReason | null): void {
    this.service.callEnded(this, reason);
  }
}

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
}

export class Service implements AttemptTarget, EventHandler {
  readonly name: string;
  readonly baseWorkers: number;
  /** Routes of the downstream calls, in order; set once every service exists. */
  calls: Route[] = [];
  private capacity: number;
  private busy = 0;
  private readonly waiting = new Deque<Job>();
  private conditions: ServiceConditions = NO_SERVICE_FAULTS;
  /** Work waits and no worker may take it (a `workers` fault at 0): the run is held open. */
  private stalled = false;

  constructor(private readonly parts: ServiceParts) {
    this.name = parts.name;
    this.baseWorkers = parts.workers;
    this.capacity = parts.workers;
  }

  arrive(attempt: Attempt): void {
    const { sim, observer, index } = this.parts;
    observer.serviceArrival(index, sim.now);
    const c = this.conditions;
    if (c.outage) {
      observer.serviceRefused(index, sim.now, 'error');
      sim.scheduleIn(c.addedLatency, this, RESPOND_ERROR, attempt);
      return;
    }
    if (c.errorRate > 0 && this.parts.faultRng.next() < c.errorRate) {
      observer.serviceRefused(index, sim.now, 'error');
      sim.scheduleIn(c.errorLatency + c.addedLatency, this, RESPOND_ERROR, attempt);
      return;
    }
    const job = new Job(this, attempt, sim.now);
    if (this.busy < this.capacity) {
      this.start(job);
    } else if (this.parts.queue.capacity !== null && this.waiting.length >= this.parts.queue.capacity) {
      observer.serviceRefused(index, sim.now, 'rejected');
      sim.scheduleIn(c.addedLatency, this, RESPOND_REJECTED, attempt);
    } else {
      this.waiting.push(job);
      observer.queueChanged(index, sim.now, this.waiting.length);
      this.checkStall();
    }
  }

  abandon(): void {
    // Until cancellation is implemented, a service never learns its caller gave up (the default).
  }

  /** Faults changed: apply the new conditions; more workers start queued work at once. */
  setConditions(conditions: ServiceConditions): void {
    this.conditions = conditions;
    const workers = conditions.workers ?? this.baseWorkers;
    if (workers !== this.capacity) {
      this.capacity = workers;
      this.parts.observer.capacityChanged(this.parts.index, this.parts.sim.now, workers);
      this.startWaiting();
      this.checkStall();
    }
  }

  /**
   * Queued work with no worker allowed has no event of its own; without a hold the run could
   * end (if the fault ends after arrivals stop) with requests that never finish.
   */
  private checkStall(): void {
    const stalled = this.capacity === 0 && this.waiting.length > 0;
    if (stalled === this.stalled) return;
    this.stalled = stalled;
    if (stalled) this.parts.sim.hold();
    else this.parts.sim.release();
  }

  handleEvent(tag: number, data: unknown): void {
    if (tag === WORK_DONE) {
      this.callOrFinish(data as Job);
    } else {
      const attempt = data as Attempt;
      attempt.request.respond(attempt, tag === RESPOND_OK ? null : tag === RESPOND_REJECTED ? 'rejected' : 'error');
    }
  }

  /** A downstream call of `job` is over; a failed call fails the job with `error`. */
  callEnded(job: Job, reason: FailureReason | null): void {
    if (reason !== null) this.finish(job, 'error');
    else this.callOrFinish(job);
  }

  private callOrFinish(job: Job): void {
    if (job.nextCall < this.calls.length) {
      const route = this.calls[job.nextCall++];
      new Request(route, job, this.parts.sim.now).start();
    } else {
      this.finish(job, null);
    }
  }

  private start(job: Job): void {
    const { sim, observer, index } = this.parts;
    this.busy++;
    observer.busyChanged(index, sim.now, this.busy);
    job.startedAt = sim.now;
    const work = this.parts.serviceTime.sample(this.parts.rng) * this.conditions.slowdown;
    sim.scheduleIn(work, this, WORK_DONE, job);
  }

  /**
   * The worker is freed and handed to queued work before the response goes out: the response
   * may (through the caller's next call) bring a new attempt here at once, and it must not
   * overtake the queue.
   */
  private finish(job: Job, reason: FailureReason | null): void {
    const { sim, observer, index } = this.parts;
    this.busy--;
    observer.busyChanged(index, sim.now, this.busy);
    observer.jobEnded(index, job.arrivedAt, job.startedAt, sim.now, reason, !job.attempt.pending);
    this.startWaiting();
    const delay = this.conditions.addedLatency;
    if (delay > 0) sim.scheduleIn(delay, this, respondTag(reason), job.attempt);
    else job.attempt.request.respond(job.attempt, reason);
  }

  private startWaiting(): void {
    const lifo = this.parts.queue.discipline === 'lifo';
    let started = false;
    while (this.busy < this.capacity && this.waiting.length > 0) {
      const job = (lifo ? this.waiting.pop() : this.waiting.shift()) as Job;
      this.start(job);
      started = true;
    }
    if (started) this.parts.observer.queueChanged(this.parts.index, this.parts.sim.now, this.waiting.length);
  }
}
