/**
 * The `propagation` section of summary.json (SCENARIO-FORMAT.md, "Results"): the contract's keys
 * first, then this project's additions, in a fixed order.
 */
import type { PropagationOutcome } from '../model/propagation/build.ts';
import type { PropagationRecorder } from './propagation-recorder.ts';
import { round, roundOrNull } from './summary.ts';

export interface PropagationSummary {
  /** Entry-slots the sender processed per second, over the windows wholly inside [warm-up, duration). */
  work_per_s: { min: number | null; mean: number | null; max: number | null };
  /** From a change to the moment a live node reflects it, over (change, node) pairs, in seconds. */
  staleness: { p50: number | null; p99: number | null; max: number | null };
  /** From the last mass change until every live node reflects every change made up to it; null if never. */
  convergence_s: number | null;
  /** The most messages queued at the sender or being sent at once, from warm-up on. */
  backlog_max: number;
  /** (change, live node) pairs still not reflected at the end of the run. */
  never_converged: number;
  /** Live nodes that miss at least one change at the end of the run. */
  stale_nodes_at_end: number;
  /** Sender busy worker-time over worker-time in [warm-up, duration). */
  utilization: number;
  changes: number;
  /** Messages the sender sent, retries and lost ones included. */
  messages: number;
  retries: number;
  /** Messages lost on the way (drop_updates). */
  dropped: number;
}

/** Min, mean and max of a list that may hold a million windows (too many to spread into Math.min). */
function spread(values: readonly number[]): PropagationSummary['work_per_s'] {
  if (values.length === 0) return { min: null, mean: null, max: null };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min: round(min), mean: round(sum / values.length), max: round(max) };
}

/**
 * A pair never reflected has been stale at least from its change to the end of the run, so it
 * counts in `staleness` at that age (censored at the end), never left out: otherwise lost
 * updates would make the worst case look better (`never_converged` says how many there are).
 */
export function propagationSummary(rec: PropagationRecorder, outcome: PropagationOutcome, warmup: number): PropagationSummary {
  const t = rec.totals;
  const s = t.staleness.copy();
  for (const { madeAt, pairs } of outcome.unreflected) {
    if (madeAt < warmup) continue;
    for (let i = 0; i < pairs; i++) s.record(outcome.end - madeAt);
  }
  return {
    work_per_s: spread(t.workPerWindow),
    staleness: { p50: roundOrNull(s.quantile(0.5)), p99: roundOrNull(s.quantile(0.99)), max: s.count === 0 ? null : round(s.max) },
    convergence_s: outcome.convergence === null ? null : round(outcome.convergence),
    backlog_max: t.backlogMax,
    never_converged: outcome.neverConverged,
    stale_nodes_at_end: outcome.staleNodesAtEnd,
    utilization: round(rec.utilization),
    changes: t.changes,
    messages: t.messages,
    retries: t.retries,
    dropped: t.dropped,
  };
}
