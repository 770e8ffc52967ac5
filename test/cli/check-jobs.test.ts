/**
 * The pool behind `simulate check` and `simulate sweep`: this thread and threads − 1 workers.
 * Whatever the thread count, each job's summary lands at its own index, once.
 */
import { describe, expect, it } from 'vitest';
import { runJobs, type Job } from '../../src/cli/check-jobs.ts';

const FILE = 'test/fixtures/sweep/compared.yaml';
const job = (seed: number, variant = 'naive'): Job => ({ file: FILE, variant, seed, sets: ['faults[0].for=1s'] });

describe('runJobs', () => {
  it('puts every summary at its job index, the same with 1 and 3 threads', async () => {
    const jobs = [1, 2, 3, 4, 5, 6].map((seed) => job(seed, seed % 2 === 0 ? 'naive' : 'budget'));
    const done: number[][] = [[], []];
    const [one, three] = await Promise.all([runJobs(jobs, 1, (i) => done[0].push(i)), runJobs(jobs, 3, (i) => done[1].push(i))]);
    expect(three).toEqual(one);
    expect(one.map((s) => s.seed)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(one[0]).not.toEqual(one[1]);
    for (const d of done) expect([...d].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('fails with the job named, whether the job ran in a worker or in this thread', async () => {
    // With 2 threads the worker is sent the first two jobs and this thread takes the third.
    await expect(runJobs([job(1, 'nope'), job(2), job(3)], 2, () => {})).rejects.toThrow(/compared\.yaml \(variant nope\).*\(seed 1\): .*no variant `nope`/);
    await expect(runJobs([job(1), job(2), job(3, 'nope')], 2, () => {})).rejects.toThrow(/no variant `nope`/);
  });
});
