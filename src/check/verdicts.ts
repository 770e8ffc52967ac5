/**
 * The metastability outcome of a scenario over the seeds of a check, for the table, JUnit and
 * markdown: how many seeds ended each way, with the range of recovery (or projected recovery)
 * times, so that a scenario near an edge shows as such rather than as its first seed's verdict.
 */
import type { Outcome } from '../metrics/metastability.ts';
import type { Summary } from '../metrics/summary.ts';
import { OUTCOME_WORD } from '../report/verdict-text.ts';

export interface OutcomeCount {
  outcome: Outcome;
  /** For `no_verdict`: why (summary.json's no_verdict), one count per reason. */
  reason: string | null;
  seeds: number;
  /** Recovery times (late ones included) or projected recovery times of those seeds, seconds; empty for the others. */
  times: number[];
}

/** Outcomes in the order they first occur over the seeds. */
export function outcomeCounts(summaries: readonly Summary[]): OutcomeCount[] {
  const counts = new Map<string, OutcomeCount>();
  for (const s of summaries) {
    const m = s.metastability;
    const reason = m.outcome === 'no_verdict' ? m.no_verdict : null;
    const key = `${m.outcome}/${reason ?? ''}`;
    const entry = counts.get(key) ?? { outcome: m.outcome, reason, seeds: 0, times: [] };
    entry.seeds++;
    const time = m.recovery_time_s ?? m.late_recovery_time_s ?? m.projected_recovery_s;
    if (time !== null && m.outcome !== 'no_trigger') entry.times.push(time);
    counts.set(key, entry);
  }
  return [...counts.values()];
}

const secondsText = (x: number): string => `${Number(x.toPrecision(3))}`;

/** `metastable on 3/3 seeds`, `still recovering on 2/3 (projected 36-40 s), recovered on 1/3 (35 s)`. */
export function outcomesText(counts: readonly OutcomeCount[], seeds: number): string {
  return counts
    .map((c) => {
      const lo = Math.min(...c.times);
      const hi = Math.max(...c.times);
      const range = c.times.length === 0 ? '' : lo === hi ? `${secondsText(lo)} s` : `${secondsText(lo)}-${secondsText(hi)} s`;
      const times = range === '' ? '' : c.outcome === 'still_recovering' ? ` (projected ${range})` : ` (${range})`;
      const why = c.reason === null ? '' : ` (${c.reason.replaceAll('_', ' ')})`;
      return `${OUTCOME_WORD[c.outcome]}${why} on ${c.seeds}/${seeds}${seeds === 1 ? ' seed' : ' seeds'}${times}`;
    })
    .join(', ');
}
