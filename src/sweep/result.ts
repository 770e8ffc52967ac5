/**
 * A sweep's result as data: one row per (point, seed) taken from the run summaries, and per
 * point the aggregates over its seeds. Pure: the CLI runs the jobs and writes the files; charts
 * are drawn from a `SweepResult` alone.
 *
 *   Summary per job ─sweepRow─▶ SweepRow ─group by point─▶ SweepPoint (aggregates) ─▶ SweepResult
 *
 * Aggregates are computed from the rows as stored (rounded to 6 significant digits), so a merge
 * of shards, which has only the stored rows, computes exactly what the unsharded sweep did.
 */
import type { Outcome } from '../metrics/metastability.ts';
import { round, roundOrNull, type Summary } from '../metrics/summary.ts';
import type { Point, Shard } from './grid.ts';
import { meanInterval, wilsonInterval, type MeanInterval, type ShareInterval } from './stats.ts';
import { numericValue, type Vary } from './values.ts';

/** The per-client numbers of a row, in column order. */
export const CLIENT_METRICS = ['offered_per_s', 'goodput_per_s', 'goodput_ratio', 'amplification', 'latency_p99_s'] as const;
export type ClientMetric = (typeof CLIENT_METRICS)[number];

/** The propagation numbers of a row, in column order (only for a scenario with a propagation section). */
export const PROPAGATION_METRICS = ['work_per_s_mean', 'staleness_max_s', 'convergence_s'] as const;
export type PropagationMetric = (typeof PROPAGATION_METRICS)[number];

export type ClientNumbers = Record<ClientMetric, number | null>;
export type PropagationNumbers = Record<PropagationMetric, number | null>;

export interface SweepRow {
  point: number;
  /** `--vary` path → the value as typed (`300/s`), in the order of `vary`. */
  values: Record<string, string>;
  seed: number;
  /** In the scenario's client order. */
  clients: Record<string, ClientNumbers>;
  metastable: boolean;
  recovered: boolean;
  recovery_time_s: number | null;
  /** The verdict's outcome (recovered, still_recovering, metastable, ...: summary.json's metastability.outcome). */
  outcome: Outcome;
  /** Still recovering: when recovery is projected, from the end of the last fault. */
  projected_recovery_s: number | null;
  /** Null when the scenario has no propagation section. */
  propagation: PropagationNumbers | null;
}

export interface PointAggregates {
  clients: Record<string, Record<ClientMetric, MeanInterval>>;
  recovery_time_s: MeanInterval;
  /** Over the seeds still recovering. */
  projected_recovery_s: MeanInterval;
  propagation: Record<PropagationMetric, MeanInterval> | null;
  /** The share of seeds on which the run was metastable. */
  metastable_share: ShareInterval;
  /** The share of seeds still recovering when the run ended (a longer run would tell). */
  still_recovering_share: ShareInterval;
  /** The share of seeds with no verdict (an overloaded baseline, no room after the fault, ...). */
  no_verdict_share: ShareInterval;
}

export interface SweepPoint {
  point: number;
  values: Record<string, string>;
  aggregates: PointAggregates;
}

export interface SweepVary extends Vary {
  /** Each value as a number in the scenario's units (seconds, per second, shares), null for names: for axes. */
  numbers: (number | null)[];
}

/** 2: rows carry the verdict's outcome (version 1, before it, has only metastable and recovered). */
export const SWEEP_VERSION = 2;

export interface SweepResult {
  version: typeof SWEEP_VERSION;
  /** The scenario's name (after `--set`). */
  scenario: string;
  /** The scenario file as given on the command line. */
  file: string;
  /** `--set` arguments applied to every point before its `--vary` values, as typed. */
  set: string[];
  vary: SweepVary[];
  seeds: number[];
  /** The scenario's clients, in file order: the client columns. */
  clients: string[];
  /** Whether the scenario has a propagation section: the propagation columns. */
  propagation: boolean;
  /** Null for a whole sweep (or a merge of shards); which shard otherwise. */
  shard: Shard | null;
  /** By point, then seed. */
  rows: SweepRow[];
  /** By point; only the points that were run (a shard's). */
  points: SweepPoint[];
}

/** What a sweep is, before anything runs. */
export interface SweepHeader {
  scenario: string;
  file: string;
  set: string[];
  vary: Vary[];
  seeds: number[];
  clients: string[];
  propagation: boolean;
  shard: Shard | null;
}

export function sweepVary(vary: readonly Vary[]): SweepVary[] {
  return vary.map((v) => ({ path: v.path, values: [...v.values], numbers: v.values.map(numericValue) }));
}

function valuesOf(vary: readonly Vary[], point: Point): Record<string, string> {
  return Object.fromEntries(vary.map((v, j) => [v.path, point.values[j]]));
}

/** A row from one run's summary. Offered load is requests per measured second (warm-up excluded), as goodput is. */
export function sweepRow(header: SweepHeader, point: Point, summary: Summary): SweepRow {
  const measured = summary.duration_s - summary.warmup_s;
  const clients: Record<string, ClientNumbers> = {};
  for (const name of header.clients) {
    const c = summary.clients[name];
    clients[name] = c === undefined
      ? { offered_per_s: null, goodput_per_s: null, goodput_ratio: null, amplification: null, latency_p99_s: null }
      : {
          offered_per_s: measured > 0 ? round(c.requests / measured) : null,
          goodput_per_s: c.goodput_per_s,
          goodput_ratio: c.goodput_ratio,
          amplification: c.amplification,
          latency_p99_s: c.latency.p99,
        };
  }
  const p = summary.propagation;
  return {
    point: point.index,
    values: valuesOf(header.vary, point),
    seed: summary.seed,
    clients,
    metastable: summary.metastability.metastable,
    recovered: summary.metastability.recovered,
    recovery_time_s: roundOrNull(summary.metastability.recovery_time_s ?? Number.NaN),
    outcome: summary.metastability.outcome,
    projected_recovery_s: summary.metastability.projected_recovery_s,
    propagation: header.propagation
      ? { work_per_s_mean: p?.work_per_s.mean ?? null, staleness_max_s: p?.staleness.max ?? null, convergence_s: p?.convergence_s ?? null }
      : null,
  };
}

function mapKeys<K extends string, V>(keys: readonly K[], f: (key: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((k) => [k, f(k)])) as Record<K, V>;
}

/** The aggregates of one point over its rows (its seeds). */
export function pointAggregates(header: Pick<SweepHeader, 'clients' | 'propagation'>, rows: readonly SweepRow[]): PointAggregates {
  return {
    clients: Object.fromEntries(header.clients.map((c) => [c, mapKeys(CLIENT_METRICS, (m) => meanInterval(rows.map((r) => r.clients[c][m])))])),
    recovery_time_s: meanInterval(rows.map((r) => r.recovery_time_s)),
    projected_recovery_s: meanInterval(rows.map((r) => r.projected_recovery_s)),
    propagation: header.propagation ? mapKeys(PROPAGATION_METRICS, (m) => meanInterval(rows.map((r) => r.propagation?.[m] ?? null))) : null,
    metastable_share: wilsonInterval(rows.filter((r) => r.metastable).length, rows.length),
    still_recovering_share: wilsonInterval(rows.filter((r) => r.outcome === 'still_recovering').length, rows.length),
    no_verdict_share: wilsonInterval(rows.filter((r) => r.outcome === 'no_verdict').length, rows.length),
  };
}

/** The result from its rows (in any order): rows sorted by point then seed, points aggregated. */
export function sweepResultFromRows(header: SweepHeader, rows: readonly SweepRow[]): SweepResult {
  const sorted = [...rows].sort((a, b) => a.point - b.point || a.seed - b.seed);
  const byPoint = new Map<number, SweepRow[]>();
  for (const row of sorted) byPoint.set(row.point, [...(byPoint.get(row.point) ?? []), row]);
  const points = [...byPoint].map(([point, mine]) => ({ point, values: mine[0].values, aggregates: pointAggregates(header, mine) }));
  return {
    version: SWEEP_VERSION,
    scenario: header.scenario,
    file: header.file,
    set: [...header.set],
    vary: sweepVary(header.vary),
    seeds: [...header.seeds],
    clients: [...header.clients],
    propagation: header.propagation,
    shard: header.shard,
    rows: sorted,
    points,
  };
}

/**
 * The result of a sweep from its run summaries: `summaries[k]` is the run of `points[k / seeds]`
 * on seed `seeds[k % seeds]` (jobs are laid out point by point, seeds innermost).
 */
export function buildSweepResult(header: SweepHeader, points: readonly Point[], summaries: readonly Summary[]): SweepResult {
  const n = header.seeds.length;
  if (summaries.length !== points.length * n) throw new Error(`expected ${points.length * n} summaries, got ${summaries.length}`);
  return sweepResultFromRows(header, summaries.map((s, k) => sweepRow(header, points[Math.floor(k / n)], s)));
}
