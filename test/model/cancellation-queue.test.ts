/** The service's queue with lazy removal of cancelled jobs: counts, order across its blocks, and compaction. */
import { describe, expect, it } from 'vitest';
import { CANCELLED, type Job, type JobOwner } from '../../src/model/job.ts';
import { JobQueue } from '../../src/model/job-queue.ts';
import { Attempt } from '../../src/model/attempt.ts';
import type { Request } from '../../src/model/request.ts';

const owner: JobOwner = { callEnded: () => {} };
function job(arrivedAt: number): Job {
  const attempt = new Attempt({} as Request, false, 0);
  attempt.holdAt(owner, arrivedAt, 1);
  return attempt;
}

function cancel(queue: JobQueue, j: Job): void {
  j.phase = CANCELLED;
  queue.cancelled();
}

describe('JobQueue', () => {
  it('skips cancelled jobs at either end and never counts them', () => {
    const queue = new JobQueue(false, owner);
    const jobs = [0, 1, 2, 3, 4].map(job);
    jobs.forEach((j) => queue.push(j));
    cancel(queue, jobs[0]);
    cancel(queue, jobs[4]);
    cancel(queue, jobs[2]);
    expect(queue.length).toBe(2);
    expect(queue.oldestArrival()).toBe(1);
    expect(queue.takeNewest()).toBe(jobs[3]);
    expect(queue.take()).toBe(jobs[1]);
    expect(queue.length).toBe(0);
    expect(queue.take()).toBeUndefined();
    expect(queue.oldestArrival()).toBeUndefined();
  });

  it('takes in its discipline: LIFO takes the newest live job', () => {
    const queue = new JobQueue(true, owner);
    const jobs = [0, 1, 2].map(job);
    jobs.forEach((j) => queue.push(j));
    cancel(queue, jobs[2]);
    expect(queue.take()).toBe(jobs[1]);
    expect(queue.takeOldest()).toBe(jobs[0]);
  });

  it('keeps order and count through the rebuild when cancelled jobs outnumber live ones', () => {
    const queue = new JobQueue(false, owner);
    const jobs = Array.from({ length: 5000 }, (_, i) => job(i));
    jobs.forEach((j) => queue.push(j));
    // Cancel all but every fifth, newest first (a LIFO queue's oldest callers giving up looks
    // like this from the far end): the rebuild happens along the way.
    for (let i = jobs.length - 1; i >= 0; i--) if (i % 5 !== 0) cancel(queue, jobs[i]);
    expect(queue.length).toBe(1000);
    const taken: number[] = [];
    for (let j = queue.take(); j !== undefined; j = queue.take()) taken.push(j.arrivedAt);
    expect(taken).toEqual(Array.from({ length: 1000 }, (_, i) => i * 5));
  });

  it('keeps order across blocks at both ends, and through renumbering', () => {
    // Renumbering every 2048 positions (the real queue: every 2^30); a third taken from the back.
    const queue = new JobQueue(false, owner, 2048);
    let t = 0;
    for (let round = 0; round < 6; round++) {
      const jobs = Array.from({ length: 1500 }, () => job(++t));
      jobs.forEach((j) => queue.push(j));
      const newest = Array.from({ length: 500 }, () => queue.takeNewest());
      const oldest = Array.from({ length: 1000 }, () => queue.take());
      expect([...oldest, ...newest.reverse()]).toEqual(jobs);
      expect(queue.take()).toBeUndefined();
    }
  });
});
