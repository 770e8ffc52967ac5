/**
 * The pool behind `simulate check` and `simulate sweep`: this thread and threads − 1 workers.
 * Whatever the thread count, each job's summary lands at its own index, once.
 */
import { describe, expect, it } from 'vitest';
import { runJobs, type Job } from '../../src/cli/check-jobs.ts';

const FILE = 'test/fixtures/sweep/compared.yaml';
const job = (seed: number, variant = 'naive'): Job => ({ file: FILE, variant, seed, sets: ['faults[0].for=1s'] });
/**
 * About a second on this thread (12,000 simulated seconds at 100/s): with it first, this thread
 * is busy long after the workers have started (half a second), so they take the jobs after it.
 * (At a very slow moment this thread could take one of them too; what is checked holds either way.)
 */
const long = (seed: number): Job => ({ ...job(seed, 'budget'), sets: ['faults[0].for=1s', 'duration=12000s'] });

describe('runJobs', () => {
  it('puts every summary at its job index, the same with 1 and 3 threads', async () => {
    const jobs = [long(1), ...[2, 3, 4, 5, 6].map((seed) => job(seed, seed % 2 === 0 ? 'naive' : 'budget'))];
    const done: number[][] = [[], []];
    const [one, three] = await Promise.all([runJobs(jobs, 1, (i) => done[0].push(i)), runJobs(jobs, 3, (i) => done[1].push(i))]);
    expect(three).toEqual(one);
    expect(one.map((s) => s.seed)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(one[0]).not.toEqual(one[1]);
    for (const d of done) expect([...d].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('fails with the job named, whether the job ran in a worker or in this thread', async () => {
    // One thread: this one runs it.
    await expect(runJobs([job(1), job(2, 'nope')], 1, () => {})).rejects.toThrow(/compared\.yaml \(variant nope\).*\(seed 2\): .*no variant `nope`/);
    // Two threads: this thread takes the long job 0 at once; the worker, once loaded, takes the
    // next, the failing one.
    await expect(runJobs([long(1), job(2, 'nope'), job(3)], 2, () => {})).rejects.toThrow(/compared\.yaml \(variant nope\).*\(seed 2\): .*no variant `nope`/);
  });

  it('runs nothing and starts no worker for no jobs', async () => {
    expect(await runJobs([], 4, () => {})).toEqual([]);
  });
});
