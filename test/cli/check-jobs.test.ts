/**
 * The pool behind `simulate check` and `simulate sweep`: this thread and threads − 1 workers.
 * Whatever the thread count, each job's summary lands at its own index, once.
 */
import { describe, expect, it } from 'vitest';
import { jobLabel, runJobs, type Job } from '../../src/cli/check-jobs.ts';
import { InputError } from '../../src/cli/exit-codes.ts';
import { readScenarioFileWithVariants } from '../../src/cli/read-scenario.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';

const FILE = 'test/fixtures/sweep/compared.yaml';

function job(seed: number, variant = 'naive', sets = ['faults[0].for=1s']): Job {
  const chosen = readScenarioFileWithVariants(FILE, sets).variants.find((v) => v.name === variant)!.scenario;
  return { scenario: { ...chosen, seed }, label: jobLabel(FILE, variant, seed, sets) };
}
/**
 * About a second on this thread (12,000 simulated seconds at 100/s): with it first, this thread
 * is busy long after the workers have started (half a second), so they take the jobs after it.
 * (At a very slow moment this thread could take one of them too; what is checked holds either way.)
 */
const long = (seed: number): Job => job(seed, 'budget', ['faults[0].for=1s', 'duration=12000s']);

/** A closed loop that sends forever at one instant: runScenario throws (NoProgressError). */
function failing(seed: number): Job {
  const s = scenario({
    services: [service('api', 1, { dist: 'constant', value: 0.01 }, { queue: { capacity: 0, discipline: 'fifo' } })],
    clients: [openClient('web', 'api', 1)],
    duration: 10,
  });
  s.clients = [{ ...s.clients[0], arrival: { kind: 'closed', users: 2, think: { dist: 'constant', value: 0 } } }];
  return { scenario: { ...s, seed }, label: jobLabel('stuck.yaml', undefined, seed) };
}

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
    await expect(runJobs([job(1), failing(2)], 1, () => {})).rejects.toThrow(/^stuck\.yaml \(seed 2\): .*instant/);
    // Two threads: this thread takes the long job 0 at once; the worker, once loaded, takes the
    // next, the failing one.
    await expect(runJobs([long(1), failing(2), job(3)], 2, () => {})).rejects.toThrow(/^stuck\.yaml \(seed 2\): .*instant/);
  });

  it('calls a scenario whose time stops advancing bad input (exit 2, with the advice), as a single run does', async () => {
    // On one thread this thread runs it; on two, the worker does (this thread takes the long job).
    for (const [threads, jobs] of [[1, [failing(1)]], [2, [long(1), failing(2)]]] as const) {
      const error = await runJobs(jobs, threads, () => {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).lines[0]).toMatch(/give `think` a duration above zero/);
    }
  });

  it('labels a job by file, variant, overrides and seed', () => {
    expect(jobLabel('a.yaml', 'naive', 3, ['x=1', 'y=2'])).toBe('a.yaml (variant naive) (--set x=1 --set y=2) (seed 3)');
    expect(jobLabel('a.yaml', undefined, 1)).toBe('a.yaml (seed 1)');
  });

  it('runs nothing and starts no worker for no jobs', async () => {
    expect(await runJobs([], 4, () => {})).toEqual([]);
  });
});
