/**
 * The banner at the top of report.html, right under the title: the answer a reviewer opens the
 * report for (issue 17). One run: did it recover, how fast, what triggered it, and at what cost
 * (goodput, amplification, wasted work). Several runs: which one came through best, and the runs
 * ranked by ranking.ts's rule with their costs. The verdict is a word as well as a colour, so the
 * banner reads the same printed in grey or to a reader who does not see the colour.
 */
import type { Summary } from '../metrics/summary.ts';
import { recoveryText } from './comparison.ts';
import { escapeHtml } from './html-escape.ts';
import { formatAmplification, formatPercent, formatPerSecond, formatSeconds } from './format.ts';
import type { ReportRun } from './html-tables.ts';
import { RANKING_RULE, clientTotals, mostWasted, rankRuns, type RankedRun } from './ranking.ts';
import { triggerSentence } from './trigger-text.ts';
import { stoppedSentence, verdictBadge, verdictHeadline, verdictKind, verdictSentence } from './verdict-text.ts';

type Kind = ReturnType<typeof verdictKind>;

/** A mark beside the word, for good and bad news (a second cue besides the colour). */
const MARK: Record<Kind, string> = { good: '&#10003; ', bad: '&#10007; ', pending: '', none: '' };

function badge(kind: Kind, word: string): string {
  return `<span class="badge badge-${kind}">${MARK[kind]}${escapeHtml(word)}</span>`;
}

/** Whether a run has clients: one with only a propagation section has no goodput to judge. */
const hasClients = (s: Summary): boolean => Object.keys(s.clients).length > 0;

/** A run of a propagation section alone is judged by whether every node learned every change. */
function propagationVerdict(s: Summary): { kind: Kind; word: string; headline: string } | null {
  const p = s.propagation;
  if (p === undefined || hasClients(s)) return null;
  if (p.never_converged === 0) {
    const when = p.convergence_s === null ? '' : `, ${formatSeconds(p.convergence_s)} after the last mass change`;
    return { kind: 'good', word: 'CONVERGED', headline: `every live node holds every change${when}` };
  }
  return { kind: 'bad', word: 'NOT CONVERGED', headline: `${p.never_converged.toLocaleString('en-US')} (change, node) pairs still stale at the end` };
}

function runVerdict(run: ReportRun): { kind: Kind; word: string; headline: string } {
  const m = run.summary.metastability;
  return propagationVerdict(run.summary) ?? { kind: verdictKind(m), word: verdictBadge(m), headline: verdictHeadline(m, run.verdict) };
}

/** A headline number: its name, its value large, and a line saying what it counts. */
function number(name: string, value: string, note: string): string {
  return `<div class="number"><dt>${escapeHtml(name)}</dt><dd class="value">${escapeHtml(value)}</dd><dd class="note">${escapeHtml(note)}</dd></div>`;
}

function wastedNote(s: Summary, service: string): string {
  const others = Object.keys(s.services).length - 1;
  return `of ${service}'s busy time went to attempts their client had given up${others > 0 ? ` (the most of ${others + 1} services)` : ''}`;
}

function headlineNumbers(s: Summary): string {
  const numbers: string[] = [];
  if (hasClients(s)) {
    const t = clientTotals(s);
    if (t.goodputRatio === null) numbers.push(number('requests', 'none', 'no client sent a request, so there is no goodput or amplification to give'));
    else {
      numbers.push(number('goodput', formatPercent(t.goodputRatio), `of requests succeeded (${formatPerSecond(t.goodputPerS)})`));
      // Not "retries": a request a breaker or budget refused before its first attempt offsets one (ranking.ts, clientTotals).
      numbers.push(number('amplification', formatAmplification(t.amplification), `attempts per request (attempts sent minus requests: ${t.extraAttempts.toLocaleString('en-US')})`));
    }
  }
  const wasted = mostWasted(s);
  if (wasted !== null) numbers.push(number('wasted work', formatPercent(wasted.fraction), wastedNote(s, wasted.service)));
  const p = s.propagation;
  if (p !== undefined && !hasClients(s)) {
    numbers.push(number('staleness p99', formatSeconds(p.staleness.p99), 'from a change to a node reflecting it'));
    numbers.push(number('sender work', formatPerSecond(p.work_per_s.mean), `entry-slots per second on average (at most ${formatPerSecond(p.work_per_s.max)})`));
  }
  return numbers.length === 0 ? '' : `<dl class="numbers">${numbers.join('')}</dl>`;
}

function stoppedLine(s: Summary): string {
  return s.stopped === undefined ? '' : `<p class="stopped">STOPPED EARLY: ${escapeHtml(stoppedSentence(s.stopped))}</p>`;
}

function triggerLine(run: ReportRun): string {
  return run.trigger === undefined ? '' : `<p class="trigger">${escapeHtml(triggerSentence(run.trigger))}</p>`;
}

/** The banner of a report of one run. */
export function runBanner(run: ReportRun): string {
  const v = runVerdict(run);
  const m = run.summary.metastability;
  const sentence = run.verdict === undefined || propagationVerdict(run.summary) !== null ? '' : verdictSentence(m, run.verdict);
  // A no-verdict reason without numbers is the headline already (verdictHeadline): say it once.
  const why = v.headline.endsWith(sentence.replaceAll('`', '')) ? '' : sentence;
  return [
    `<section class="banner banner-${v.kind}" id="verdict" aria-label="Verdict">`,
    `<p class="banner-head">${badge(v.kind, v.word)} <span class="headline">${escapeHtml(v.headline)}</span></p>`,
    ...(why === '' ? [] : [`<p class="why">${escapeHtml(why)}</p>`]),
    stoppedLine(run.summary),
    triggerLine(run),
    headlineNumbers(run.summary),
    '</section>',
  ].filter((line) => line !== '').join('\n');
}

/** `2 recovered, 1 metastable`: how the runs ended, most common outcome first. */
function outcomeCounts(runs: readonly ReportRun[]): string {
  const counts = new Map<string, number>();
  for (const run of runs) {
    const word = runVerdict(run).word.toLowerCase();
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([word, n]) => `${n} ${word}`).join(', ');
}

/** The triggers of several runs: one line when they share them, a line per run otherwise. */
function triggerLines(runs: readonly ReportRun[]): string {
  const sentences = runs.map((r) => (r.trigger === undefined ? null : triggerSentence(r.trigger)));
  if (sentences.every((s) => s === null)) return '';
  if (sentences.every((s) => s === sentences[0])) return `<p class="trigger">${escapeHtml(triggerSentence(runs[0].trigger!, true))}</p>`;
  const items = runs.map((r, i) => `<li><strong>${escapeHtml(r.label)}</strong>: ${escapeHtml(sentences[i] ?? 'unknown')}</li>`);
  return `<ul class="trigger">\n${items.join('\n')}\n</ul>`;
}

function rankedRow(r: RankedRun, run: ReportRun): string {
  const v = runVerdict(run);
  const wasted = r.wasted === null ? '-' : `${formatPercent(r.wasted.fraction)}${Object.keys(r.summary.services).length > 1 ? ` (${r.wasted.service})` : ''}`;
  const stopped = r.summary.stopped === undefined ? '' : ' <span class="stopped">stopped early</span>';
  const cells = [
    recoveryText(r.summary), formatPercent(r.goodputRatio), formatPerSecond(r.goodputPerS), formatAmplification(r.amplification),
    r.extraAttempts.toLocaleString('en-US'), r.refusedByClients.toLocaleString('en-US'), r.rejectedOrShed.toLocaleString('en-US'), wasted,
  ];
  return `<tr class="rank-${v.kind}" data-run="${escapeHtml(r.label)}"><td class="num">${r.rank}${r.tied ? '=' : ''}</td>` +
    `<th scope="row">${escapeHtml(r.label)}</th><td>${badge(v.kind, v.word)}${stopped}</td>` +
    `${cells.map((c) => `<td class="num">${escapeHtml(c)}</td>`).join('')}</tr>`;
}

const RANKED_HEAD = ['rank', 'run', 'outcome', 'recovery', 'goodput', 'goodput/s', 'amplifi\u00ADcation', 'extra attempts', 'refused by clients', 'rejected or shed', 'wasted'];

/** The ranked table: the runs in rank order, each with its outcome and costs, and the rule under it. */
export function rankedTable(runs: readonly ReportRun[]): string {
  const ranked = rankRuns(runs);
  const head = RANKED_HEAD.map((h, i) => `<th scope="col"${i === 1 || i === 2 ? '' : ' class="num"'}>${escapeHtml(h)}</th>`).join('');
  const rows = ranked.map((r) => rankedRow(r, runs[r.index]));
  return [
    // The title stands outside the scroll frame (a caption would scroll away with a wide table on a phone).
    '<p class="table-title" id="ranking-title">Runs ranked: which came through best, and at what cost</p>',
    '<div class="table-wrap"><table class="ranking" aria-labelledby="ranking-title">',
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table></div>',
    `<p class="rule">${escapeHtml(RANKING_RULE)} Refused by clients: requests failed as circuit open, out of budget, throttled or no pool connection; rejected or shed: attempts services turned away. Extra attempts: attempts sent minus requests (at least 0), so a request refused before its first attempt offsets a retry.</p>`,
  ].join('\n');
}

/** Whether a run came back (late or not), or held without a fault: only then is the first of the ranking "best". */
function recovered(m: Summary['metastability']): boolean {
  return m.outcome === 'recovered' || m.outcome === 'recovered_late' || (m.outcome === 'no_trigger' && m.recovered);
}

/** `Best: x, recovered 4 s after …`, or, when the first ranked did not recover, that none did and which is least bad. */
function firstRunText(run: ReportRun): string {
  const what = `${run.label}, ${runVerdict(run).headline}.`;
  return recovered(run.summary.metastability) ? `Best: ${what}` : `None recovered. Ranked first: ${what}`;
}

/** The banner of a report of several runs: the best one, how they all ended, and the ranked table. */
export function comparisonBanner(runs: readonly ReportRun[]): string {
  const ranked = runs.some((r) => hasClients(r.summary));
  const first = ranked ? runs[rankRuns(runs)[0].index] : null;
  const head = `${runs.length} runs: ${outcomeCounts(runs)}.${first === null ? '' : ` ${firstRunText(first)}`}`;
  const list = runs.map((r) => {
    const v = runVerdict(r);
    return `<li>${badge(v.kind, v.word)} <strong>${escapeHtml(r.label)}</strong>: ${escapeHtml(v.headline)}</li>`;
  });
  return [
    '<section class="banner banner-compare" id="verdict" aria-label="Verdict">',
    `<p class="banner-head">${escapeHtml(head)}</p>`,
    triggerLines(runs),
    ranked ? rankedTable(runs) : `<ul class="run-verdicts">\n${list.join('\n')}\n</ul>\n<p class="rule">Not ranked: these runs have no clients, so no goodput or recovery to rank by; the propagation table below compares them.</p>`,
    '</section>',
  ].filter((line) => line !== '').join('\n');
}

/** The banner for the runs of a report: one run's, or the comparison's. */
export function verdictBanner(runs: readonly ReportRun[]): string {
  if (runs.length === 0) return '';
  return runs.length === 1 ? runBanner(runs[0]) : comparisonBanner(runs);
}
