/**
 * A run's results in the page, in reading order: the verdict first, then the charts (vega-embed,
 * from the CLI's vega-lite specs, with tooltips), the summary tables (variants side by side),
 * summary.json as text, and the downloads. The tables and verdict blocks are report.html's own
 * (html-tables.ts), so the page, the report and the terminal say the same thing.
 */
import { comparisonCsv, recoveryText } from '../report/comparison.ts';
import { reportHtml } from '../report/html.ts';
import { assertionsTable, clientTables, comparisonTable, serviceTables, verdictBlock, type ReportRun } from '../report/html-tables.ts';
import { OUTCOME_WORD } from '../report/verdict-text.ts';
import { reportScripts } from './bundled.ts';
import type { WorkerMessage } from './protocol.ts';

type Done = Extract<WorkerMessage, { type: 'done' }>;

declare global {
  interface Window {
    vegaEmbed?: (el: HTMLElement, spec: unknown, options: Record<string, unknown>) => Promise<{ view: { finalize(): void } }>;
  }
}

const $ = (id: string): HTMLElement => document.querySelector(`[data-testid="${id}"]`) as HTMLElement;

/** The vega builds report.html inlines, run once as classic scripts: one copy serves the page and the report. */
let vegaLoaded = false;
export function loadVega(): void {
  if (vegaLoaded) return;
  const scripts = reportScripts();
  for (const text of [scripts.vega, scripts.vegaLite, scripts.vegaEmbed]) {
    const el = document.createElement('script');
    el.textContent = text;
    document.head.appendChild(el);
  }
  vegaLoaded = true;
}

function el(tag: string, attrs: Record<string, string> = {}, text?: string): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function verdicts(runs: readonly ReportRun[]): void {
  const box = $('verdict');
  box.replaceChildren();
  for (const run of runs) {
    const m = run.summary.metastability;
    const item = el('div', { class: 'verdict-run', 'data-run': run.label });
    const recovery = recoveryText(run.summary);
    item.append(el('p', { class: 'verdict-line' }, `${run.label}: ${OUTCOME_WORD[m.outcome]}${recovery === '-' ? '' : `, recovery ${recovery}`}`));
    const block = el('div');
    block.innerHTML = verdictBlock(run); // html-tables.ts escapes every value it writes
    item.append(block);
    box.append(item);
  }
}

let views: { finalize(): void }[] = [];

async function charts(done: Done): Promise<void> {
  const box = $('charts');
  for (const view of views) view.finalize();
  views = [];
  box.replaceChildren();
  loadVega();
  await Promise.all(done.charts.map(async (chart) => {
    // The spec carries its own title, as in report.html's charts.
    const figure = el('figure', { class: 'chart-figure', 'aria-label': chart.title });
    const target = el('div', { class: 'chart', 'data-testid': `chart-${chart.id}` });
    figure.append(target);
    box.append(figure);
    try {
      const result = await window.vegaEmbed!(target, chart.spec, { actions: false, renderer: 'svg' });
      views.push(result.view);
      target.setAttribute('data-rendered', 'true');
    } catch (e) {
      target.append(el('p', { class: 'chart-error' }, `This chart could not be drawn: ${e instanceof Error ? e.message : String(e)}`));
    }
  }));
}

function tables(runs: readonly ReportRun[]): void {
  const box = $('summary-table');
  const parts: string[] = [];
  if (runs.length > 1) parts.push(`<h3>Runs compared</h3>${comparisonTable(runs)}`);
  const columns = runs.map((run) => [
    `<div class="run-column"><h3>${runs.length > 1 ? 'Run: ' : ''}${escapeText(run.label)}</h3>`,
    Object.keys(run.summary.clients).length === 0 ? '' : `<h4>Clients</h4>${clientTables(run.summary)}`,
    Object.keys(run.summary.services).length === 0 ? '' : `<h4>Services</h4>${serviceTables(run.summary, run.verdict?.lastFaultEnd === null)}`,
    run.summary.assertions.length === 0 ? '' : `<h4>Assertions</h4>${assertionsTable(run)}`,
    '</div>',
  ].join(''));
  parts.push(`<div class="run-columns">${columns.join('')}</div>`);
  box.innerHTML = parts.join('');
}

function escapeText(text: string): string {
  const span = document.createElement('span');
  span.textContent = text;
  return span.innerHTML;
}

let urls: string[] = [];

function blobLink(link: HTMLAnchorElement, name: string, text: string, type: string): HTMLAnchorElement {
  const url = URL.createObjectURL(new Blob([text], { type }));
  urls.push(url);
  link.href = url;
  link.download = name;
  return link;
}

function download(testId: string, name: string, text: string, type: string): void {
  const link = $(testId) as HTMLAnchorElement;
  const url = URL.createObjectURL(new Blob([text], { type }));
  urls.push(url);
  link.href = url;
  link.download = name;
  link.removeAttribute('aria-disabled');
}

function downloads(done: Done): void {
  for (const url of urls) URL.revokeObjectURL(url);
  urls = [];
  const first = done.files[0];
  download('download-summary', 'summary.json', first.summaryJson, 'application/json');
  download('download-timeseries', 'timeseries.csv', first.timeseriesCsv, 'text/csv');
  download('download-report', 'report.html', reportHtml({ ...done.report, scripts: reportScripts() }), 'text/html');
  // Several runs: the CLI's comparison.csv and each run's files (a folder per run there) as well.
  const more = $('download-runs');
  more.replaceChildren();
  if (done.files.length < 2) return;
  more.append(blobLink(el('a', { 'data-testid': 'download-comparison' }, 'comparison.csv') as HTMLAnchorElement, 'comparison.csv', comparisonCsv(done.report.runs), 'text/csv'));
  for (const file of done.files) {
    more.append(
      blobLink(el('a', {}, `${file.label}/summary.json`) as HTMLAnchorElement, `${file.label}-summary.json`, file.summaryJson, 'application/json'),
      blobLink(el('a', {}, `${file.label}/timeseries.csv`) as HTMLAnchorElement, `${file.label}-timeseries.csv`, file.timeseriesCsv, 'text/csv'),
    );
  }
}

function summaryTexts(done: Done): void {
  $('summary-json').textContent = done.files[0].summaryJson;
  const box = $('run-summaries');
  box.replaceChildren();
  if (done.files.length < 2) return;
  for (const file of done.files) {
    const details = el('details');
    details.append(el('summary', {}, `${file.label}/summary.json`), el('pre', { 'data-testid': `summary-json-${file.label}` }, file.summaryJson));
    box.append(details);
  }
}

/** Shows a finished run; resolves once every chart is drawn. */
export async function showResults(done: Done): Promise<void> {
  $('results').hidden = false;
  verdicts(done.report.runs);
  summaryTexts(done);
  tables(done.report.runs);
  downloads(done);
  await charts(done);
}
