/** The short, aligned summary printed after a run. */
import type { PropagationSummary } from '../metrics/propagation-summary.ts';
import type { Summary } from '../metrics/summary.ts';
import type { MetricUnit } from '../scenario/metric-paths.ts';

/** Columns padded to their widest cell; the first column left-aligned, the rest right-aligned. */
export function alignTable(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
}

/** A share as a percentage with one decimal: `92.5%`; `-` without a value. */
export function formatPercent(x: number | null): string {
  return x === null ? '-' : `${(x * 100).toFixed(1)}%`;
}

/** Attempts per request: `3.66x`; `-` without requests. */
export function formatAmplification(x: number | null): string {
  return x === null ? '-' : `${x.toFixed(2)}x`;
}

/** A rate with one decimal: `25.6/s`; `-` without a value. */
export function formatPerSecond(x: number | null): string {
  return x === null ? '-' : `${x.toFixed(1)}/s`;
}

/** Seconds in the unit that reads best: µs, ms or s. */
export function formatSeconds(x: number | null): string {
  if (x === null) return '-';
  if (x < 1e-3) return `${(x * 1e6).toFixed(0)} µs`;
  if (x < 1) return `${(x * 1e3).toFixed(x < 0.01 ? 2 : 1)} ms`;
  return `${x.toFixed(2)} s`;
}

/** An assertion's observed value in the unit of its metric. */
export function formatMetric(value: number | boolean | null, unit: MetricUnit): string {
  if (value === null) return 'no value';
  if (typeof value === 'boolean') return String(value);
  switch (unit) {
    case 'seconds':
      return formatSeconds(value);
    case 'fraction':
      return `${value} (${formatPercent(value)})`;
    case 'per_second':
      return `${value}/s`;
    default:
      return String(value);
  }
}

/** Why a run has no metastability verdict, in words. */
export const NO_VERDICT_TEXT = {
  no_baseline_window: 'no whole window between warm-up and the first fault',
  zero_baseline: 'no goodput between warm-up and the first fault',
  too_short_to_hold: 'less than `hold` between the end of the last fault (or warm-up) and the end of arrivals',
};

/** The metastability verdict as one line (`hadFaults`: whether any fault started before `duration`). */
export function verdictLine(m: Summary['metastability'], hadFaults: boolean): string {
  if (m.no_verdict !== null) return `metastability: no verdict (${NO_VERDICT_TEXT[m.no_verdict]})`;
  const base = `baseline goodput ${formatPerSecond(m.baseline_goodput_per_s ?? 0)}`;
  if (!hadFaults) return `metastability: no faults; goodput ${m.recovered ? 'held' : 'did NOT hold'} within tolerance of the ${base}`;
  if (m.recovered) return `metastability: recovered ${m.recovery_time_s} s after the last fault ended (${base})`;
  return `metastability: METASTABLE, did not recover after the last fault (${base})`;
}

export interface TableContext {
  /** Simulated time after the end of arrivals until the last work ended. */
  drainedFor: number;
  hadFaults: boolean;
  /** The unit of each assertion's metric, in the order of summary.assertions. */
  assertionUnits: readonly MetricUnit[];
  /** The propagation strategy's kind, naming its row (when the scenario has that section). */
  propagationStrategy?: string;
}

/** A rate that may be missing: `-` then. */
export function formatRate(x: number | null): string {
  return x === null ? '-' : formatPerSecond(x);
}

function propagationLines(p: PropagationSummary, strategy: string): string[] {
  const rate = formatRate;
  return alignTable([
    ['propagation', 'work min', 'mean', 'max', 'staleness p50', 'p99', 'max', 'convergence', 'backlog max', 'never converged'],
    [strategy, rate(p.work_per_s.min), rate(p.work_per_s.mean), rate(p.work_per_s.max), formatSeconds(p.staleness.p50), formatSeconds(p.staleness.p99),
      formatSeconds(p.staleness.max), formatSeconds(p.convergence_s), String(p.backlog_max), String(p.never_converged)],
  ]);
}

export function summaryTable(s: Summary, ctx: TableContext): string {
  const drainedFor = ctx.drainedFor;
  const lines = [`${s.scenario}: seed ${s.seed}, ${s.duration_s} s simulated (warm-up ${s.warmup_s} s), drained ${drainedFor.toFixed(1)} s after`, ''];
  const clientRows = [['client', 'requests', 'amplification', 'goodput', 'p50', 'p99']];
  for (const [name, c] of Object.entries(s.clients)) {
    clientRows.push([name, String(c.requests), formatAmplification(c.amplification), formatPercent(c.goodput_ratio), formatSeconds(c.latency.p50), formatSeconds(c.latency.p99)]);
  }
  const serviceRows = [['service', 'arrivals', 'utilization', 'wasted', 'sojourn p99']];
  for (const [name, v] of Object.entries(s.services)) {
    serviceRows.push([name, String(v.arrivals), formatPercent(v.utilization), formatPercent(v.wasted_fraction), formatSeconds(v.sojourn.p99)]);
  }
  // A scenario of only a propagation section has no clients and no services: no empty tables then.
  if (clientRows.length > 1) lines.push(...alignTable(clientRows), '');
  if (serviceRows.length > 1) lines.push(...alignTable(serviceRows), '');
  if (s.propagation) lines.push(...propagationLines(s.propagation, ctx.propagationStrategy ?? ''), '');
  if (clientRows.length > 1) lines.push(verdictLine(s.metastability, ctx.hadFaults));
  else lines.pop();
  if (s.assertions.length > 0) {
    lines.push('', 'assertions:');
    const width = Math.max(...s.assertions.map((a) => a.expr.length));
    s.assertions.forEach((a, i) => {
      lines.push(`  ${a.pass ? 'pass' : 'FAIL'}  ${a.expr.padEnd(width)}  observed ${formatMetric(a.value, ctx.assertionUnits[i])}`);
    });
  }
  return `${lines.join('\n')}\n`;
}
