/**
 * report.html: one self-contained page per run (or per comparison of runs), for a design review
 * and for a mail attachment. A pure function of its input: the same input gives the same bytes
 * (no dates, no host names), and the page loads nothing from anywhere, its vega libraries and
 * chart specs inlined and a content security policy refusing every request.
 *
 *   title ─▶ verdict banner (one run: verdict, trigger, headline numbers; several: the runs
 *     ranked) ─▶ description ─▶ comparison table (2+ runs) ─▶ charts (vega-embed, SVG, tooltips,
 *     a caption each) ─▶ per run: clients, services, metastability, propagation, assertions
 *     ─▶ scenario source
 */
import { CONTENT_SECURITY_POLICY, EMBED_SCRIPT, REPORT_CSS } from './html-assets.ts';
import { verdictBanner } from './html-banner.ts';
import { escapeHtml, inlineScript, jsonForScript } from './html-escape.ts';
import { assertionsTable, clientTables, comparisonTable, propagationTable, serviceTables, verdictBlock, type ReportRun } from './html-tables.ts';

export type { ReportRun } from './html-tables.ts';

export interface ReportChart {
  /** Unique within a report; the container is `<div class="chart" id="chart-<id>">`. */
  id: string;
  title: string;
  /** What to look at in the chart, one sentence under its heading (captions.ts); none: no caption. */
  caption?: string;
  /** A vega-lite top-level spec. */
  spec: Record<string, unknown>;
}

/** The minified builds of vega, vega-lite and vega-embed (their UMD `*.min.js` texts). */
export interface ReportScripts {
  vega: string;
  vegaLite: string;
  vegaEmbed: string;
}

export interface ReportInput {
  /** The scenario's name, or what a comparison compares ("retry-storm vs no-retry"). */
  title: string;
  /** Plain text; line breaks are kept. May be empty. */
  description: string;
  /** The scenario file(s) as given, shown verbatim. */
  sources: { file: string; text: string }[];
  /** One run, or one per variant or compared file. */
  runs: ReportRun[];
  charts: ReportChart[];
  scripts: ReportScripts;
}

function runHeading(run: ReportRun): string {
  const s = run.summary;
  return `scenario ${s.scenario}, seed ${s.seed}, ${s.duration_s} s simulated (warm-up ${s.warmup_s} s)`;
}

function runSection(run: ReportRun, index: number): string {
  const propagation = propagationTable(run.summary);
  return [
    `<section class="run" id="run-${index + 1}">`,
    `<h2>Run: ${escapeHtml(run.label)}</h2>`,
    `<p class="muted">${escapeHtml(runHeading(run))}</p>`,
    // A scenario of only a propagation section has no clients, services or goodput to judge.
    ...(Object.keys(run.summary.clients).length === 0 ? [] : ['<h3>Clients</h3>', clientTables(run.summary)]),
    ...(Object.keys(run.summary.services).length === 0 ? [] : ['<h3>Services</h3>', serviceTables(run.summary, run.verdict?.lastFaultEnd === null)]),
    ...(Object.keys(run.summary.clients).length === 0 ? [] : ['<h3>Metastability</h3>', verdictBlock(run)]),
    ...(propagation === '' ? [] : ['<h3>Propagation</h3>', propagation]),
    '<h3>Assertions</h3>',
    assertionsTable(run),
    '</section>',
  ].join('\n');
}

function chartsSection(charts: readonly ReportChart[]): string {
  if (charts.length === 0) return '';
  const figures = charts.map((c) => [
    '<figure class="chart-figure">',
    `<h3>${escapeHtml(c.title)}</h3>`,
    ...(c.caption === undefined || c.caption === '' ? [] : [`<p class="caption">${escapeHtml(c.caption)}</p>`]),
    `<div class="chart" id="chart-${escapeHtml(c.id)}"></div>`,
    '</figure>',
  ].join('\n'));
  return ['<section id="charts">', '<h2>Charts</h2>', '<noscript><p class="chart-error">The charts need JavaScript.</p></noscript>', ...figures, '</section>'].join('\n');
}

function sourcesSection(sources: ReportInput['sources']): string {
  if (sources.length === 0) return '';
  const blocks = sources.map((s) => `<h3><code>${escapeHtml(s.file)}</code></h3>\n<pre><code>${escapeHtml(s.text)}</code></pre>`);
  return ['<section id="source">', `<h2>Scenario source${sources.length > 1 ? 's' : ''}</h2>`, ...blocks, '</section>'].join('\n');
}

function contents(input: ReportInput): string {
  const links: [string, string][] = [];
  if (input.runs.length > 1) links.push(['comparison', 'Comparison']);
  if (input.charts.length > 0) links.push(['charts', 'Charts']);
  input.runs.forEach((r, i) => links.push([`run-${i + 1}`, `Run: ${r.label}`]));
  if (input.sources.length > 0) links.push(['source', 'Scenario source']);
  return `<nav><p class="muted">${links.map(([id, text]) => `<a href="#${id}">${escapeHtml(text)}</a>`).join(' · ')}</p></nav>`;
}

function chartScripts(input: ReportInput): string[] {
  if (input.charts.length === 0) return [];
  const specs = input.charts.map((c) => ({ id: c.id, spec: c.spec }));
  return [
    `<script>${inlineScript(input.scripts.vega)}</script>`,
    `<script>${inlineScript(input.scripts.vegaLite)}</script>`,
    `<script>${inlineScript(input.scripts.vegaEmbed)}</script>`,
    `<script type="application/json" id="report-charts">${jsonForScript(specs)}</script>`,
    `<script>${EMBED_SCRIPT}</script>`,
  ];
}

function checkChartIds(charts: readonly ReportChart[]): void {
  const seen = new Set<string>();
  for (const c of charts) {
    if (seen.has(c.id)) throw new Error(`report.html: two charts have the id "${c.id}"`);
    seen.add(c.id);
  }
}

export function reportHtml(input: ReportInput): string {
  checkChartIds(input.charts);
  const description = input.description.trim() === '' ? '<p class="muted">No description.</p>' : `<p class="description">${escapeHtml(input.description.trim())}</p>`;
  const comparison = input.runs.length > 1 ? `<section id="comparison">\n<h2>Comparison</h2>\n${comparisonTable(input.runs)}\n</section>` : '';
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="metastable-sim">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    // The answer first (issue 17): right under the title, before the description and the contents.
    ['<header>', `<h1>${escapeHtml(input.title)}</h1>`, verdictBanner(input.runs), description, contents(input), '</header>'].filter((p) => p !== '').join('\n'),
    comparison,
    chartsSection(input.charts),
    ...input.runs.map(runSection),
    sourcesSection(input.sources),
    ...chartScripts(input),
    '</body>',
    '</html>',
  ];
  return `${parts.filter((p) => p !== '').join('\n')}\n`;
}
