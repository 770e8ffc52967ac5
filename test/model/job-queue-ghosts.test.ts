/**
 * The service's queue keeping abandoned attempts as numbers only ("ghosts", job-queue.ts): what
 * comes back out, in which order, across blocks, renumbering and the rebuild after cancellations.
 */
import { describe, expect, it } from 'vitest';
import { Attempt } from '../../src/model/attempt.ts';
import { CANCELLED, QUEUED, type JobOwner } from '../../src/model/job.ts';
import { JobQueue } from '../../src/model/job-queue.ts';
import { Request, type Caller, type Route } from '../../src/model/request.ts';

const owner: JobOwner = { callEnded: () => {} };
const caller: Caller = { requestEnded: () => {} };
/** A request is only read for its route's hedging and deadlines when made, and never started here. */
const route = { hedge: null, deadlines: null } as unknown as Route;

/** An attempt held by `owner` as a service would hold it: arrived at `arrivedAt`, `inFlight` there. */
function held(queue: JobQueue, arrivedAt: number, inFlight = 1): Attempt {
  const attempt = new Attempt(new Request(route, caller, arrivedAt), false, 0);
  attempt.holdAt(owner, arrivedAt, inFlight);
  queue.push(attempt);
  return attempt;
}

/** What a service does when a queued attempt's caller gives up without telling it. */
function abandon(queue: JobQueue, attempt: Attempt): void {
  attempt.pending = false;
  queue.letGo(attempt);
}

function drain(queue: JobQueue): Attempt[] {
  const out: Attempt[] = [];
  for (let job = queue.take(); job !== undefined; job = queue.take()) out.push(job);
  return out;
}

describe('JobQueue ghosts', () => {
  it('gives back a ghost in its place, as an attempt with its numbers, never pending, answering a stand-in', () => {
    const queue = new JobQueue(false, owner);
    const [a, b, c] = [held(queue, 1, 1), held(queue, 2, 2), held(queue, 3, 3)];
    abandon(queue, b);
    expect(queue.length).toBe(3);
    expect(queue.ghosts).toBe(1);
    expect(queue.take()).toBe(a);
    const ghost = queue.take() as Attempt;
    expect(ghost).not.toBe(b);
    expect(ghost).toBeInstanceOf(Attempt);
    expect([ghost.arrivedAt, ghost.inFlight, ghost.phase, ghost.pending, ghost.callerGone, ghost.holder]).toEqual([2, 2, QUEUED, false, true, owner]);
    expect(ghost.request).not.toBe(b.request);
    // The stand-in ignores the response, as b's request would have.
    ghost.request.respond(ghost, null);
    expect(queue.ghosts).toBe(0);
    expect(queue.take()).toBe(c);
    expect(queue.take()).toBeUndefined();
  });

  it('shows a ghost at the head to a policy by its arrival, and takes the newest first in LIFO', () => {
    const queue = new JobQueue(true, owner);
    const attempts = [1, 2, 3, 4].map((t) => held(queue, t, t));
    abandon(queue, attempts[0]);
    abandon(queue, attempts[3]);
    expect(queue.oldestArrival()).toBe(1);
    expect(drain(queue).map((j) => [j.arrivedAt, j === attempts[j.arrivedAt - 1]])).toEqual([
      [4, false],
      [3, true],
      [2, true],
      [1, false],
    ]);
    expect(queue.oldestArrival()).toBeUndefined();
  });

  it('finds each entry across blocks, in both directions, and through renumbering', () => {
    // A renumbering every 2048 positions (the real queue: every 2^30), FIFO and LIFO in turn.
    const queue = new JobQueue(false, owner, 2048);
    let t = 0;
    for (let round = 0; round < 6; round++) {
      const attempts = Array.from({ length: 1500 }, () => held(queue, ++t, t % 100));
      attempts.forEach((a, i) => i % 3 === 1 && abandon(queue, a));
      expect(queue.ghosts).toBe(500);
      // Take a third from the back, the rest from the front: both ends cross block boundaries.
      const newest = Array.from({ length: 500 }, () => queue.takeNewest() as Attempt);
      const oldest = drain(queue);
      const taken = [...oldest, ...newest.reverse()];
      expect(taken.map((j) => j.arrivedAt)).toEqual(attempts.map((a) => a.arrivedAt));
      expect(taken.map((j) => j.inFlight)).toEqual(attempts.map((a) => a.inFlight));
      expect(taken.map((j, i) => j === attempts[i])).toEqual(attempts.map((_, i) => i % 3 !== 1));
      expect([queue.length, queue.ghosts]).toEqual([0, 0]);
    }
  });

  it('keeps ghosts, in order, through the rebuild after many cancellations', () => {
    const queue = new JobQueue(false, owner);
    const attempts = Array.from({ length: 5000 }, (_, i) => held(queue, i));
    attempts.forEach((a, i) => {
      if (i % 5 === 1) abandon(queue, a);
    });
    for (let i = attempts.length - 1; i >= 0; i--) {
      if (i % 5 >= 2) {
        attempts[i].phase = CANCELLED;
        queue.cancelled();
      }
    }
    expect([queue.length, queue.ghosts]).toEqual([2000, 1000]);
    const taken = drain(queue);
    expect(taken.map((j) => j.arrivedAt)).toEqual(attempts.filter((_, i) => i % 5 < 2).map((a) => a.arrivedAt));
    expect(taken.filter((j) => j.pending).length).toBe(1000);
  });
});
