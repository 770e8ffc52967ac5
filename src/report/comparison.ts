/**
 * Runs side by side (the variants of a scenario, or files given to `simulate compare`): one row
 * per run and client, as an aligned text table for the terminal and as CSV for spreadsheets.
 */
import type { Summary } from '../metrics/summary.ts';
import { round } from '../metrics/summary.ts';
import { alignTable, formatAmplification, formatPercent, formatPerSecond, formatRate, formatSeconds } from './format.ts';
import { OUTCOME_WORD } from './verdict-text.ts';

export interface ComparedRun {
  label: string;
  summary: Summary;
}

export const COMPARISON_HEADER = ['run', 'client', 'requests', 'amplification', 'goodput', 'goodput/s', 'p50', 'p99', 'outcome', 'recovery', 'assertions'];

/**
 * The recovery column: the recovery time; for a late one, its time marked late; for a run still
 * recovering, the projected time, marked as projected.
 */
export function recoveryText(s: Summary): string {
  const m = s.metastability;
  if (m.recovery_time_s !== null) return formatSeconds(m.recovery_time_s);
  if (m.late_recovery_time_s !== null) return `${formatSeconds(m.late_recovery_time_s)} (late)`;
  if (m.projected_recovery_s !== null) return `~${formatSeconds(m.projected_recovery_s)} (projected)`;
  return '-';
}

/** `passed/total`, or `-` without assertions. */
export function passedText(s: Summary): string {
  return s.assertions.length === 0 ? '-' : `${s.assertions.filter((a) => a.pass).length}/${s.assertions.length}`;
}

/** The cells of the comparison, formatted for reading. */
export function comparisonRows(runs: readonly ComparedRun[]): string[][] {
  return runs.flatMap(({ label, summary: s }) =>
    Object.entries(s.clients).map(([client, c]) => [
      label, client, String(c.requests), formatAmplification(c.amplification), formatPercent(c.goodput_ratio), formatPerSecond(c.goodput_per_s),
      formatSeconds(c.latency.p50), formatSeconds(c.latency.p99), OUTCOME_WORD[s.metastability.outcome], recoveryText(s), passedText(s),
    ]),
  );
}

export const PROPAGATION_COMPARISON_HEADER = ['run', 'work mean', 'work max', 'staleness p99', 'max', 'convergence', 'backlog max', 'never converged', 'assertions'];

/** One row per run that has a propagation section. */
export function propagationComparisonRows(runs: readonly ComparedRun[]): string[][] {
  return runs.flatMap(({ label, summary: s }) => {
    const p = s.propagation;
    if (!p) return [];
    return [[label, formatRate(p.work_per_s.mean), formatRate(p.work_per_s.max), formatSeconds(p.staleness.p99), formatSeconds(p.staleness.max),
      formatSeconds(p.convergence_s), String(p.backlog_max), String(p.never_converged), passedText(s)]];
  });
}

export function comparisonTable(runs: readonly ComparedRun[]): string {
  const clients = comparisonRows(runs);
  const propagation = propagationComparisonRows(runs);
  const tables = [
    ...(clients.length > 0 ? [alignTable([COMPARISON_HEADER, ...clients]).join('\n')] : []),
    ...(propagation.length > 0 ? [alignTable([PROPAGATION_COMPARISON_HEADER, ...propagation]).join('\n')] : []),
  ];
  return `${tables.join('\n\n')}\n`;
}

/** comparison.csv: the same rows with raw numbers (seconds, fractions), empty where there is none. */
export function comparisonCsv(runs: readonly ComparedRun[]): string {
  const header = [
    'run', 'client', 'requests', 'amplification', 'goodput_ratio', 'latency_p50_s', 'latency_p99_s', 'metastable', 'recovery_time_s',
    'outcome', 'projected_recovery_s', 'assertions_passed', 'assertions',
  ];
  const cell = (x: number | boolean | null): string => (x === null ? '' : typeof x === 'number' ? String(round(x)) : String(x));
  // Propagation columns only when some run has that section; a run without clients gets one row with no client.
  const withPropagation = runs.some((r) => r.summary.propagation);
  const propagationHeader = ['work_per_s_mean', 'work_per_s_max', 'staleness_p99_s', 'staleness_max_s', 'convergence_s', 'backlog_max', 'never_converged'];
  const propagationCells = (s: Summary): string[] => {
    const p = s.propagation;
    if (!withPropagation) return [];
    if (!p) return propagationHeader.map(() => '');
    return [p.work_per_s.mean, p.work_per_s.max, p.staleness.p99, p.staleness.max, p.convergence_s, p.backlog_max, p.never_converged].map(cell);
  };
  const lines = runs.flatMap(({ label, summary: s }) => {
    const m = s.metastability;
    // `metastable` stays empty where there is no verdict (as before outcomes existed: a run still recovering has none either).
    const verdict = [m.no_verdict !== null ? '' : cell(m.metastable), cell(m.recovery_time_s), m.outcome, cell(m.projected_recovery_s)];
    const tail = [cell(s.assertions.filter((a) => a.pass).length), cell(s.assertions.length), ...propagationCells(s)];
    const clients = Object.entries(s.clients).map(([client, c]) => [
      label, client, cell(c.requests), cell(c.amplification), cell(c.goodput_ratio), cell(c.latency.p50), cell(c.latency.p99), ...verdict, ...tail,
    ]);
    return (clients.length > 0 ? clients : [[label, '', '', '', '', '', '', ...verdict, ...tail]]).map((row) => row.join(','));
  });
  return `${[[...header, ...(withPropagation ? propagationHeader : [])].join(','), ...lines].join('\n')}\n`;
}
