/**
 * Baselines: the key metrics of each scenario, averaged over the seeds of a check, written to a
 * JSON file meant to be committed; a later check compares against it and fails on regressions.
 *
 * Per client: goodput_ratio, amplification, latency_p50/p99/p999 (means over seeds; latencies of
 * seeds without successes left out). Per scenario: recovery_time_s (mean over the seeds that
 * recovered; null if none did), metastable_share (share of seeds that ended metastable),
 * recovered_share (share of seeds that recovered) and still_recovering_share (recorded only).
 *
 * A regression is a change for the worse by more than the tolerance (defaults below, or the
 * scenario's `check.tolerances`). Shares compare absolutely (goodput_ratio may fall by 0.02,
 * metastable_share rise by 0.1, recovered_share fall by 0.1); the others relatively (10% more
 * amplification or latency, 20% longer recovery). A scenario that recovered in the baseline and
 * no longer does regresses, on every seed (recovery_time_s has no value) or on some of them
 * (recovered_share: recovered on 3 seeds of 3 and now on 2, the third still recovering or
 * without a verdict, is a fall of 0.33). Better values never fail.
 */
import type { Summary } from '../metrics/summary.ts';
import type { BaselineMetric, Scenario } from '../scenario/types.ts';

export const DEFAULT_TOLERANCES: Record<BaselineMetric, number> = {
  goodput_ratio: 0.02,
  amplification: 0.1,
  latency_p50: 0.1,
  latency_p99: 0.1,
  latency_p999: 0.1,
  recovery_time_s: 0.2,
  metastable_share: 0.1,
  recovered_share: 0.1,
};

type ClientMetric = Exclude<BaselineMetric, 'recovery_time_s' | 'metastable_share' | 'recovered_share'>;

export interface ScenarioBaseline {
  seeds: number;
  clients: Record<string, Record<ClientMetric, number | null>>;
  recovery_time_s: number | null;
  metastable_share: number;
  /** Share of seeds that recovered (within `limit`). Absent from baselines written before it existed: not compared then. */
  recovered_share?: number;
  /**
   * Share of seeds still recovering when the run ended. Recorded, not compared: a recovery that
   * turns into "still recovering" fails through recovery_time_s, and "still recovering" that
   * turns metastable through metastable_share. Absent from baselines written before it existed.
   */
  still_recovering_share?: number;
}

export interface BaselineFile {
  version: 1;
  scenarios: Record<string, ScenarioBaseline>;
}

function mean(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return null;
  return Number((present.reduce((a, b) => a + b, 0) / present.length).toPrecision(6));
}

export function scenarioBaseline(summaries: readonly Summary[]): ScenarioBaseline {
  const clients: ScenarioBaseline['clients'] = {};
  for (const name of Object.keys(summaries[0].clients)) {
    const of = (f: (s: Summary) => number | null) => mean(summaries.map(f));
    clients[name] = {
      goodput_ratio: of((s) => s.clients[name].goodput_ratio),
      amplification: of((s) => s.clients[name].amplification),
      latency_p50: of((s) => s.clients[name].latency.p50),
      latency_p99: of((s) => s.clients[name].latency.p99),
      latency_p999: of((s) => s.clients[name].latency.p999),
    };
  }
  const share = (f: (s: Summary) => boolean) => Number((summaries.filter(f).length / summaries.length).toPrecision(6));
  return {
    seeds: summaries.length,
    clients,
    recovery_time_s: mean(summaries.map((s) => (s.metastability.recovered ? s.metastability.recovery_time_s : null))),
    metastable_share: share((s) => s.metastability.metastable),
    recovered_share: share((s) => s.metastability.recovered),
    still_recovering_share: share((s) => s.metastability.still_recovering),
  };
}

export interface Regression {
  scenario: string;
  /** e.g. `clients.web.latency_p99` or `recovery_time_s`. */
  metric: string;
  baseline: number | null;
  current: number | null;
  /** The worst value the tolerance allows. */
  allowed: number | null;
}

/** Direction and kind of each metric: a share compares absolutely, the rest relatively. */
const HIGHER_IS_BETTER: ReadonlySet<BaselineMetric> = new Set(['goodput_ratio', 'recovered_share']);
const ABSOLUTE: ReadonlySet<BaselineMetric> = new Set(['goodput_ratio', 'metastable_share', 'recovered_share']);

function worstAllowed(metric: BaselineMetric, base: number, tolerance: number): number {
  if (ABSOLUTE.has(metric)) return HIGHER_IS_BETTER.has(metric) ? base - tolerance : base + tolerance;
  return base * (1 + tolerance);
}

function check(metric: BaselineMetric, base: number | null, current: number | null, tolerance: number): number | null | 'ok' {
  if (base === null) return 'ok';
  if (current === null) return metric === 'recovery_time_s' || metric.startsWith('latency') ? worstAllowed(metric, base, tolerance) : 'ok';
  const allowed = worstAllowed(metric, base, tolerance);
  const worse = HIGHER_IS_BETTER.has(metric) ? current < allowed - 1e-12 : current > allowed + 1e-12;
  return worse ? allowed : 'ok';
}

export function compareToBaseline(scenario: Scenario, base: ScenarioBaseline, current: ScenarioBaseline): Regression[] {
  const tolerance = (m: BaselineMetric) => scenario.check.tolerances[m] ?? DEFAULT_TOLERANCES[m];
  const regressions: Regression[] = [];
  const compare = (metric: BaselineMetric, path: string, b: number | null, c: number | null) => {
    const verdict = check(metric, b, c, tolerance(metric));
    if (verdict !== 'ok') regressions.push({ scenario: scenario.name, metric: path, baseline: b, current: c, allowed: verdict });
  };
  for (const [client, metrics] of Object.entries(base.clients)) {
    const now = current.clients[client];
    if (now === undefined) continue;
    for (const metric of Object.keys(metrics) as ClientMetric[]) compare(metric, `clients.${client}.${metric}`, metrics[metric], now[metric]);
  }
  compare('recovery_time_s', 'recovery_time_s', base.recovery_time_s, current.recovery_time_s);
  compare('metastable_share', 'metastable_share', base.metastable_share, current.metastable_share);
  compare('recovered_share', 'recovered_share', base.recovered_share ?? null, current.recovered_share ?? null);
  return regressions;
}
