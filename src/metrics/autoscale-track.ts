/**
 * What an autoscaler did (docs/autoscaling.md), for the service's row in timeseries.csv and its
 * `autoscale` block in summary.json; recorded only for a service with `autoscale:`, so other
 * results are unchanged. Before recording at t it lets the recorder close the windows before t
 * (Recorder.advance), as every entity recording on its own does.
 */
import type { AutoscaleObserver } from '../model/autoscaler.ts';
import type { SeriesRow } from './series.ts';
import { TimeWeighted } from './time-weighted.ts';

/** summary.json's `services.<name>.autoscale`: actions and units from warm-up to the end of arrivals. */
export interface AutoscaleSummary {
  /** `workers`, or `replicas` for a service with replicas. */
  unit: 'workers' | 'replicas';
  scale_outs: number;
  scale_ins: number;
  /** Evaluations that wanted fewer units but were held by the cooldown. */
  held_scale_ins: number;
  units_added: number;
  units_removed: number;
  /** Units serving: the fewest and the most at any time, the time average, and at the end of arrivals. */
  min_units: number;
  max_units: number;
  mean_units: number;
  final_units: number;
}

export class AutoscaleTrack implements AutoscaleObserver {
  private readonly serving: TimeWeighted;
  private readonly provisioning: TimeWeighted;
  private readonly desired: TimeWeighted;
  private readonly counts = { scale_outs: 0, scale_ins: 0, held_scale_ins: 0, units_added: 0, units_removed: 0 };
  private least = Infinity;
  private most = -Infinity;
  /** Units serving now, and as of the end of arrivals. */
  private current = NaN;
  private final = 0;
  private warm = false;

  constructor(
    private readonly recorder: { advance(t: number): void },
    private readonly unit: 'workers' | 'replicas',
    private readonly warmup: number,
    private readonly duration: number,
  ) {
    this.serving = new TimeWeighted(warmup, duration);
    this.provisioning = new TimeWeighted(warmup, duration);
    this.desired = new TimeWeighted(warmup, duration);
  }

  units(t: number, serving: number, provisioning: number, desired: number): void {
    this.recorder.advance(t);
    if (t >= this.warmup && t <= this.duration) {
      // The units serving when warm-up began count too.
      if (!this.warm && !Number.isNaN(this.current)) this.include(this.current);
      this.include(serving);
    }
    this.current = serving;
    if (t <= this.duration) this.final = serving;
    this.serving.set(t, serving);
    this.provisioning.set(t, provisioning);
    this.desired.set(t, desired);
  }

  private include(units: number): void {
    this.warm = true;
    this.least = Math.min(this.least, units);
    this.most = Math.max(this.most, units);
  }

  action(t: number, kind: 'out' | 'in' | 'held', count: number): void {
    if (t < this.warmup || t > this.duration) return;
    if (kind === 'out') {
      this.counts.scale_outs++;
      this.counts.units_added += count;
    } else if (kind === 'in') {
      this.counts.scale_ins++;
      this.counts.units_removed += count;
    } else this.counts.held_scale_ins++;
  }

  /** Fills the autoscaled service's row of the window that closes at `end`: time-averaged units. */
  fill(row: SeriesRow, window: number, end: number): void {
    row.units = this.serving.closeWindow(end) / window;
    row.units_desired = this.desired.closeWindow(end) / window;
    row.units_provisioning = this.provisioning.closeWindow(end) / window;
  }

  /**
   * Call after the recorder's last window closed (its summary area is then complete); `measured`:
   * the seconds from warm-up to the end of arrivals, or to an early stop.
   */
  summary(round: (x: number) => number, measured: number): AutoscaleSummary {
    if (!this.warm) this.include(this.final);
    return {
      unit: this.unit,
      ...this.counts,
      min_units: this.least,
      max_units: this.most,
      mean_units: measured > 0 ? round(this.serving.summaryArea / measured) : this.final,
      final_units: this.final,
    };
  }
}
