/** Numbers and tables formatted for reading, the same on the terminal and in report.html. */
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

/** A rate that may be missing: `-` then. */
export function formatRate(x: number | null): string {
  return x === null ? '-' : formatPerSecond(x);
}
