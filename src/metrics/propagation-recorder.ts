/**
 * Turns the propagation model's events into run totals and a row per window (entity
 * `propagation`), closing windows through the Recorder so that every entity's rows stay in step.
 *
 * Work is what the sender processes, in entry-slots: a push counts every slot of the table,
 * filled or dummy, an update counts 1, and a retry or a message lost on the way counts like any
 * other (the sender did the work). It is counted when a worker finishes the message. The sender's
 * time, per-message costs included, is its utilization.
 *
 * Per window (rates per second; the last four are the section's own columns):
 *   offered_per_s   changes made            attempts_per_s   messages sent (retries included)
 *   queue_len       time-average messages waiting at the sender
 *   utilization     sender busy worker-time / worker-time
 *   latency_p*_s    staleness of the (change, node) pairs reflected in the window
 *   work_per_s      entry-slots processed    stale_entries    (node, entry) pairs stale at the window's end
 *   staleness_max_s age, at the window's end, of the oldest change some live node still misses (0: none)
 *   backlog         messages waiting or being sent, at the window's end
 * Columns that do not apply are null.
 *
 * Totals count from warm-up on, drain included; work per window and utilization only over
 * [warm-up, duration); staleness only for changes made from warm-up on.
 */
import type { PropagationObserver } from '../model/propagation/observer.ts';
import { Histogram } from './histogram.ts';
import { orNull, utilization, type Recorder, type WindowedEntity } from './recorder.ts';
import { PROPAGATION_ENTITY, type SeriesRow } from './series.ts';
import { TimeWeighted } from './time-weighted.ts';

export interface PropagationRecorderSetup {
  window: number;
  warmup: number;
  duration: number;
  /** Sender workers. */
  workers: number;
}

/** Counts from warm-up on, drain included. */
export interface PropagationTotals {
  changes: number;
  messages: number;
  retries: number;
  dropped: number;
  /** The most messages waiting or being sent at the sender at once. */
  backlogMax: number;
  /** Of (change, node) pairs, for changes made from warm-up on. */
  readonly staleness: Histogram;
  /** Entry-slots per second in each window wholly inside [warm-up, duration). */
  readonly workPerWindow: number[];
}

export class PropagationRecorder implements PropagationObserver, WindowedEntity {
  readonly totals: PropagationTotals = {
    changes: 0, messages: 0, retries: 0, dropped: 0, backlogMax: 0, staleness: new Histogram(), workPerWindow: [],
  };
  private changes = 0;
  private messages = 0;
  private work = 0;
  private readonly staleness = new Histogram();
  private readonly busy: TimeWeighted;
  private readonly waiting: TimeWeighted;
  private stalePairs = 0;
  private oldestMadeAt = NaN;
  private measuring = false;

  constructor(private readonly recorder: Recorder, private readonly setup: PropagationRecorderSetup) {
    this.busy = new TimeWeighted(setup.warmup, setup.duration);
    this.waiting = new TimeWeighted(setup.warmup, setup.duration);
    recorder.attach(this);
  }

  /** Busy worker-time over worker-time in [warm-up, duration). */
  get utilization(): number {
    return utilization(this.busy.summaryArea, this.setup.workers * (this.setup.duration - this.setup.warmup));
  }

  changeMade(t: number): void {
    this.advance(t);
    this.changes++;
    if (t >= this.setup.warmup) this.totals.changes++;
  }

  messageSent(t: number, _node: number, entries: number, retry: boolean, dropped: boolean): void {
    this.advance(t);
    this.messages++;
    this.work += entries;
    if (t < this.setup.warmup) return;
    this.totals.messages++;
    if (retry) this.totals.retries++;
    if (dropped) this.totals.dropped++;
  }

  senderChanged(t: number, waiting: number, busy: number): void {
    this.advance(t);
    this.busy.set(t, busy);
    this.waiting.set(t, waiting);
    if (this.measuring) this.noteBacklog();
  }

  pairReflected(t: number, _node: number, madeAt: number): void {
    this.advance(t);
    this.staleness.record(t - madeAt);
    if (madeAt >= this.setup.warmup) this.totals.staleness.record(t - madeAt);
  }

  staleEntries(t: number, pairs: number): void {
    this.advance(t);
    this.stalePairs = pairs;
  }

  oldestUnreflected(t: number, madeAt: number): void {
    this.advance(t);
    this.oldestMadeAt = madeAt;
  }

  closeWindow(t_s: number, end: number): SeriesRow {
    const { window, warmup, duration, workers } = this.setup;
    const per = 1 / window;
    const eps = window * 1e-9;
    if (t_s >= warmup - eps && t_s + window <= duration + eps) this.totals.workPerWindow.push(this.work * per);
    const row = {
      t_s,
      entity: PROPAGATION_ENTITY,
      offered_per_s: this.changes * per,
      attempts_per_s: this.messages * per,
      succeeded_per_s: null,
      failed_per_s: null,
      latency_p50_s: orNull(this.staleness.quantile(0.5)),
      latency_p99_s: orNull(this.staleness.quantile(0.99)),
      latency_p999_s: orNull(this.staleness.quantile(0.999)),
      queue_len: this.waiting.closeWindow(end) * per,
      utilization: utilization(this.busy.closeWindow(end), workers * window),
      shed_per_s: null,
      breakers_open: null,
      breaker_changes: null,
      work_per_s: this.work * per,
      stale_entries: this.stalePairs,
      staleness_max_s: Number.isNaN(this.oldestMadeAt) ? 0 : Math.max(0, t_s + window - this.oldestMadeAt),
      backlog: this.waiting.value + this.busy.value,
    } as SeriesRow;
    for (const r of this.recorder.reasons) row[`failed_${r}_per_s`] = null;
    this.changes = this.messages = this.work = 0;
    this.staleness.reset();
    return row;
  }

  /** Closes the windows before t; the backlog counts from the first event at or after warm-up. */
  private advance(t: number): void {
    this.recorder.advance(t);
    if (!this.measuring && t >= this.setup.warmup) {
      this.measuring = true;
      this.noteBacklog();
    }
  }

  private noteBacklog(): void {
    const backlog = this.waiting.value + this.busy.value;
    if (backlog > this.totals.backlogMax) this.totals.backlogMax = backlog;
  }
}
