/** summary.json and timeseries.csv as strings: pure functions, so tests can compare bytes. */
import { OPTIONAL_COLUMNS, SERIES_COLUMNS, type SeriesRow } from '../metrics/series.ts';
import { round, type Summary } from '../metrics/summary.ts';

export function summaryJson(summary: Summary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(round(value));
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * An optional column (series.ts) is written when some row has it: when the run reports its
 * reason (every row then), or has health figures (the rows of checked replicas only; the other
 * rows leave it empty).
 */
export function timeseriesCsv(rows: readonly SeriesRow[]): string {
  const columns = SERIES_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c) || rows.some((row) => row[c] !== undefined));
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => (c === 't_s' ? String(row.t_s) : csvCell(row[c] ?? null))).join(','));
  return `${lines.join('\n')}\n`;
}
