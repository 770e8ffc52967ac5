/**
 * The tables of report.html: a comparison of runs, and per run its clients, services,
 * metastability verdict, propagation numbers and assertions. Numbers are formatted as in the
 * printed summary (table.ts), so the page and the terminal say the same thing.
 */
import type { Summary } from '../metrics/summary.ts';
import { metricPaths, type MetricUnit } from '../scenario/metric-paths.ts';
import { COMPARISON_HEADER, comparisonRows, PROPAGATION_COMPARISON_HEADER, propagationComparisonRows } from './comparison.ts';
import { escapeHtml } from './html-escape.ts';
import { formatAmplification, formatMetric, formatPercent, formatPerSecond, formatRate, formatSeconds } from './format.ts';
import { capacityRows, memberTables } from './table.ts';
import type { TriggerSource } from './trigger-text.ts';
import { stoppedSentence, verdictBadge, verdictKind, verdictSentence, OUTCOME_WORD, type VerdictContext } from './verdict-text.ts';

/** A run as report.html shows it. */
export interface ReportRun {
  label: string;
  summary: Summary;
  /** What the verdict's words need from the scenario (verdictContextOf); unknown: the bare facts. */
  verdict?: VerdictContext;
  /** The unit of each assertion's metric (as for the printed table); read from the path if absent. */
  assertionUnits?: readonly MetricUnit[];
  /** What perturbed the run (its scenario's faults), for the banner's trigger sentence; unknown: none shown. */
  trigger?: TriggerSource;
}

/** The numbers a propagation section adds to a summary; read generically, whatever keys it has. */
type PropagationNumbers = Record<string, unknown>;

/** A cell: plain text (escaped here), or `{ html }` already escaped by the caller. */
type Cell = string | { html: string };

function cellHtml(cell: Cell): string {
  return typeof cell === 'string' ? escapeHtml(cell) : cell.html;
}

/** The first `rowHeads` columns are row headings (left-aligned); the rest are numbers. */
function table(caption: string, head: readonly string[], rows: readonly Cell[][], rowHeads = 1): string {
  const th = head.map((h, i) => `<th scope="col"${i < rowHeads ? '' : ' class="num"'}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => (i < rowHeads ? `<th scope="row">${cellHtml(c)}</th>` : `<td class="num">${cellHtml(c)}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table>\n<caption>${escapeHtml(caption)}</caption>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}

/** Long one-word headings may break (soft hyphen), so that wide tables fit 800 px and a printed page. */
const AMPLIFICATION = 'amplifi\u00ADcation';

/**
 * The runs compared: the same rows as the terminal's table and comparison.csv (comparison.ts),
 * one per run and client, then one per run with a propagation section.
 */
export function comparisonTable(runs: readonly ReportRun[]): string {
  const compared = runs.map(({ label, summary }) => ({ label, summary }));
  const tables: string[] = [];
  const clients = comparisonRows(compared);
  if (clients.length > 0) {
    const head = COMPARISON_HEADER.map((h) => (h === 'amplification' ? AMPLIFICATION : h === 'metastable' ? 'meta\u00ADstable' : h));
    tables.push(table('Runs compared, one row per run and client', head, clients, 2));
  }
  const propagation = propagationComparisonRows(compared);
  if (propagation.length > 0) tables.push(table('Propagation compared, one row per run', PROPAGATION_COMPARISON_HEADER, propagation));
  return tables.join('\n');
}

function failuresText(failures: Record<string, number>): string {
  const parts = Object.entries(failures).filter(([, n]) => n > 0);
  return parts.length === 0 ? '-' : parts.map(([reason, n]) => `${reason} ${n}`).join(', ');
}

export function clientTables(s: Summary): string {
  const counts = Object.entries(s.clients).map(([name, c]): Cell[] => [
    name,
    String(c.requests),
    String(c.attempts),
    formatAmplification(c.amplification),
    String(c.succeeded),
    formatPercent(c.goodput_ratio),
    formatPerSecond(c.goodput_per_s),
    formatPerSecond(c.peak_attempts_per_s),
    failuresText(c.failures as unknown as Record<string, number>),
  ]);
  const latency = Object.entries(s.clients).map(([name, c]): Cell[] => [
    name,
    ...[c.latency.mean, c.latency.p50, c.latency.p90, c.latency.p99, c.latency.p999, c.latency.max].map(formatSeconds),
  ]);
  return [
    table('Requests, attempts and goodput', ['client', 'requests', 'attempts', AMPLIFICATION, 'succeeded', 'goodput', 'goodput/s', 'peak attempts/s', 'failed by reason'], counts),
    table('Client latency (succeeded requests, first attempt to success)', ['client', 'mean', 'p50', 'p90', 'p99', 'p99.9', 'max'], latency),
  ].join('\n');
}

/** `noFault`: the run has no fault, so the capacity table covers the whole run (its baseline). */
export function serviceTables(s: Summary, noFault = false): string {
  const counts = Object.entries(s.services).map(([name, v]): Cell[] => [
    name,
    String(v.arrivals),
    String(v.completed),
    String(v.rejected),
    String(v.shed),
    String(v.errors),
    formatPercent(v.utilization),
    formatPercent(v.wasted_fraction),
    formatPerSecond(v.peak_arrivals_per_s),
  ]);
  const sojourn = Object.entries(s.services).map(([name, v]): Cell[] => [name, ...[v.sojourn.mean, v.sojourn.p50, v.sojourn.p99].map(formatSeconds)]);
  return [
    table('Attempts served', ['service', 'arrivals', 'completed', 'rejected', 'shed', 'errors', 'utili\u00ADzation', 'wasted', 'peak arrivals/s'], counts),
    table('Service sojourn (queue wait + service + downstream calls)', ['service', 'mean', 'p50', 'p99'], sojourn),
    ...memberTables(s).map(({ service, header, note, rows }) => table(`${header[0] === 'replica' ? 'Replicas' : 'Partitions'} of ${service}${note === null ? '' : `: ${note}`}`, header, rows)),
    table(`${noFault ? 'Over the run (no fault)' : 'Before the first fault'}: attempts offered against estimated capacity`,
      ['service', 'offered', 'capacity', 'load', 'utili\u00ADzation'], capacityRows(s)),
  ].join('\n');
}

/** The verdict as a word, in a sentence (as printed after a run, when the scenario is known), and its numbers. */
export function verdictBlock(run: ReportRun): string {
  const m = run.summary.metastability;
  const words = run.verdict === undefined ? '' : ` — ${escapeHtml(verdictSentence(m, run.verdict))}`;
  const b = m.backlog;
  const facts: [string, string][] = [
    ['outcome', OUTCOME_WORD[m.outcome]],
    ['baseline goodput', formatPerSecond(m.baseline_goodput_per_s)],
    ['recovered', m.recovered ? 'yes' : 'no'],
    ['recovery time', formatSeconds(m.recovery_time_s ?? m.late_recovery_time_s)],
    ['metastable', m.metastable ? 'yes' : 'no'],
  ];
  if (m.projected_recovery_s !== null) facts.push(['projected recovery', formatSeconds(m.projected_recovery_s)]);
  if (b.final !== null) facts.push(['work in the system', `${Math.round(b.final).toLocaleString('en-US')} at the end, ${Math.round(b.baseline ?? 0).toLocaleString('en-US')} before the fault`]);
  if (m.saturation !== null) facts.push(['saturated', `${m.saturation.service}: ${formatRate(m.saturation.arrivals_per_s)} against ${formatRate(m.saturation.capacity_per_s)}`]);
  const dl = facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  const stopped = run.summary.stopped === undefined ? '' : `<p class="stopped">${escapeHtml(stoppedSentence(run.summary.stopped))}</p>\n`;
  return `${stopped}<p class="verdict verdict-${verdictKind(m)}"><strong>${verdictBadge(m)}</strong>${words}</p>\n<dl class="facts">${dl}</dl>`;
}

/** The unit of each propagation number, as assertions know it (metric-paths.ts). */
const PROPAGATION_UNITS = metricPaths([], [], { propagation: true });

function propagationUnit(path: string): MetricUnit {
  return PROPAGATION_UNITS.get(`propagation.${path}`) ?? 'count';
}

function flatten(value: unknown, path: string, out: [string, unknown][]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, path === '' ? k : `${path}.${k}`, out);
  } else out.push([path, value]);
}

/** `summary.propagation`, when the scenario has that section: every number it carries. */
export function propagationTable(s: Summary): string {
  const propagation = (s as { propagation?: PropagationNumbers | null }).propagation;
  if (propagation === undefined || propagation === null) return '';
  const entries: [string, unknown][] = [];
  flatten(propagation, '', entries);
  const rows = entries.map(([path, v]): Cell[] => [
    path,
    typeof v === 'number' || typeof v === 'boolean' || v === null ? formatMetric(v, propagationUnit(path)) : JSON.stringify(v),
  ]);
  return table('Constant-work propagation', ['metric', 'value'], rows);
}

const EXPRESSION_PATH = /^\s*([A-Za-z0-9_.-]+)/;

function unitsOf(run: ReportRun): readonly MetricUnit[] {
  if (run.assertionUnits !== undefined) return run.assertionUnits;
  const s = run.summary;
  const services = Object.keys(s.services);
  const paths = metricPaths(Object.keys(s.clients), services, {
    replicated: services.filter((name) => s.services[name].replicas !== undefined),
    periodic: Object.keys(s.clients).filter((name) => s.clients[name].peak_rate !== undefined),
    cached: services.filter((name) => s.services[name].cache !== undefined),
    autoscaled: services.filter((name) => s.services[name].autoscale !== undefined),
  });
  return s.assertions.map((a) => {
    const path = EXPRESSION_PATH.exec(a.expr)?.[1] ?? '';
    return paths.get(path) ?? propagationUnit(path.replace(/^propagation\./, ''));
  });
}

/** Pass and fail are words and marks, not only colours (the page may be printed in grey). */
export function assertionsTable(run: ReportRun): string {
  const assertions = run.summary.assertions;
  if (assertions.length === 0) return '<p class="muted">No assertions.</p>';
  const units = unitsOf(run);
  const rows = assertions.map((a, i): Cell[] => [
    { html: a.pass ? '<span class="pass">&#10003; PASS</span>' : '<span class="fail">&#10007; FAIL</span>' },
    { html: `<code>${escapeHtml(a.expr)}</code>` },
    formatMetric(a.value, units[i] ?? 'count'),
  ]);
  const passed = assertions.filter((a) => a.pass).length;
  return table(`Assertions: ${passed} of ${assertions.length} passed`, ['verdict', 'assertion', 'observed'], rows, 2);
}
