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
}

export function runJob(job: Job): Summary {
  const { scenario, variants } = readScenarioFileWithVariants(job.file, job.sets);
  const chosen = job.variant === undefined ? scenario : variants.find((v) => v.name === job.variant)?.scenario;
  if (chosen === undefined) throw new Error(`${job.file} has no variant \`${job.variant}\``);
  return runScenario({ ...chosen, seed: job.seed }).summary;
}

/** The job as a person would name it in a message. */
function jobText(job: Job): string {
  const sets = job.sets === undefined || job.sets.length === 0 ? '' : ` (--set ${job.sets.join(' --set ')})`;
  return `${job.file}${job.variant === undefined ? '' : ` (variant ${job.variant})`}${sets} (seed ${job.seed})`;
}

type Reply = { ok: true; summary: Summary } | { ok: false; error: string };

/** Jobs each worker is sent ahead of its replies, so it never waits for this thread to hear it. */
const AHEAD = 2;

/**
 * Runs every job on `threads` threads: this one and threads − 1 worker threads; `onDone` after
 * each, with the index of the job done. This thread starts at once, while the workers load (one
 * takes about half a second to start: tsx compiles the model in it), so a small sweep is not
 * all start-up. This thread hears the workers' replies only between two of its own jobs, so
 * each worker is kept AHEAD jobs ahead.
 */
export async function runJobs(jobs: readonly Job[], threads: number, onDone: (index: number) => void): Promise<Summary[]> {
  const results = new Array<Summary>(jobs.length);
  let next = 0;
  let failed = false;
  const workerCount = Math.max(0, Math.min(threads, jobs.length) - 1);
  const workers = Array.from({ length: workerCount }, () => new Worker(new URL('./check-worker.mjs', import.meta.url)));
  const fed = workers.map(
    (worker) =>
      new Promise<void>((resolve, reject) => {
        // The jobs sent and not answered yet, in order: a worker answers in the order it is sent.
        const sent: number[] = [];
        const feed = () => {
          while (sent.length < AHEAD && next < jobs.length) {
            sent.push(next);
            worker.postMessage(jobs[next++]);
          }
          if (sent.length === 0) resolve();
        };
        worker.on('message', (reply: Reply) => {
          const index = sent.shift() as number;
          if (!reply.ok) return reject(new Error(`${jobText(jobs[index])}: ${reply.error}`));
          results[index] = reply.summary;
          onDone(index);
          feed();
        });
        worker.on('error', reject);
        feed();
      }),
  );
  const own = async () => {
    while (next < jobs.length && !failed) {
      const index = next++;
      results[index] = runJob(jobs[index]);
      onDone(index);
      // Let the workers' replies in, and feed them.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  try {
    await Promise.all([own(), ...fed]);
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
