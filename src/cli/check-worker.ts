/** Runs the (file, seed) jobs it is sent and posts each summary back. */
import { parentPort } from 'node:worker_threads';
import { runJob, type Job } from './check-jobs.ts';

parentPort?.on('message', (job: Job) => {
  try {
    parentPort?.postMessage({ ok: true, summary: runJob(job) });
  } catch (e) {
    parentPort?.postMessage({ ok: false, error: (e as Error).message });
  }
});
