/**
 * The line of attempts that found a service's queue full when its overflow is `block`
 * (docs/back-pressure.md): they wait here, outside the queue's bound and unserved, first come
 * first in, and enter the queue as room appears. Their callers wait meanwhile (a job calling
 * from an upstream service holds its worker), which is how the pressure travels upstream, as a
 * full bounded channel blocks its sender (Go's `ch <- x`, a TCP window at zero).
 *
 * It is a FIFO JobQueue of its own: an attempt finds its entry by its position (Attempt.handle,
 * free while it is not queued), so no field is added to Attempt. One whose caller gives up
 * leaves at once as far as anyone can tell (out of the count, never queued), and is skipped
 * when reached; the JobQueue rebuilds itself when the skipped outnumber the live, so memory
 * stays within about twice the attempts still blocked (job-queue.ts). Every blocked attempt is
 * pending, so its caller (bounded by its timeout, if it has one) holds it anyway.
 */
import type { Attempt } from './attempt.ts';
import { BLOCKED, CANCELLED, type JobOwner } from './job.ts';
import { JobQueue } from './job-queue.ts';

export class BlockedLine {
  private readonly line: JobQueue;

  constructor(private readonly owner: JobOwner) {
    this.line = new JobQueue(false, owner);
  }

  /** Attempts blocked, those given up excluded. */
  get length(): number {
    return this.line.length;
  }

  /** `attempt` found the queue full at `now`: it waits, behind those that came before it. */
  add(attempt: Attempt, now: number): void {
    // Its holder already, so that a balancer in front of replicas passes its abandonment here (balancer.ts).
    attempt.holder = this.owner;
    attempt.phase = BLOCKED;
    attempt.arrivedAt = now;
    this.line.push(attempt);
  }

  /** Its caller gave up on a blocked attempt: it is gone (CANCELLED), and will be skipped. */
  remove(attempt: Attempt): void {
    attempt.phase = CANCELLED;
    this.line.cancelled();
  }

  /** The attempt blocked longest, taken out; undefined when none is. */
  next(): Attempt | undefined {
    return this.line.takeOldest();
  }
}
