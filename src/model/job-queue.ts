/**
 * A service's queue of jobs, in its configured discipline (FIFO or LIFO), as the shedding
 * policy sees it. A job cancelled while queued is removed lazily: it stays in the ring buffer,
 * out of the count, and is skipped when reached, so cancelling costs O(1). When skipped jobs
 * come to outnumber live ones (cancellations far from the end being served: a LIFO queue
 * whose oldest callers give up), the buffer is rebuilt, so memory stays within twice the
 * live queue.
 */
import type { WaitingLine } from '../strategies/shedding/policy.ts';
import { Deque } from './deque.ts';
import { CANCELLED, type Job } from './job.ts';

/** Below this many cancelled jobs the buffer is never rebuilt (not worth it). */
const COMPACT_MIN = 1024;

export class JobQueue implements WaitingLine<Job> {
  private jobs = new Deque<Job>();
  private live = 0;

  constructor(private readonly lifo: boolean) {}

  /** Jobs waiting, cancelled ones excluded. */
  get length(): number {
    return this.live;
  }

  push(job: Job): void {
    this.jobs.push(job);
    this.live++;
  }

  /** A queued job was marked CANCELLED: it no longer counts, and is skipped when reached. */
  cancelled(): void {
    this.live--;
    const dead = this.jobs.length - this.live;
    if (dead >= COMPACT_MIN && dead > this.live) this.compact();
  }

  oldestArrival(): number | undefined {
    let job = this.jobs.peek();
    while (job !== undefined && job.phase === CANCELLED) {
      this.jobs.shift();
      job = this.jobs.peek();
    }
    return job?.arrivedAt;
  }

  take(): Job | undefined {
    return this.lifo ? this.takeNewest() : this.takeOldest();
  }

  takeOldest(): Job | undefined {
    for (;;) {
      const job = this.jobs.shift();
      if (job === undefined || job.phase !== CANCELLED) return this.taken(job);
    }
  }

  takeNewest(): Job | undefined {
    for (;;) {
      const job = this.jobs.pop();
      if (job === undefined || job.phase !== CANCELLED) return this.taken(job);
    }
  }

  private taken(job: Job | undefined): Job | undefined {
    if (job !== undefined) this.live--;
    return job;
  }

  private compact(): void {
    const old = this.jobs;
    this.jobs = new Deque<Job>();
    for (let job = old.shift(); job !== undefined; job = old.shift()) {
      if (job.phase !== CANCELLED) this.jobs.push(job);
    }
  }
}
