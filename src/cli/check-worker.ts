/**
 * A worker thread of the check/sweep pool: it takes job indexes from the counter it shares with
 * the other threads, runs each job and posts its summary, until the jobs run out (check-jobs.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { failedReply, runJob, takeJob, type Reply, type WorkerStart } from './check-jobs.ts';

const { jobs, next } = workerData as WorkerStart;
const counter = new Int32Array(next);
for (let index = takeJob(counter); index < jobs.length; index = takeJob(counter)) {
  let reply: Reply;
  try {
    reply = { index, ok: true, summary: runJob(jobs[index]) };
  } catch (e) {
    reply = failedReply(index, e);
  }
  parentPort?.postMessage(reply);
  if (!reply.ok) break;
}
