/** summary.json and timeseries.csv as strings: pure functions, so tests can compare bytes. */
import { SERIES_COLUMNS, type SeriesRow } from '../metrics/series.ts';
import { round, type Summary } from '../metrics/summary.ts';

export function summaryJson(summary: Summary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(round(value));
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function timeseriesCsv(rows: readonly SeriesRow[]): string {
  const lines = [SERIES_COLUMNS.join(',')];
  for (const row of rows) lines.push(SERIES_COLUMNS.map((c) => (c === 't_s' ? String(row.t_s) : csvCell(row[c]))).join(','));
  return `${lines.join('\n')}\n`;
}
