/**
 * The propagation chart: what the sender does (work per second, backlog) and what the nodes
 * lag (the oldest change some live node still misses, and how many (node, entry) pairs are
 * stale), over time, with a line per run, so constant work and a workflow read side by side.
 * Work is on a log axis: a constant-work sender and a quiet workflow differ by orders of
 * magnitude, and both lines must stay visible.
 */
import { PROPAGATION_ENTITY, type SeriesColumn } from '../../metrics/series.ts';
import type { PropagationFaultConfig } from '../../model/config.ts';
import { entityRows, groupingNote, groupSize, points, type ChartRun, type FaultMark } from './chart-data.ts';
import { chartSpec, timePanel, type Spec, type TimePanel } from './panel.ts';
import { formatSeconds } from '../table.ts';

interface PropagationMeasure {
  column: Exclude<SeriesColumn, 't_s' | 'entity'>;
  title: string;
  yTitle: string;
  yKind?: TimePanel['yKind'];
  /** Take each group's maximum (staleness and backlog: a peak must not be averaged away). */
  peak: boolean;
}

const MEASURES: PropagationMeasure[] = [
  { column: 'work_per_s', title: 'sender work', yTitle: 'entry-slots/s (log)', yKind: 'log', peak: false },
  { column: 'staleness_max_s', title: 'staleness: oldest change not yet on every live node', yTitle: 'age (s)', peak: true },
  { column: 'stale_entries', title: 'stale (node, entry) pairs', yTitle: 'pairs', peak: true },
  { column: 'backlog', title: 'sender backlog: messages waiting or being sent', yTitle: 'messages', peak: true },
];

/** Faults of the propagation section, as shaded windows (a lost node is a moment: 1% of the run wide). */
function propagationFaults(runs: readonly ChartRun[], end: number): FaultMark[] {
  const marks = new Map<string, FaultMark>();
  for (const run of runs) {
    for (const fault of run.scenario.propagation?.faults ?? []) {
      const length = fault.kind === 'lose_nodes' ? end / 100 : fault.for;
      const label = faultLabel(fault);
      const mark = { start: fault.at, end: Math.min(fault.at + length, end), label };
      marks.set(`${mark.start}|${mark.end}|${label}`, mark);
    }
    for (const change of run.scenario.propagation?.changes ?? []) {
      if (change.kind !== 'mass') continue;
      const label = `${change.count} changes at once`;
      marks.set(`mass|${change.at}|${label}`, { start: change.at, end: change.at + end / 200, label });
    }
  }
  return [...marks.values()].sort((a, b) => a.start - b.start);
}

function faultLabel(fault: PropagationFaultConfig): string {
  switch (fault.kind) {
    case 'drop_updates':
      return `${Math.round(fault.fraction * 100)}% of messages lost`;
    case 'lose_nodes':
      return `${fault.count} nodes lost`;
    case 'slowdown':
      return `sender ×${fault.factor} slower`;
  }
}

export function hasPropagation(runs: readonly ChartRun[]): boolean {
  return runs.some((run) => run.scenario.propagation);
}

export function propagationChart(runs: readonly ChartRun[], end: number, drainFrom: number | null): { id: string; title: string; spec: Spec } {
  const labels = runs.map((r) => r.label);
  const faults = propagationFaults(runs, end);
  const panels = MEASURES.map((m) => timePanel({
    title: m.title, yTitle: m.yTitle, yKind: m.yKind, faults, end, drainFrom, seriesTitle: 'run', seriesOrder: labels,
    points: runs.flatMap((run) => points(entityRows(run, PROPAGATION_ENTITY), m.column, run.label, groupSize(run), m.peak)),
  }));
  const periods = runs.flatMap((run) => {
    const strategy = run.scenario.propagation?.strategy;
    return strategy && strategy.kind === 'constant_work' ? [`${run.label}: a push of the whole table every ${formatSeconds(strategy.period)}`] : [];
  });
  const subtitle = [
    'work: entry-slots the sender processed (dummy slots and retries included; a gap: none); staleness and backlog at each window\'s end',
    ...periods, ...groupingNote(runs[0]),
  ];
  return { id: 'propagation', title: 'Propagation: work and staleness', spec: chartSpec('Propagation: work and staleness', subtitle, panels) };
}
