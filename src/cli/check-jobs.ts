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

/** Runs every job, `threads` at a time; `onDone` after each, with the index of the job done. */
export async function runJobs(jobs: readonly Job[], threads: number, onDone: (index: number) => void): Promise<Summary[]> {
  const results = new Array<Summary>(jobs.length);
  if (threads <= 1) {
    jobs.forEach((job, i) => {
      results[i] = runJob(job);
      onDone(i);
    });
    return results;
  }
  let next = 0;
  const workers = Array.from({ length: Math.min(threads, jobs.length) }, () => new Worker(new URL('./check-worker.mjs', import.meta.url)));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let current = -1;
            const feed = () => {
              if (next >= jobs.length) return resolve();
              current = next++;
              worker.postMessage(jobs[current]);
            };
            worker.on('message', (reply: Reply) => {
              if (!reply.ok) return reject(new Error(`${jobText(jobs[current])}: ${reply.error}`));
              results[current] = reply.summary;
              onDone(current);
              feed();
            });
            worker.on('error', reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
