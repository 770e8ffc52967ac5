/**
 * What the charts are drawn from: one or more runs (one per variant or compared file), each with
 * its scenario and time series, reduced to the points a chart plots.
 *
 * A long run has up to a million windows; a chart gains nothing from more points than it has
 * pixels, so the windows are grouped to at most MAX_POINTS per series (the mean of each group;
 * latency quantiles take the group's maximum, so a spike is never averaged away).
 */
import type { SeriesColumn, SeriesRow } from '../../metrics/series.ts';
import type { FaultConfig } from '../../model/config.ts';
import type { Scenario } from '../../scenario/types.ts';
import { formatSeconds } from '../table.ts';
import { isTrigger } from '../trigger-text.ts';

export interface ChartRun {
  /** The variant or file name; the series name when runs are compared. */
  label: string;
  scenario: Scenario;
  series: readonly SeriesRow[];
  /** The work in the system per window (RunResult.backlog), for the outcome of each step down a ramp; absent: none drawn. */
  backlog?: readonly number[];
}

export const MAX_POINTS = 1000;

type NumericColumn = Exclude<SeriesColumn, 't_s' | 'entity'>;

/** One plotted point: `series` names the line (a measure, a service, or a run). */
export interface Point {
  t: number;
  series: string;
  value: number | null;
}

/** The windows of one entity, grouped so that at most MAX_POINTS remain. */
export function entityRows(run: ChartRun, entity: string): SeriesRow[] {
  return run.series.filter((row) => row.entity === entity);
}

export function groupSize(run: ChartRun): number {
  const windows = Math.ceil(run.scenario.duration / run.scenario.window);
  return Math.max(1, Math.ceil(windows / MAX_POINTS));
}

/** Points of one column, grouped `size` windows at a time (mean, or max when `peak`). */
export function points(rows: readonly SeriesRow[], column: NumericColumn, series: string, size: number, peak = false): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const group = rows.slice(i, i + size);
    const values = group.map((row) => row[column]).filter((v): v is number => v !== null);
    const value = values.length === 0 ? null : peak ? Math.max(...values) : values.reduce((a, b) => a + b, 0) / values.length;
    out.push({ t: group[0].t_s ?? 0, series, value: value === null ? null : Number(value.toPrecision(6)) });
  }
  return out;
}

/** A subtitle line saying how points were grouped, or nothing when each point is one window. */
export function groupingNote(run: ChartRun, latency = false): string[] {
  const size = groupSize(run);
  if (size === 1) return [];
  const width = formatSeconds(size * run.scenario.window);
  return [`each point: ${size} windows (${width}), ${latency ? 'their maximum' : 'their mean'}`];
}

export interface FaultMark {
  start: number;
  end: number;
  label: string;
}

export function faultLabel(fault: FaultConfig): string {
  if (fault.kind === 'load_spike') return `${fault.client} load ×${fault.factor}`;
  if (fault.kind === 'cache_flush') return fault.share >= 1 ? `${fault.service} cache flushed` : `${fault.service} cache −${Math.round(fault.share * 100)}%`;
  // A fault on some replicas names them as the replica tables do: `api.0,2`.
  const target = fault.replicas == null ? fault.service : `${fault.service}.${fault.replicas.join(',')}`;
  switch (fault.kind) {
    case 'slowdown':
      return `${target} ×${fault.factor} slower`;
    case 'workers':
      return fault.count !== null ? `${target}: ${fault.count} workers` : `${target}: ×${fault.factor} workers`;
    case 'error_rate':
      return `${target} ${Math.round(fault.rate * 100)}% errors`;
    case 'outage':
      return `${target} outage`;
    case 'latency':
      return `${target} +${formatSeconds(fault.add)}`;
  }
}

/**
 * The fault windows of every run, each once, clipped to the simulated duration: the triggers
 * (isTrigger), as the banner names them. A fault of no length (a cache flush, or `for: 0s`) is
 * shown as a thin band, 1% of the run wide (as a lost propagation node is), so that a fault the
 * verdict counts is never missing from the chart.
 */
export function faultMarks(runs: readonly ChartRun[]): FaultMark[] {
  const marks = new Map<string, FaultMark>();
  for (const run of runs) {
    for (const fault of run.scenario.faults) {
      if (!isTrigger(fault, run.scenario.duration)) continue;
      const length = fault.for === 0 ? run.scenario.duration / 100 : fault.for;
      const mark = { start: fault.at, end: Math.min(fault.at + length, run.scenario.duration), label: faultLabel(fault) };
      marks.set(`${mark.start}|${mark.end}|${mark.label}`, mark);
    }
  }
  return [...marks.values()];
}

/** Entities of a kind present in the first run, in the order of the scenario. */
export function clientNames(runs: readonly ChartRun[]): string[] {
  return unique(runs.flatMap((run) => run.scenario.clients.map((c) => c.name)));
}

export function serviceNames(runs: readonly ChartRun[]): string[] {
  return unique(runs.flatMap((run) => run.scenario.services.map((s) => s.name)));
}

function unique(names: string[]): string[] {
  return names.filter((name, i) => names.indexOf(name) === i);
}
