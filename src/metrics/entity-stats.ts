/** Per-entity accumulators: one set for the whole run's summary, one for the current window. */
import { FAILURE_REASONS, type FailureReason } from '../strategies/reasons.ts';
import { Histogram } from './histogram.ts';
import { TimeWeighted } from './time-weighted.ts';

export type ReasonCounts = Record<FailureReason, number>;

export function zeroReasons(): ReasonCounts {
  return Object.fromEntries(FAILURE_REASONS.map((r) => [r, 0])) as ReasonCounts;
}

/** Counts for requests started at or after warm-up, and the latency of those that succeeded. */
export class ClientTotals {
  requests = 0;
  attempts = 0;
  succeeded = 0;
  failed = 0;
  readonly failures = zeroReasons();
  readonly latency = new Histogram();
}

/**
 * Circuit breakers of one entity (a client's, or a service's on its downstream calls): how many
 * are open, over time, and how often any changed state.
 */
export class BreakerTrack {
  readonly open: TimeWeighted;
  changes = 0;

  constructor(from: number, to: number) {
    this.open = new TimeWeighted(from, to);
  }
}

/** What happened to one client within one window, by the time it happened. */
export class ClientWindow {
  offered = 0;
  attempts = 0;
  succeeded = 0;
  failed = 0;
  readonly failures = zeroReasons();
  readonly latency = new Histogram();

  reset(): void {
    this.offered = this.attempts = this.succeeded = this.failed = 0;
    for (const r of FAILURE_REASONS) this.failures[r] = 0;
    this.latency.reset();
  }
}

/** Attempts that arrived at or after warm-up; busy time of jobs that started at or after it. */
export class ServiceTotals {
  arrivals = 0;
  completed = 0;
  rejected = 0;
  shed = 0;
  errors = 0;
  busyTime = 0;
  wastedTime = 0;
  readonly sojourn = new Histogram();
}

export class ServiceWindow {
  arrivals = 0;
  completed = 0;
  rejected = 0;
  shed = 0;
  errors = 0;
  readonly sojourn = new Histogram();
  readonly busy: TimeWeighted;
  readonly queue: TimeWeighted;
  readonly workers: TimeWeighted;

  constructor(from: number, to: number, workers: number) {
    this.busy = new TimeWeighted(from, to);
    this.queue = new TimeWeighted(from, to);
    this.workers = new TimeWeighted(from, to, workers);
  }

  resetCounts(): void {
    this.arrivals = this.completed = this.rejected = this.shed = this.errors = 0;
    this.sojourn.reset();
  }
}
