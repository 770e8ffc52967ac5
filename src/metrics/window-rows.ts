/**
 * The rows of one window: a client's or a service's counts turned into the time-series columns
 * (per second, quantiles, time averages), closing the window of every time-weighted quantity.
 * Column order is series.ts's.
 */
import type { FailureReason } from '../strategies/reasons.ts';
import type { BreakerTrack, ClientWindow, ServiceWindow } from './entity-stats.ts';
import { PROPAGATION_COLUMNS, type SeriesRow } from './series.ts';

export function orNull(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

/** Busy worker-time over available worker-time; when workers were removed under busy ones, at most 1. */
export function utilization(busy: number, workers: number): number {
  if (workers <= 0) return busy > 0 ? 1 : 0;
  return Math.min(1, busy / workers);
}

/** Time-average number of open breakers in the window ending at `end`, and state changes; then a new window. */
function breakerColumns(row: SeriesRow, track: BreakerTrack, window: number, end: number): void {
  row.breakers_open = track.open.closeWindow(end) / window;
  row.breaker_changes = track.changes;
  track.changes = 0;
}

/** `reasons`: those the run reports (reasons.ts), each a column. */
export function clientRow(
  t: number, entity: string, w: ClientWindow, breakers: BreakerTrack, window: number, end: number, reasons: readonly FailureReason[],
): SeriesRow {
  const per = 1 / window;
  const row: SeriesRow = {
    t_s: t,
    entity,
    offered_per_s: w.offered * per,
    attempts_per_s: w.attempts * per,
    succeeded_per_s: w.succeeded * per,
    failed_per_s: w.failed * per,
    latency_p50_s: orNull(w.latency.quantile(0.5)),
    latency_p99_s: orNull(w.latency.quantile(0.99)),
    latency_p999_s: orNull(w.latency.quantile(0.999)),
    queue_len: null,
    utilization: null,
  } as SeriesRow;
  for (const r of reasons) row[`failed_${r}_per_s`] = w.failures[r] * per;
  row.shed_per_s = null;
  breakerColumns(row, breakers, window, end);
  for (const c of PROPAGATION_COLUMNS) row[c] = null;
  return row;
}

/** A service's row, and its part of the work in the system: attempts queued or in service, time-averaged. */
export function serviceRow(
  t: number, entity: string, w: ServiceWindow, breakers: BreakerTrack, window: number, end: number, reasons: readonly FailureReason[],
): { row: SeriesRow; inSystem: number } {
  const per = 1 / window;
  const busy = w.busy.closeWindow(end);
  const workers = w.workers.closeWindow(end);
  const queued = w.queue.closeWindow(end);
  const row: SeriesRow = {
    t_s: t,
    entity,
    offered_per_s: w.arrivals * per,
    attempts_per_s: w.arrivals * per,
    succeeded_per_s: w.completed * per,
    failed_per_s: (w.rejected + w.errors) * per,
    latency_p50_s: orNull(w.sojourn.quantile(0.5)),
    latency_p99_s: orNull(w.sojourn.quantile(0.99)),
    latency_p999_s: orNull(w.sojourn.quantile(0.999)),
    queue_len: queued * per,
    utilization: utilization(busy, workers),
  } as SeriesRow;
  for (const r of reasons) row[`failed_${r}_per_s`] = 0;
  row.failed_rejected_per_s = w.rejected * per;
  row.failed_error_per_s = w.errors * per;
  row.shed_per_s = w.shed * per;
  breakerColumns(row, breakers, window, end);
  for (const c of PROPAGATION_COLUMNS) row[c] = null;
  return { row, inSystem: (busy + queued) * per };
}
