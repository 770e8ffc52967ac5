/**
 * The runs of a check or a sweep: one job per scenario (a file, or one variant of a file, with
 * any `--set` overrides) and seed, done on a pool of worker threads.
 * Results are placed by job index, so what a check prints and writes never depends on the
 * number of threads or the order in which they finish.
 */
import { Worker } from 'node:worker_threads';
import type { Summary } from '../metrics/summary.ts';
import { runScenario } from '../run.ts';
import { readScenarioFileWithVariants } from './read-scenario.ts';

export interface Job {
  file: string;
  /** A key of the file's `variants`; absent for the file's own scenario (a file without variants). */
  variant?: string;
  seed: number;
  /** `--set path=value` arguments applied before the variant is picked (a sweep's point); none for a check. */
  sets?: string[];
  /** Stop the run once this many attempts are in the system (RunOptions.maxInFlight). */
  maxInFlight?: number;
}

/**
 * The scenarios a thread has read during one runJobs, by file and `--set` arguments: a check runs
 * each file on several seeds, and a sweep each point on several seeds, and the same thread often
 * takes several of them, so each is read and validated once per thread, not once per run.
 */
export type ScenarioCache = Map<string, ReturnType<typeof readScenarioFileWithVariants>>;

export function runJob(job: Job, cache: ScenarioCache = new Map()): Summary {
  const key = JSON.stringify([job.file, job.sets ?? []]);
  let read = cache.get(key);
  if (read === undefined) cache.set(key, (read = readScenarioFileWithVariants(job.file, job.sets)));
  const { scenario, variants } = read;
  const chosen = job.variant === undefined ? scenario : variants.find((v) => v.name === job.variant)?.scenario;
  if (chosen === undefined) throw new Error(`${job.file} has no variant \`${job.variant}\``);
  return runScenario({ ...chosen, seed: job.seed }, { maxInFlight: job.maxInFlight }).summary;
}

/** The job as a person would name it in a message. */
function jobText(job: Job): string {
  const sets = job.sets === undefined || job.sets.length === 0 ? '' : ` (--set ${job.sets.join(' --set ')})`;
  return `${job.file}${job.variant === undefined ? '' : ` (variant ${job.variant})`}${sets} (seed ${job.seed})`;
}

/**
 * The worker's code: in the built package, dist/check-worker.js beside this chunk (scripts/build.mjs
 * puts every chunk in dist/); from the sources, the .mjs that registers tsx first.
 */
const WORKER = new URL(import.meta.url.endsWith('.ts') ? './check-worker.mjs' : './check-worker.js', import.meta.url);

/** What a worker posts for each job it takes: its index, and the summary or the error. */
export type Reply = { index: number; ok: true; summary: Summary } | { index: number; ok: false; error: string };

/** What a worker is started with: every job, and the shared counter it takes the next index from. */
export interface WorkerStart {
  jobs: readonly Job[];
  next: SharedArrayBuffer;
}

/** Takes the next job index from the counter every thread shares (Atomics: no two take the same). */
export function takeJob(counter: Int32Array): number {
  return Atomics.add(counter, 0, 1);
}

/** The job failed: the error, with the job named (the same wherever it ran). */
function jobFailed(job: Job, message: string): Error {
  return new Error(`${jobText(job)}: ${message}`);
}

/**
 * Runs every job on `threads` threads: this one and threads − 1 worker threads; `onDone` after
 * each, with the index of the job done. Every thread takes the next job from one shared counter
 * (Atomics), so no thread waits for another to hand it work, whatever the jobs' lengths. This
 * thread starts at once, while the workers load (about 60 ms for the built worker, which loads
 * no renderer; from the sources, tsx compiles the model first, about 300 ms), so a small sweep is
 * not all start-up. The workers live for the whole command and keep the scenarios they have read
 * (ScenarioCache). This thread hears the workers' results, and reports their progress, between
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
      else fail(jobFailed(jobs[reply.index], reply.error));
    });
    worker.on('error', fail);
    // A worker that stops for any other reason would leave its job unanswered for ever.
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`a worker thread stopped (exit code ${code})`));
    });
    return worker;
  });

  const own = async () => {
    const cache: ScenarioCache = new Map();
    for (let index = takeJob(counter); index < jobs.length && !failed; index = takeJob(counter)) {
      let summary: Summary;
      try {
        summary = runJob(jobs[index], cache);
      } catch (e) {
        fail(jobFailed(jobs[index], (e as Error).message));
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
    stop();
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
