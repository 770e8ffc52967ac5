/**
 * Runs ranked by how well they came through their trigger, with what that cost: for the table at
 * the top of a report of several runs (the variants of a scenario, or `simulate compare`).
 *
 * The rule (RANKING_RULE says it to the reader):
 *   1. the outcome: recovered (or steady, without a fault) < recovered late < still recovering
 *      < metastable (or did not hold, without a fault) < no verdict;
 *   2. then the recovery time (the late one for a late recovery, the projected one for a run
 *      still recovering), shortest first;
 *   3. then goodput (succeeded / requested, all clients), highest first;
 *   4. then amplification (attempts per request), lowest first: the same result for less work.
 * Runs equal on all four share a rank ("2=") and keep the order they were given in.
 */
import type { Summary } from '../metrics/summary.ts';

type Verdict = Summary['metastability'];

export const RANKING_RULE =
  'Ranked by outcome (recovered, then recovered late, still recovering, metastable, no verdict), then by recovery time ' +
  '(projected, for a run still recovering), then by goodput, then by fewer attempts per request; equal on all four: same rank.';

/** The failure reasons by which a client refuses a request itself, sending nothing more. */
const REFUSED_BY_CLIENT = ['circuit_open', 'budget', 'throttled', 'pool_exhausted'] as const;

/** One run's result and cost, as the ranked table shows it. */
export interface RankedRun {
  /** 1-based; runs equal by the rule share one. */
  rank: number;
  tied: boolean;
  label: string;
  summary: Summary;
  /** Its index among the runs given. */
  index: number;
  /** All clients together; null without requests. */
  goodputRatio: number | null;
  goodputPerS: number;
  amplification: number | null;
  /**
   * Attempts sent minus requests (at least 0), all clients: retries and hedges, less the requests
   * refused before their first attempt (circuit open, budget), which the summary does not count apart.
   */
  extraAttempts: number;
  /** Requests failed by the client's own decision (circuit open, budget, throttle, pool). */
  refusedByClients: number;
  /** Attempts the services turned away: queue full (rejected) or shed. */
  rejectedOrShed: number;
  /** The highest share of a service's busy time spent on abandoned attempts, and which service. */
  wasted: { service: string; fraction: number } | null;
}

/** Position of an outcome in rule 1 (lower is better). */
export function outcomeOrder(m: Verdict): number {
  switch (m.outcome) {
    case 'recovered':
      return 0;
    case 'no_trigger':
      return m.recovered ? 0 : 3;
    case 'recovered_late':
      return 1;
    case 'still_recovering':
      return 2;
    case 'metastable':
      return 3;
    case 'no_verdict':
      return 4;
  }
}

/**
 * The time rule 2 compares; Infinity where there is none (a still-recovering run with no
 * projection, say). A steady run without a fault shares the recovered runs' place in rule 1 and
 * had nothing to recover from: 0, so that it does not rank after them for want of a time.
 */
export function rankingTime(m: Verdict): number {
  if (m.outcome === 'no_trigger' && m.recovered) return 0;
  const t = m.outcome === 'recovered_late' ? m.late_recovery_time_s : m.outcome === 'still_recovering' ? m.projected_recovery_s : m.recovery_time_s;
  return t ?? Infinity;
}

/** The highest wasted fraction among the services, the first such service on a tie. */
export function mostWasted(s: Summary): RankedRun['wasted'] {
  let worst: RankedRun['wasted'] = null;
  for (const [service, v] of Object.entries(s.services)) if (worst === null || v.wasted_fraction > worst.fraction) worst = { service, fraction: v.wasted_fraction };
  return worst;
}

/** The clients of a summary added up: what the banner and the ranked table call goodput and amplification. */
export function clientTotals(s: Summary): Pick<RankedRun, 'goodputRatio' | 'goodputPerS' | 'amplification' | 'extraAttempts' | 'refusedByClients'> {
  const clients = Object.values(s.clients);
  const sum = (f: (c: (typeof clients)[number]) => number): number => clients.reduce((a, c) => a + f(c), 0);
  const requests = sum((c) => c.requests);
  const attempts = sum((c) => c.attempts);
  return {
    goodputRatio: requests === 0 ? null : sum((c) => c.succeeded) / requests,
    goodputPerS: sum((c) => c.goodput_per_s),
    amplification: requests === 0 ? null : attempts / requests,
    extraAttempts: Math.max(0, attempts - requests),
    refusedByClients: sum((c) => REFUSED_BY_CLIENT.reduce((a, r) => a + (c.failures[r] ?? 0), 0)),
  };
}

function costs(label: string, summary: Summary, index: number): Omit<RankedRun, 'rank' | 'tied'> {
  const rejectedOrShed = Object.values(summary.services).reduce((a, v) => a + v.rejected + v.shed, 0);
  return { label, summary, index, ...clientTotals(summary), rejectedOrShed, wasted: mostWasted(summary) };
}

/** The keys of the rule, in order; equal keys mean equal rank. */
function keys(r: Omit<RankedRun, 'rank' | 'tied'>): number[] {
  const m = r.summary.metastability;
  return [outcomeOrder(m), rankingTime(m), -(r.goodputRatio ?? -1), r.amplification ?? Infinity];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/** The runs in rank order (rank 1 first); a stable sort, so equal runs keep their given order. */
export function rankRuns(runs: readonly { label: string; summary: Summary }[]): RankedRun[] {
  const sorted = runs.map((r, i) => costs(r.label, r.summary, i)).sort((a, b) => compareKeys(keys(a), keys(b)) || a.index - b.index);
  const ranked: RankedRun[] = [];
  sorted.forEach((r, i) => {
    const previous = ranked[i - 1];
    const sameAsPrevious = previous !== undefined && compareKeys(keys(previous), keys(r)) === 0;
    ranked.push({ ...r, rank: sameAsPrevious ? previous.rank : i + 1, tied: false });
  });
  // A rank is tied when another run holds it too.
  for (const r of ranked) r.tied = ranked.filter((o) => o.rank === r.rank).length > 1;
  return ranked;
}
