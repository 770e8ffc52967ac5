/**
 * The metastability verdict in words, the same on the terminal, in report.html, in `simulate
 * check` and in comparison tables: a word for the outcome, and one sentence saying what it rests
 * on, with the numbers (src/metrics/metastability.ts says how each outcome is reached).
 */
import type { Summary } from '../metrics/summary.ts';
import { formatPerSecond } from './format.ts';
import { isTrigger } from './trigger-text.ts';

type Verdict = Summary['metastability'];

/** What the words need from the scenario beyond the summary. */
export interface VerdictContext {
  /** When the last fault before the end of arrivals ended; null without one. */
  lastFaultEnd: number | null;
  /** `metastability.hold` and `limit`, seconds (limit null: none). */
  hold: number;
  limit: number | null;
  window: number;
}

/** The context of a scenario's verdict. */
export function verdictContextOf(s: {
  duration: number; window: number; faults: readonly { at: number; for: number }[]; metastability: { hold: number; limit: number | null };
}): VerdictContext {
  const triggers = s.faults.filter((f) => isTrigger(f, s.duration));
  return {
    lastFaultEnd: triggers.length === 0 ? null : Math.max(...triggers.map((f) => f.at + f.for)),
    hold: s.metastability.hold,
    limit: s.metastability.limit,
    window: s.window,
  };
}

/** Why a run has no recovered/metastable verdict, in words. */
export const NO_VERDICT_TEXT = {
  no_baseline_window: 'no whole window between warm-up and the first fault',
  zero_baseline: 'no goodput between warm-up and the first fault',
  overloaded_before_trigger: 'the system was overloaded before the first fault',
  failing_before_trigger: 'requests were failing before the first fault',
  too_short_to_hold: 'less than `hold` between the end of the last fault (or warm-up) and the end of arrivals',
  still_recovering: 'the run ended while the system was still recovering',
};

/** One word (or two) for the outcome, for badges and table cells. */
export const OUTCOME_WORD: Record<Verdict['outcome'], string> = {
  recovered: 'recovered',
  recovered_late: 'recovered late',
  still_recovering: 'still recovering',
  metastable: 'metastable',
  no_trigger: 'no fault',
  no_verdict: 'no verdict',
};

/** The outcome as a word for a badge; without a trigger, whether goodput held. */
export function verdictBadge(m: Verdict): string {
  if (m.outcome === 'no_trigger') return m.recovered ? 'STEADY' : 'DID NOT HOLD';
  return OUTCOME_WORD[m.outcome].toUpperCase();
}

/** Good news, bad news, or neither: for colouring a badge or a map cell. */
export function verdictKind(m: Verdict): 'good' | 'bad' | 'pending' | 'none' {
  if (m.outcome === 'recovered' || (m.outcome === 'no_trigger' && m.recovered)) return 'good';
  if (m.outcome === 'still_recovering') return 'pending';
  if (m.outcome === 'no_verdict') return 'none';
  return 'bad';
}

const count = (x: number | null): string => (x === null ? '-' : Math.round(x).toLocaleString('en-US'));
const seconds = (x: number | null): string => (x === null ? '-' : `${Number(x.toPrecision(3))} s`);

/** Duration at which a run would show a recovery projected at `projected` s after the last fault, held for `hold`. */
export function suggestedDuration(m: Verdict, ctx: VerdictContext): number | null {
  if (m.projected_recovery_s === null || ctx.lastFaultEnd === null) return null;
  const end = ctx.lastFaultEnd + m.projected_recovery_s + ctx.hold;
  // A margin of a quarter, rounded up to 10 s: the projection extrapolates a drain rate.
  return Math.ceil((end + 0.25 * m.projected_recovery_s) / 10) * 10;
}

/** A rate for a sentence: `3,211/s`, `45.2/s`. */
function rate(x: number): string {
  return `${x >= 100 ? Math.round(x).toLocaleString('en-US') : Number(x.toPrecision(3)).toString()}/s`;
}

/** `api receives 3,211 attempts/s against ...`; `received` before the trigger. */
function saturationText(m: Verdict, verb = 'receives'): string {
  const s = m.saturation;
  if (s === null) return '';
  return `${s.service} ${verb} ${rate(s.arrivals_per_s).replace('/s', ' attempts/s')} against a capacity of about ${rate(s.capacity_per_s)} (utilization ${(s.utilization * 100).toFixed(0)}%)`;
}

/** `4,512 attempts at the end (10 before the fault), +2/s`. */
function workText(m: Verdict): string {
  const b = m.backlog;
  const trend = b.trend_per_s === null ? '' : `, ${b.trend_per_s >= 0 ? '+' : '−'}${rate(Math.abs(b.trend_per_s))}`;
  return `${count(b.final)} attempts at the end (${count(b.baseline)} before the fault)${trend}`;
}

function metastableText(m: Verdict): string {
  const sat = m.saturation === null ? '' : `; ${saturationText(m)}`;
  switch (m.evidence) {
    case 'backlog_growing':
      return `goodput did not come back, and the work in the system kept growing: ${workText(m)}${sat}`;
    case 'overloaded':
      return `goodput did not come back: ${saturationText(m)}, and the work in the system does not drain: ${workText(m)}`;
    case 'backlog_not_shrinking':
      return (m.backlog.trend_per_s ?? 0) < 0
        ? `goodput did not come back, and the work in the system drains too slowly to tell from a backlog that holds: ${workText(m)}`
        : `goodput did not come back, and the work in the system holds: ${workText(m)}`;
    case 'in_flight_limit':
      return `goodput did not come back, and the work in the system grew until the run stopped at its limit (--max-in-flight): ${workText(m)}${sat}`;
    default:
      return 'goodput did not come back, with no backlog left to work off and no service saturated: the callers hold themselves back (throttled, circuit open or out of budget)';
  }
}

function stillRecoveringText(m: Verdict, ctx: VerdictContext): string {
  const run = suggestedDuration(m, ctx);
  const advice = run === null ? '' : `; run to at least ${run} s (--set duration=${run}s) to see it hold`;
  if (m.evidence === 'goodput_back') {
    return `goodput came back ${seconds(m.projected_recovery_s)} after the last fault ended, too late to be seen holding for ${seconds(ctx.hold)}${advice}`;
  }
  return `goodput is not back yet, but the work in the system is draining: ${workText(m)}; at that rate goodput returns ` +
    `about ${seconds(m.projected_recovery_s)} after the last fault ended${advice}`;
}

function noVerdictText(m: Verdict, ctx: VerdictContext): string {
  const offered = m.baseline_offered_per_s;
  const share = offered !== null && offered > 0 && m.baseline_goodput_per_s !== null ? ` goodput was ${((m.baseline_goodput_per_s / offered) * 100).toFixed(0)}% of the ${rate(offered)} offered;` : '';
  // Without a fault the whole run is the baseline.
  const when = ctx.lastFaultEnd === null ? 'during the run (it has no fault)' : 'before the first fault';
  const sat = m.saturation;
  const windows = sat === null || sat.share >= 0.995 ? '' : ` in ${(sat.share * 100).toFixed(0)}% of the windows`;
  switch (m.no_verdict) {
    case 'overloaded_before_trigger':
      return `the system was overloaded ${when}: ${saturationText(m, 'received')}${windows};${share} fix the model (capacity, load) before judging a defence`;
    case 'failing_before_trigger':
      return `requests were failing ${when}:${share} no service was saturated (timeouts shorter than the work?); fix the model before judging a defence`;
    default:
      return m.no_verdict === null ? '' : NO_VERDICT_TEXT[m.no_verdict];
  }
}

/** The verdict as one sentence, after its word. */
export function verdictSentence(m: Verdict, ctx: VerdictContext): string {
  switch (m.outcome) {
    case 'recovered':
      return `goodput came back ${seconds(m.recovery_time_s)} after the last fault ended and held`;
    case 'recovered_late':
      return `goodput came back ${seconds(m.late_recovery_time_s)} after the last fault ended, later than the limit of ${seconds(ctx.limit)}`;
    case 'still_recovering':
      return stillRecoveringText(m, ctx);
    case 'metastable':
      return metastableText(m);
    case 'no_trigger':
      return `no faults; goodput ${m.recovered ? 'held' : 'did NOT hold'} within tolerance of its mean over the run`;
    case 'no_verdict':
      return noVerdictText(m, ctx);
  }
}

/**
 * The verdict as a short headline, for the banner at the top of report.html: what a reviewer
 * wants first (did it recover, how fast), before verdictSentence's evidence.
 */
export function verdictHeadline(m: Verdict, ctx?: VerdictContext): string {
  switch (m.outcome) {
    case 'recovered':
      return `recovered ${seconds(m.recovery_time_s)} after the last fault ended`;
    case 'recovered_late':
      return `recovered ${seconds(m.late_recovery_time_s)} after the last fault ended${ctx?.limit == null ? '' : `, past the limit of ${seconds(ctx.limit)}`}`;
    case 'still_recovering':
      if (m.evidence === 'goodput_back') return `still recovering: goodput came back ${seconds(m.projected_recovery_s)} after the last fault ended, too late to see it hold`;
      return m.projected_recovery_s === null
        ? 'still recovering when the run ended'
        : `still recovering when the run ended: back about ${seconds(m.projected_recovery_s)} after the last fault ended, at the rate it drains`;
    case 'metastable':
      return 'did not recover: the failure outlived its trigger';
    case 'no_trigger':
      return m.recovered ? 'no fault, and goodput held steady' : 'no fault, and goodput did not hold steady';
    case 'no_verdict':
      return m.no_verdict === null ? 'no verdict' : `no verdict: ${NO_VERDICT_TEXT[m.no_verdict].replaceAll('`', '')}`;
  }
}

/** Words of `text` in lines of at most `width` characters (a longer word stands alone). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * The verdict for the terminal: `metastability: WORD (baseline goodput X/s)`, then its sentence
 * wrapped to 100 columns and indented.
 */
export function verdictLines(m: Verdict, ctx: VerdictContext): string[] {
  const base = m.baseline_goodput_per_s === null ? '' : ` (baseline goodput ${formatPerSecond(m.baseline_goodput_per_s)})`;
  return [`metastability: ${verdictBadge(m)}${base}`, ...wrap(verdictSentence(m, ctx), 98).map((line) => `  ${line}`)];
}

/** A run that stopped before its end, in one sentence; what it covers. */
export function stoppedSentence(stopped: NonNullable<Summary['stopped']>): string {
  return `stopped early at ${seconds(stopped.at_s)} simulated: ${count(stopped.in_flight)} attempts in the system passed --max-in-flight ` +
    `${count(stopped.limit)}; the results cover the run up to there`;
}
