/**
 * The files of a sweep, as text: sweep.csv (one row per point and seed), sweep-summary.csv (one
 * row per point: means with 95% intervals, and the shares of seeds metastable, still recovering
 * and without a verdict, each with its Wilson interval) and sweep.json (everything). Pure and deterministic: no dates, one key order, so the same
 * sweep gives the same bytes however many threads ran it, and a merge of shards gives the bytes
 * of the whole sweep.
 */
import type { MeanInterval, ShareInterval } from './stats.ts';
import { CLIENT_METRICS, PROPAGATION_METRICS, type SweepPoint, type SweepResult, type SweepRow } from './result.ts';

export const SWEEP_FILES = { rows: 'sweep.csv', summary: 'sweep-summary.csv', json: 'sweep.json' } as const;

type Cell = string | number | boolean | null;

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(header: readonly string[], rows: readonly Cell[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

interface Column {
  name: string;
  of: (row: SweepRow) => number | null;
}

function clientColumns(result: SweepResult): Column[] {
  return result.clients.flatMap((c) => CLIENT_METRICS.map((m) => ({ name: `${c}.${m}`, of: (r: SweepRow) => r.clients[c]?.[m] ?? null })));
}

function propagationColumns(result: SweepResult): Column[] {
  return result.propagation ? PROPAGATION_METRICS.map((m) => ({ name: m, of: (r: SweepRow) => r.propagation?.[m] ?? null })) : [];
}

/** The numeric columns of sweep.csv, the ones sweep-summary.csv aggregates. */
function metricColumns(result: SweepResult): Column[] {
  return [
    ...clientColumns(result), { name: 'recovery_time_s', of: (r) => r.recovery_time_s },
    { name: 'projected_recovery_s', of: (r) => r.projected_recovery_s }, ...propagationColumns(result),
  ];
}

export function sweepRowsCsv(result: SweepResult): string {
  const paths = result.vary.map((v) => v.path);
  const [clients, propagation] = [clientColumns(result), propagationColumns(result)];
  const header = [
    'point', ...paths, 'seed', ...clients.map((c) => c.name), 'metastable', 'recovered', 'recovery_time_s', 'outcome', 'projected_recovery_s',
    ...propagation.map((c) => c.name),
  ];
  const rows = result.rows.map((r): Cell[] => [
    r.point, ...paths.map((p) => r.values[p]), r.seed, ...clients.map((c) => c.of(r)),
    r.metastable, r.recovered, r.recovery_time_s, r.outcome, r.projected_recovery_s, ...propagation.map((c) => c.of(r)),
  ]);
  return csv(header, rows);
}

/** The mean interval of column `name` (as named in sweep.csv) at a point. */
function aggregateOf(point: SweepPoint, name: string): MeanInterval {
  const a = point.aggregates;
  if (name === 'recovery_time_s') return a.recovery_time_s;
  if (name === 'projected_recovery_s') return a.projected_recovery_s;
  const propagation = a.propagation?.[name as (typeof PROPAGATION_METRICS)[number]];
  if (propagation !== undefined) return propagation;
  const dot = name.lastIndexOf('.');
  return a.clients[name.slice(0, dot)][name.slice(dot + 1) as (typeof CLIENT_METRICS)[number]];
}

/** The shares of seeds per outcome, with their Wilson intervals, last in sweep-summary.csv. */
const SHARES = ['metastable_share', 'still_recovering_share', 'no_verdict_share'] as const;

export function sweepSummaryCsv(result: SweepResult): string {
  const paths = result.vary.map((v) => v.path);
  const columns = metricColumns(result).map((c) => c.name);
  const header = [
    'point', ...paths, 'seeds',
    ...columns.flatMap((c) => [`${c}.mean`, `${c}.ci_low`, `${c}.ci_high`]),
    ...SHARES.flatMap((name) => [name, `${name}.ci_low`, `${name}.ci_high`]),
  ];
  const rows = result.points.map((p): Cell[] => [
    p.point, ...paths.map((path) => p.values[path]), p.aggregates.metastable_share.n,
    ...columns.flatMap((c) => {
      const m = aggregateOf(p, c);
      return [m.mean, m.ci_low, m.ci_high];
    }),
    ...SHARES.flatMap((name) => {
      const share: ShareInterval = p.aggregates[name];
      return [share.share, share.ci_low, share.ci_high];
    }),
  ]);
  return csv(header, rows);
}

export function sweepJson(result: SweepResult): string {
  const ordered: SweepResult = {
    version: result.version,
    scenario: result.scenario,
    file: result.file,
    set: result.set,
    vary: result.vary,
    seeds: result.seeds,
    clients: result.clients,
    propagation: result.propagation,
    shard: result.shard,
    rows: result.rows,
    points: result.points,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Every data file of a sweep, by name. */
export function sweepFiles(result: SweepResult): Record<string, string> {
  return {
    [SWEEP_FILES.rows]: sweepRowsCsv(result),
    [SWEEP_FILES.summary]: sweepSummaryCsv(result),
    [SWEEP_FILES.json]: sweepJson(result),
  };
}
