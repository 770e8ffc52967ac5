/**
 * The charts of a run, or of several runs compared (variants, or files given to
 * `simulate compare`). One run: each panel is one client or measure, and a series is a measure
 * or a service. Several runs: each panel is one measure, and a series is a run, so the runs
 * share axes and read side by side.
 *
 *   runs ─▶ panels (points per entity and measure) ─▶ vega-lite spec per chart
 */
import { clientEntity, serviceEntity, type SeriesColumn } from '../../metrics/series.ts';
import { FAILURE_REASONS } from '../../strategies/reasons.ts';
import { formatSeconds } from '../table.ts';
import {
  clientNames, entityRows, faultMarks, groupingNote, groupSize, points, serviceNames,
  type ChartRun, type FaultMark, type Point,
} from './chart-data.ts';
import { chartSpec, notePanel, timePanel, type Spec, type TimePanel } from './panel.ts';
import { cacheChart, hasCache } from './cache-chart.ts';
import { hasPropagation, propagationChart } from './propagation-chart.ts';
import { hasRamp, hysteresisChart } from './hysteresis-chart.ts';
import { autoscaleChart, hasAutoscale } from './autoscale-chart.ts';
import { chartCaption } from './captions.ts';

/** Every chart id there is: the file stems a results folder may hold. */
export const CHART_IDS: readonly string[] = ['load', 'latency', 'failures', 'services', 'replicas', 'cache', 'autoscale', 'propagation', 'hysteresis'];

export interface Chart {
  /** File stem: `load` gives load.vl.json, load.svg, load.png. */
  id: string;
  title: string;
  /** One sentence: what to look at in the chart (captions.ts); report.html shows it under the heading. */
  caption: string;
  spec: Spec;
}

/** A chart as its builder draws it, before its caption is written. */
export type DrawnChart = Omit<Chart, 'caption'>;

type Column = Exclude<SeriesColumn, 't_s' | 'entity'>;

interface Measure {
  column: Column;
  label: string;
}

interface Frame {
  runs: readonly ChartRun[];
  faults: FaultMark[];
  end: number;
  compared: boolean;
  labels: string[];
  /** Where arrivals stop, when every run has the same duration and went on draining past it. */
  drainFrom: number | null;
  /** Client charts end when the last client activity does: a long drain of abandoned work is the services' story. */
  clientEnd: number;
}

/** The end of the last window in which any client sent, succeeded or failed (at least the duration). */
function lastClientActivity(run: ChartRun): number {
  const clients = new Set(run.scenario.clients.map((c) => clientEntity(c.name)));
  let end = run.scenario.duration;
  for (const row of run.series) {
    const active = (row.attempts_per_s ?? 0) + (row.succeeded_per_s ?? 0) + (row.failed_per_s ?? 0) > 0;
    if (active && clients.has(row.entity)) end = Math.max(end, (row.t_s ?? 0) + run.scenario.window);
  }
  return end;
}

function frame(runs: readonly ChartRun[]): Frame {
  const end = Math.max(...runs.map((run) => run.series.reduce((m, row) => Math.max(m, (row.t_s ?? 0) + run.scenario.window), run.scenario.duration)));
  const durations = new Set(runs.map((run) => run.scenario.duration));
  const duration = runs[0].scenario.duration;
  const drainFrom = durations.size === 1 && end > duration + runs[0].scenario.window ? duration : null;
  const clientEnd = Math.max(...runs.map(lastClientActivity));
  return { runs, faults: faultMarks(runs), end, compared: runs.length > 1, labels: runs.map((r) => r.label), drainFrom, clientEnd };
}

/** Points of one entity's measure in one run; `series` names the line. */
function measurePoints(run: ChartRun, entity: string, measure: Measure, series: string, peak = false): Point[] {
  return points(entityRows(run, entity), measure.column, series, groupSize(run), peak);
}

/**
 * Panels for measures of one entity: in one run, one panel with a line per measure; compared,
 * one panel per measure with a line per run.
 */
function measurePanels(f: Frame, entity: string, measures: readonly Measure[], base: Omit<TimePanel, 'title' | 'points' | 'seriesTitle' | 'seriesOrder' | 'faults' | 'end' | 'drainFrom'>, peak = false): Spec[] {
  if (!f.compared) {
    const run = f.runs[0];
    return [timePanel({
      ...base, title: entity, faults: f.faults, end: f.clientEnd, drainFrom: f.drainFrom, seriesTitle: 'measure', seriesOrder: measures.map((m) => m.label),
      points: measures.flatMap((m) => measurePoints(run, entity, m, m.label, peak)),
    })];
  }
  return measures.map((m) => timePanel({
    ...base, title: `${entity}: ${m.label}`, faults: f.faults, end: f.clientEnd, drainFrom: f.drainFrom, seriesTitle: 'run', seriesOrder: f.labels,
    points: f.runs.flatMap((run) => measurePoints(run, entity, m, run.label, peak)),
  }));
}

const LOAD: Measure[] = [
  { column: 'offered_per_s', label: 'offered requests/s' },
  { column: 'attempts_per_s', label: 'attempts/s' },
  { column: 'succeeded_per_s', label: 'goodput (succeeded/s)' },
];

function loadChart(f: Frame): DrawnChart {
  const panels = clientNames(f.runs).flatMap((c) => measurePanels(f, clientEntity(c), LOAD, { yTitle: 'per second', sharedY: f.compared }));
  const subtitle = ['attempts above offered: retries (amplification); goodput below offered: requests failing', ...groupingNote(f.runs[0])];
  // Compared runs: one y scale for all three measures, so attempts read against offered load.
  const spec = chartSpec('Load and goodput', subtitle, panels, f.compared ? { y: 'shared' } : {});
  return { id: 'load', title: 'Load and goodput', spec };
}

const LATENCY: Measure[] = [
  { column: 'latency_p50_s', label: 'p50' },
  { column: 'latency_p99_s', label: 'p99' },
  { column: 'latency_p999_s', label: 'p99.9' },
];

/** The timeout of each client, as rules: one per distinct value, naming the runs when they differ. */
function timeoutRules(f: Frame, client: string): { value: number; label: string }[] {
  const byValue = new Map<number, string[]>();
  for (const run of f.runs) {
    const timeout = run.scenario.clients.find((c) => c.name === client)?.timeout;
    if (timeout === null || timeout === undefined) continue;
    byValue.set(timeout, [...(byValue.get(timeout) ?? []), run.label]);
  }
  return [...byValue].map(([value, labels]) => ({
    value,
    label: `timeout ${formatSeconds(value)}${byValue.size > 1 ? ` (${labels.join(', ')})` : ''}`,
  }));
}

function latencyChart(f: Frame): DrawnChart {
  const panels = clientNames(f.runs).flatMap((c) =>
    measurePanels(f, clientEntity(c), LATENCY, { yTitle: 'latency (s, log)', yKind: 'log', rules: timeoutRules(f, c) }, true));
  const subtitle = ['of requests that succeeded, first attempt to success; a gap: no request succeeded in that window', ...groupingNote(f.runs[0], true)];
  return { id: 'latency', title: 'Latency of succeeded requests', spec: chartSpec('Latency of succeeded requests', subtitle, panels) };
}

const QUEUE: Measure = { column: 'queue_len', label: 'queue length' };
const UTILIZATION: Measure = { column: 'utilization', label: 'utilization' };
const EXCLUDED: Measure = { column: 'excluded', label: 'replicas out of the healthy set' };
const STRETCH: Measure = { column: 'stretch', label: 'service time stretch (contention)' };

/** Whether any run has a service with `contention:` (its rows carry `stretch`). */
const hasStretch = (runs: readonly ChartRun[]): boolean => runs.some((run) => run.series.some((row) => row.stretch !== undefined));

function servicesChart(f: Frame): DrawnChart {
  const services = serviceNames(f.runs);
  const panel = (m: Measure, extra: Partial<TimePanel>, yTitle: string): Spec[] => {
    if (!f.compared) {
      const run = f.runs[0];
      return [timePanel({
        title: m.label, yTitle, faults: f.faults, end: f.end, drainFrom: f.drainFrom, seriesTitle: 'service', seriesOrder: services, ...extra,
        points: services.flatMap((s) => measurePoints(run, serviceEntity(s), m, s)),
      })];
    }
    return services.map((s) => timePanel({
      title: `${s}: ${m.label}`, yTitle, faults: f.faults, end: f.end, drainFrom: f.drainFrom, seriesTitle: 'run', seriesOrder: f.labels, ...extra,
      points: f.runs.flatMap((run) => measurePoints(run, serviceEntity(s), m, run.label)),
    }));
  };
  const stretch = hasStretch(f.runs);
  const panels = [
    ...panel(QUEUE, {}, 'attempts queued'), ...panel(UTILIZATION, { yKind: 'fraction' }, 'busy workers'),
    ...(stretch ? panel(STRETCH, {}, 'stretch (× alone)') : []),
  ];
  const subtitle = [
    'queue length: mean over each window (time-weighted); utilization: share of workers busy',
    ...(stretch ? ['stretch: service time of the work started in the window over what it would take alone (docs/contention.md)'] : []),
    ...groupingNote(f.runs[0]),
  ];
  return { id: 'services', title: 'Services: queue and utilization', spec: chartSpec('Services: queue and utilization', subtitle, panels) };
}

/**
 * Services made of several in any run, with their members' series names (`replicas.<i>`,
 * `partitions.<name>`) and labels, the first run's that has them.
 */
function servicesWithMembers(runs: readonly ChartRun[]): { service: string; members: string[]; labels: string[] }[] {
  const found = new Map<string, { members: string[]; labels: string[] }>();
  for (const run of runs) for (const s of run.scenario.services) {
    if (found.has(s.name)) continue;
    if (s.partitions !== undefined && s.partitions.length > 0) {
      found.set(s.name, { members: s.partitions.map((p) => `partitions.${p.name}`), labels: s.partitions.map((p) => `${s.name}.${p.name}`) });
    } else if ((s.replicas ?? 1) > 1 || (s.replicas !== undefined && (s.autoscale?.max ?? 1) > 1)) {
      // An autoscaled service has all `max` replicas built (docs/autoscaling.md).
      const indexes = Array.from({ length: Math.max(s.replicas ?? 1, s.replicas !== undefined ? s.autoscale?.max ?? 1 : 1) }, (_, i) => i);
      found.set(s.name, { members: indexes.map((i) => `replicas.${i}`), labels: indexes.map((i) => `${s.name}.${i}`) });
    }
  }
  return [...found].map(([service, m]) => ({ service, ...m }));
}

/** Whether the run's replicas of `service` have health figures (a route to it checks health or ejects outliers). */
function hasHealth(run: ChartRun, service: string): boolean {
  const entity = `${serviceEntity(service)}.replicas.0`;
  return run.series.some((row) => row.entity === entity && row.excluded !== undefined);
}

/**
 * Per service made of several: each replica's or partition's utilization and queue, a line
 * each (docs/replicas.md, docs/bulkheads.md), and with health checks or outlier detection, the
 * replicas out of the healthy set, stacked (their total is how many replicas the balancers hold
 * out). Compared runs get a panel per run, since the lines are the members.
 */
function replicasChart(f: Frame): DrawnChart {
  // A compared run whose service is one (no replicas, no partitions) has no lines to draw here.
  const made = (run: ChartRun, service: string): boolean => servicesWithMembers([run]).some((s) => s.service === service);
  const panels = servicesWithMembers(f.runs).flatMap(({ service, members, labels }) =>
    f.runs.filter((run) => made(run, service)).flatMap((run) => [UTILIZATION, QUEUE, ...(hasHealth(run, service) ? [EXCLUDED] : [])].map((m) => timePanel({
      title: `${service}: ${m.label}${f.compared ? ` (${run.label})` : ''}`,
      yTitle: m === QUEUE ? 'attempts queued' : m === EXCLUDED ? 'replicas out' : 'busy workers',
      ...(m === UTILIZATION ? { yKind: 'fraction' as const } : {}),
      ...(m === EXCLUDED ? { stacked: true } : {}),
      faults: f.faults, end: f.end, drainFrom: f.drainFrom, seriesTitle: members[0].startsWith('partitions.') ? 'partition' : 'replica', seriesOrder: labels,
      points: members.flatMap((member, i) => measurePoints(run, `${serviceEntity(service)}.${member}`, m, labels[i])),
    }))));
  const subtitle = ['each replica (or bulkhead partition) of a service: lines apart mean the load is spread unevenly', ...groupingNote(f.runs[0])];
  return { id: 'replicas', title: 'Replicas and partitions: utilization and queue', spec: chartSpec('Replicas and partitions: utilization and queue', subtitle, panels) };
}

function failuresChart(f: Frame): DrawnChart {
  const clients = clientNames(f.runs);
  const reasonColumn = (r: string) => `failed_${r}_per_s` as Column;
  const present = FAILURE_REASONS.filter((r) => f.runs.some((run) => run.series.some((row) => (row[reasonColumn(r)] ?? 0) > 0)));
  const panels = clients.flatMap((c) => f.runs.map((run) => {
    const title = f.compared ? `${clientEntity(c)}: ${run.label}` : clientEntity(c);
    if (present.length === 0) return notePanel(title, 'no request failed');
    const rows = entityRows(run, clientEntity(c));
    return timePanel({
      title, yTitle: 'failed requests/s', sharedY: f.compared, faults: f.faults, end: f.clientEnd, drainFrom: f.drainFrom, seriesTitle: 'reason', seriesOrder: present, stacked: true,
      points: present.flatMap((r) => points(rows, reasonColumn(r), r, groupSize(run))),
    });
  }));
  const subtitle = ['requests that failed after their last attempt, by the reason of that attempt, stacked', ...groupingNote(f.runs[0])];
  const spec = chartSpec('Failures by reason', subtitle, panels, f.compared ? { y: 'shared' } : {});
  return { id: 'failures', title: 'Failures by reason', spec };
}

/** Every chart of the runs given (one run, or several compared side by side). */
export function runCharts(runs: readonly ChartRun[]): Chart[] {
  if (runs.length === 0) return [];
  const f = frame(runs);
  const charts: DrawnChart[] = [];
  if (clientNames(runs).length > 0) charts.push(loadChart(f), latencyChart(f), failuresChart(f));
  if (serviceNames(runs).length > 0) charts.push(servicesChart(f));
  if (servicesWithMembers(runs).length > 0) charts.push(replicasChart(f));
  if (hasCache(runs)) charts.push(cacheChart(runs, f.faults, f.end, f.drainFrom));
  if (hasPropagation(runs)) charts.push(propagationChart(runs, f.end, f.drainFrom));
  if (runs.some(hasRamp)) charts.push(hysteresisChart(runs));
  if (hasAutoscale(runs)) charts.push(autoscaleChart(f));
  return charts.map((c) => ({ id: c.id, title: c.title, caption: chartCaption(c.id, runs), spec: c.spec }));
}
