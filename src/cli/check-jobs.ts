/**
 * The runs of a check or a sweep: one job per scenario (a file, or one variant of a file, with
 * any `--set` overrides) and seed, done on a pool of worker threads.
 * Results are placed by job index, so what a check prints and writes never depends on the
 * number of threads or the order in which they finish.
 */
import { Worker } from 'node:worker_threads';
import type { Summary } from '../metrics/summary.ts';
import { NoProgressError } from '../engine/simulation.ts';
import { runScenario } from '../run.ts';
import type { Scenario } from '../scenario/types.ts';
import { InputError, NO_PROGRESS_ADVICE } from './exit-codes.ts';

/**
 * One run. The command has read and validated every scenario before any job runs (nothing runs
 * on bad input), so a job carries the validated scenario itself, its seed set: no thread reads
 * or validates a file again (workers get it by structured clone, which keeps every number).
 */
export interface Job {
  scenario: Scenario;
  /** The run as a person would name it in a message: file, variant, `--set`s, seed. */
  label: string;
  /** Stop the run once this many attempts are in the system (RunOptions.maxInFlight). */
  maxInFlight?: number;
}

export function runJob(job: Job): Summary {
  return runScenario(job.scenario, { maxInFlight: job.maxInFlight }).summary;
}

/** `file (variant v) (--set a=1 --set b=2) (seed 3)`: a job's label. */
export function jobLabel(file: string, variant: string | undefined, seed: number, sets: readonly string[] = []): string {
  const setText = sets.length === 0 ? '' : ` (--set ${sets.join(' --set ')})`;
  return `${file}${variant === undefined ? '' : ` (variant ${variant})`}${setText} (seed ${seed})`;
}

/**
 * The worker's code: in the built package, dist/check-worker.js beside this chunk (scripts/build.mjs
 * puts every chunk in dist/); from the sources, the .mjs that registers tsx first.
 */
const WORKER = new URL(import.meta.url.endsWith('.ts') ? './check-worker.mjs' : './check-worker.js', import.meta.url);

/**
 * What a worker posts for each job it takes: its index, and the summary or the error (its
 * message, and whether it is a scenario whose time stopped advancing: an input problem).
 */
export type Reply = { index: number; ok: true; summary: Summary } | Failed;
type Failed = { index: number; ok: false; error: string; noProgress: boolean };

/** The error of a job, as a Reply carries it across threads. */
export function failedReply(index: number, e: unknown): Failed {
  return { index, ok: false, error: (e as Error).message, noProgress: e instanceof NoProgressError };
}

/** What a worker is started with: every job, and the shared counter it takes the next index from. */
export interface WorkerStart {
  jobs: readonly Job[];
  next: SharedArrayBuffer;
}

/** Takes the next job index from the counter every thread shares (Atomics: no two take the same). */
export function takeJob(counter: Int32Array): number {
  return Atomics.add(counter, 0, 1);
}

/**
 * The job failed: the error, with the job named (the same wherever it ran). A scenario whose time
 * stops advancing is bad input (exit 2, as for a single run); anything else is an internal error.
 */
function jobFailed(job: Job, reply: Failed): Error {
  const message = `${job.label}: ${reply.error}`;
  return reply.noProgress ? new InputError([`${message}. ${NO_PROGRESS_ADVICE}`]) : new Error(message);
}

/**
 * Runs every job on `threads` threads: this one and threads − 1 worker threads; `onDone` after
 * each, with the index of the job done. Every thread takes the next job from one shared counter
 * (Atomics), so no thread waits for another to hand it work, whatever the jobs' lengths. This
 * thread starts at once, while the workers load (about 60 ms for the built worker, which loads
 * no renderer; from the sources, tsx compiles the model first, about 300 ms), so a small sweep is
 * not all start-up. The workers live for the whole command. This thread hears the workers' results, and reports their progress, between
 * two of its own jobs.
 */
export async function runJobs(jobs: readonly Job[], threads: number, onDone: (index: number) => void): Promise<Summary[]> {
  const results = new Array<Summary>(jobs.length);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  /** Makes every thread stop taking jobs: the counter goes past the last. */
  const stop = () => Atomics.store(counter, 0, jobs.length);
  let left = jobs.length;
  let failed = false;
  // Set at once: a promise's executor runs before the constructor returns.
  let settle!: { resolve: () => void; reject: (e: Error) => void };
  const allDone = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const done = (index: number, summary: Summary) => {
    results[index] = summary;
    onDone(index);
    if (--left === 0) settle.resolve();
  };
  const fail = (e: Error) => {
    if (failed) return;
    failed = true;
    stop();
    settle.reject(e);
  };
  if (left === 0) settle.resolve();

  const workerCount = Math.max(0, Math.min(threads, jobs.length) - 1);
  const start: WorkerStart = { jobs, next: counter.buffer as SharedArrayBuffer };
  const workers = Array.from({ length: workerCount }, () => {
    const worker = new Worker(WORKER, { workerData: start });
    worker.on('message', (reply: Reply) => {
      if (reply.ok) done(reply.index, reply.summary);
      else fail(jobFailed(jobs[reply.index], reply));
    });
    worker.on('error', fail);
    // A worker that stops for any other reason would leave its job unanswered for ever.
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`a worker thread stopped (exit code ${code})`));
    });
    return worker;
  });
  const exited = workers.map((w) => new Promise<void>((resolve) => w.once('exit', () => resolve())));

  const own = async () => {
    for (let index = takeJob(counter); index < jobs.length && !failed; index = takeJob(counter)) {
      let summary: Summary;
      try {
        summary = runJob(jobs[index]);
      } catch (e) {
        fail(jobFailed(jobs[index], failedReply(index, e)));
        return;
      }
      done(index, summary);
      // Let the workers' results in.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  try {
    await Promise.all([own(), allDone]);
  } finally {
    // Each worker leaves on its own once the counter is past the last job: at once if it was
    // still loading, after its job in hand if it was running one. Never worker.terminate():
    // terminating a worker while its module is still being evaluated (its job loop is top-level
    // code) aborts the whole process in Node 20 (V8 "Check failed: (location_) != nullptr" in
    // SourceTextModule::ExecuteAsyncModule), which this suite hit about once in ten runs.
    stop();
    await Promise.all(exited);
  }
  return results;
}
