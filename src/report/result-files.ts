/**
 * Every file of a results folder, as a map from relative path to content: pure (no file
 * system), so that the CLI writes them all or none, and tests can look at any of them.
 *
 *   one run:   summary.json, timeseries.csv, <chart>.vl.json/.svg/.png, report.html
 *   compared:  <label>/summary.json, <label>/timeseries.csv for each run, comparison.csv,
 *              the charts of all runs side by side, report.html
 */
import { runCharts, type Chart } from './charts/charts.ts';
import { comparisonCsv } from './comparison.ts';
import { summaryJson, timeseriesCsv } from './files.ts';
import { reportHtml, type ReportScripts } from './html.ts';
import { reportInput, type ResultRun } from './report-input.ts';
import { renderPng, renderSvg } from './render.ts';

export { IMAGE_FORMATS, type ImageFormat } from './image-formats.ts';
import type { ImageFormat } from './image-formats.ts';

export type { ResultRun } from './report-input.ts';

export interface ResultInput {
  title: string;
  description: string;
  sources: { file: string; text: string }[];
  runs: readonly ResultRun[];
  /** Null: no charts and no report (`--no-charts`). */
  charts: { format: ImageFormat; scripts: ReportScripts } | null;
  /** Told before each chart is drawn, for a progress line. */
  onChart?: (chart: Chart, index: number, total: number) => void;
}

export type ResultFiles = Record<string, string | Uint8Array>;

function dataFiles(runs: readonly ResultRun[]): ResultFiles {
  if (runs.length === 1) return { 'summary.json': summaryJson(runs[0].summary), 'timeseries.csv': timeseriesCsv(runs[0].series) };
  const files: ResultFiles = { 'comparison.csv': comparisonCsv(runs) };
  for (const run of runs) {
    files[`${run.label}/summary.json`] = summaryJson(run.summary);
    files[`${run.label}/timeseries.csv`] = timeseriesCsv(run.series);
  }
  return files;
}

/**
 * A spec as indented JSON for people to restyle, except that each data row stays on one line:
 * thousands of points would otherwise bury the encoding under 5 lines each.
 */
export function specJson(spec: Record<string, unknown>): string {
  const rows: string[] = [];
  const placeholders = JSON.stringify(spec, (key, value: unknown) => {
    if (key !== 'values' || !Array.isArray(value)) return value;
    return value.map((row) => `\u0000${rows.push(JSON.stringify(row)) - 1}`);
  }, 2);
  return `${placeholders.replace(/"\\u0000(\d+)"/g, (_, i: string) => rows[Number(i)])}\n`;
}

/** Each chart's spec, and its images in the format asked for. */
export async function chartFiles(charts: readonly Chart[], format: ImageFormat, onChart?: ResultInput['onChart']): Promise<ResultFiles> {
  const files: ResultFiles = {};
  for (const [i, chart] of charts.entries()) {
    onChart?.(chart, i, charts.length);
    files[`${chart.id}.vl.json`] = specJson(chart.spec);
    const svg = await renderSvg(chart.spec);
    if (format !== 'png') files[`${chart.id}.svg`] = svg;
    if (format !== 'svg') files[`${chart.id}.png`] = await renderPng(svg);
  }
  return files;
}

export async function resultFiles(input: ResultInput): Promise<ResultFiles> {
  const files = dataFiles(input.runs);
  if (input.charts === null) return files;
  const charts = runCharts(input.runs);
  Object.assign(files, await chartFiles(charts, input.charts.format, input.onChart));
  files['report.html'] = reportHtml(reportInput(input, charts, input.charts.scripts));
  return files;
}
