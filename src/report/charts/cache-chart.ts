/**
 * The cache chart, for runs with a look-aside cache (docs/caches.md): each cached service's
 * hit ratio over time, where a flush shows as the drop and a cache that never refills as the
 * line that stays down, and the misses per second it passes on to the service. One run: a line
 * per cached service; compared runs (variants): a panel per service and measure, a line per
 * run, so the defences read side by side.
 */
import { serviceEntity, type SeriesColumn } from '../../metrics/series.ts';
import { entityRows, groupingNote, groupSize, points, type ChartRun, type FaultMark } from './chart-data.ts';
import { chartSpec, timePanel, type Spec, type TimePanel } from './panel.ts';

interface CacheMeasure {
  column: Extract<SeriesColumn, 'cache_hit_ratio' | 'cache_misses_per_s'>;
  title: string;
  yTitle: string;
  yKind: TimePanel['yKind'];
}

const MEASURES: CacheMeasure[] = [
  { column: 'cache_hit_ratio', title: 'cache hit ratio', yTitle: 'lookups that hit', yKind: 'fraction' },
  { column: 'cache_misses_per_s', title: 'cache misses', yTitle: 'misses/s', yKind: 'linear' },
];

/** The services with a cache in any run, in scenario order. */
function cachedServices(runs: readonly ChartRun[]): string[] {
  return [...new Set(runs.flatMap((run) => run.scenario.services.filter((s) => s.cache !== undefined).map((s) => s.name)))];
}

export function hasCache(runs: readonly ChartRun[]): boolean {
  return cachedServices(runs).length > 0;
}

/**
 * The end of the last window in which a cached service had a lookup (at least the duration). A
 * metastable run drains its queue of abandoned fetches for minutes after arrivals stop, with no
 * lookup to draw; ending the chart there keeps the flush and what follows readable (the drain is
 * the services chart's story, as the client charts end with the last client activity).
 */
function lastLookup(runs: readonly ChartRun[], services: readonly string[]): number {
  let end = Math.max(...runs.map((run) => run.scenario.duration));
  for (const run of runs) {
    for (const s of services) {
      for (const row of entityRows(run, serviceEntity(s))) {
        if (row.cache_hit_ratio !== undefined && row.cache_hit_ratio !== null) end = Math.max(end, (row.t_s ?? 0) + run.scenario.window);
      }
    }
  }
  return end;
}

export function cacheChart(runs: readonly ChartRun[], faults: FaultMark[], runEnd: number, drainFrom: number | null): { id: string; title: string; spec: Spec } {
  const services = cachedServices(runs);
  const end = Math.min(runEnd, lastLookup(runs, services));
  const labels = runs.map((r) => r.label);
  const compared = runs.length > 1;
  const panels = MEASURES.flatMap((m) => {
    const base = { yTitle: m.yTitle, yKind: m.yKind, faults, end, drainFrom };
    if (!compared) {
      return [timePanel({
        ...base, title: m.title, seriesTitle: 'service', seriesOrder: services,
        points: services.flatMap((s) => points(entityRows(runs[0], serviceEntity(s)), m.column, s, groupSize(runs[0]))),
      })];
    }
    return services.map((s) => timePanel({
      ...base, title: `${s}: ${m.title}`, seriesTitle: 'run', seriesOrder: labels,
      points: runs.flatMap((run) => points(entityRows(run, serviceEntity(s)), m.column, run.label, groupSize(run))),
    }));
  });
  const subtitle = [
    'hit ratio: the share of the window\'s lookups answered from a fresh entry (a gap: no lookup); misses: the others, per second',
    ...groupingNote(runs[0]),
  ];
  return { id: 'cache', title: 'Look-aside cache: hit ratio and misses', spec: chartSpec('Look-aside cache: hit ratio and misses', subtitle, panels) };
}
