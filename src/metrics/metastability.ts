/**
 * The metastability verdict: did the system recover from its trigger, is it still recovering
 * when the run ends, or does the bad state sustain itself (metastable)?
 *
 *   baseline windows (warm-up → first fault) ─ healthy? ─▶ goodput after the last fault
 *     ─ back within tolerance and held? ─▶ recovered (or recovered late, past `limit`)
 *     ─ otherwise, the work in the system at the end ─▶ still recovering (it drains, or goodput
 *       came back too late to hold) | metastable (it grows, holds, or nothing holds goodput up)
 *
 * - baseline: mean goodput over the windows that lie wholly between warm-up and the first fault
 *   (or the end of arrivals, without faults). No verdict when there is none, when it is zero, or
 *   when the system was not healthy there (verdict-evidence.ts, baselineHealth): a verdict on
 *   recovering to an overloaded state would judge the model, not the policy.
 * - recovered: after the last fault has ended, goodput comes back within `tolerance` of the
 *   baseline (|g − b| ≤ tolerance · b, averaged over `hold`, so that one noisy window neither
 *   makes nor breaks it) and stays there until arrivals stop. The baseline follows the demand:
 *   when open-loop clients send more or less than before the trigger (a rate schedule), it is
 *   scaled by their offered load against theirs in the baseline (closed-loop clients count at
 *   their baseline rate: their requests slow down with the system, so theirs are no yardstick). recovery_time_s runs from the end
 *   of the last fault to the start of recovery: the earliest window from which every `hold`-long
 *   mean stays within tolerance to the end, moved on to the first window that is itself within
 *   tolerance (if any is: noise may leave none).
 * - limit (optional): a recovery that begins more than `limit` after the last fault ended does
 *   not count as recovered; it is reported as recovered late, with its time in
 *   late_recovery_time_s, and is not metastable: it did end.
 * - still recovering: goodput is not back, but the excess work in the system shrank by at least
 *   SHRINK of itself between the last two blocks of the run (the projection extrapolates that
 *   drain), or goodput came back within tolerance for the last windows but less than `hold`.
 * - metastable: there was a trigger and none of the above: the work in the system grows, holds
 *   above its level before the trigger, or (with no excess work and services that have room)
 *   the callers hold themselves back.
 * Only windows wholly inside [warm-up, duration) count; the drain after arrivals stop does not.
 * Faults that start at or after `duration` are not triggers. Without faults there is nothing to
 * recover from: `recovered` says whether goodput held steady over the last `hold`.
 */
import {
  backlogTrend, baselineHealth, hasExcess, isGrowing, isShrinking, meanOf, saturatedService, secondsToDrain,
  type BacklogTrend, type Saturation, type VerdictSeries,
} from './verdict-evidence.ts';

export interface MetastabilitySettings {
  window: number;
  warmup: number;
  duration: number;
  tolerance: number;
  hold: number;
  /** A recovery that begins later than this after the last fault does not count (null: no limit). */
  limit: number | null;
  /** [start, end) of each fault, in seconds. */
  faults: readonly { start: number; end: number }[];
  /**
   * When the run stopped early because the work in the system passed its limit (RunOptions.
   * maxInFlight); null when it ran to its end. The verdict then reads the run up to there, and a
   * run that was healthy before its trigger is metastable on that evidence: its backlog grew
   * past the limit (evidence `in_flight_limit`).
   */
  stoppedAt?: number | null;
}

export const OUTCOMES = ['recovered', 'recovered_late', 'still_recovering', 'metastable', 'no_trigger', 'no_verdict'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Why a run has no recovered/metastable verdict; null when it has one. */
export type NoVerdictReason =
  | 'no_baseline_window'
  | 'zero_baseline'
  | 'overloaded_before_trigger'
  | 'failing_before_trigger'
  | 'too_short_to_hold'
  | 'still_recovering'
  | null;

/** What the outcome rests on, when goodput did not come back (null otherwise). */
export type Evidence =
  | 'backlog_shrinking'
  | 'goodput_back'
  | 'backlog_growing'
  | 'overloaded'
  | 'backlog_not_shrinking'
  | 'held_back'
  | 'in_flight_limit'
  | null;

export interface MetastabilityVerdict {
  baseline_goodput_per_s: number | null;
  recovered: boolean;
  recovery_time_s: number | null;
  metastable: boolean;
  no_verdict: NoVerdictReason;
  outcome: Outcome;
  still_recovering: boolean;
  /** Still recovering: the projected recovery time, from the end of the last fault, as recovery_time_s counts it. */
  projected_recovery_s: number | null;
  /** Recovered later than `limit`: when (recovered is false then). */
  late_recovery_time_s: number | null;
  /** Requests started per second over the baseline windows, all clients together. */
  baseline_offered_per_s: number | null;
  evidence: Evidence;
  /**
   * The most loaded service that received at least its estimated capacity with its workers busy:
   * before the trigger (overloaded_before_trigger), or over the last block of a metastable run.
   */
  saturation: Saturation | null;
  /** The work in the system: before the trigger, over the last block of the run, and its trend from the block before. */
  backlog: { baseline: number | null; final: number | null; trend_per_s: number | null };
}

/** Index range [first, last) of the windows wholly inside [from, to). */
function windowsWithin(from: number, to: number, window: number): [number, number] {
  const eps = 1e-9 * window;
  return [Math.ceil(from / window - eps), Math.floor(to / window + eps)];
}

const NO_BACKLOG = { baseline: null, final: null, trend_per_s: null };

function verdict(base: number | null, fields: Partial<MetastabilityVerdict> & Pick<MetastabilityVerdict, 'outcome'>): MetastabilityVerdict {
  return {
    baseline_goodput_per_s: base,
    recovered: false,
    recovery_time_s: null,
    metastable: false,
    no_verdict: null,
    still_recovering: false,
    projected_recovery_s: null,
    late_recovery_time_s: null,
    baseline_offered_per_s: null,
    evidence: null,
    saturation: null,
    backlog: NO_BACKLOG,
    ...fields,
  };
}

function noVerdict(base: number | null, reason: NoVerdictReason, extra: Partial<MetastabilityVerdict> = {}): MetastabilityVerdict {
  return verdict(base, { outcome: 'no_verdict', no_verdict: reason, ...extra });
}

/** Is goodput over windows [from, to) back within tolerance of the baseline, at the demand of those windows? */
type Near = (from: number, to: number) => boolean;

/**
 * The recovery test against a baseline that follows the demand: the baseline goodput times the
 * demand of the windows over the demand of the baseline windows, where the demand is the open
 * clients' offered load plus the closed clients' at its baseline level. With constant demand it
 * is the baseline itself, up to the noise of arrivals (which goodput shares).
 */
function nearBaseline(series: VerdictSeries, baseline: number, b0: number, b1: number, tolerance: number): Near {
  const openBase = meanOf(series.openOffered, b0, b1);
  const closedBase = meanOf(series.offered, b0, b1) - openBase;
  const demandBase = openBase + closedBase;
  return (from, to) => {
    const expected = demandBase > 0 && openBase > 0 ? (baseline * (meanOf(series.openOffered, from, to) + closedBase)) / demandBase : baseline;
    return Math.abs(meanOf(series.goodput, from, to) - expected) <= tolerance * expected + 1e-12;
  };
}

/** The first window of a recovery that holds to the end of [r0, r1), or -1 (see the recovery rule above). */
function recoveryStart(r0: number, r1: number, span: number, near: Near): number {
  let start = -1;
  for (let i = r1 - span; i >= r0 && near(i, i + span); i--) start = i;
  if (start < 0) return start;
  let first = start;
  while (first < r1 && !near(first, first + 1)) first++;
  return first < r1 ? first : start;
}

/** Where the run's judged time ends: at `duration`, or where it stopped early. */
function runEnd(s: MetastabilitySettings): number {
  return Math.min(s.duration, s.stoppedAt ?? Infinity);
}

/** Faults that start before the end of arrivals (or the early stop): the triggers. */
function triggers(s: MetastabilitySettings): readonly { start: number; end: number }[] {
  return s.faults.filter((f) => f.start < runEnd(s));
}

/** The baseline windows [first, last): wholly between warm-up and the first trigger (or the end of arrivals). */
export function baselineWindows(s: MetastabilitySettings): [number, number] {
  const faults = triggers(s);
  const firstFault = faults.length > 0 ? Math.min(...faults.map((f) => f.start)) : runEnd(s);
  return windowsWithin(s.warmup, firstFault, s.window);
}

export function metastabilityVerdict(series: VerdictSeries, s: MetastabilitySettings): MetastabilityVerdict {
  const { goodput, backlog } = series;
  const faults = triggers(s);
  const lastFaultEnd = faults.length > 0 ? Math.max(...faults.map((f) => f.end)) : s.warmup;
  const [b0, b1] = baselineWindows(s);
  if (b1 <= b0) return noVerdict(null, 'no_baseline_window');
  const offered = meanOf(series.offered, b0, b1);
  const baseline = meanOf(goodput, b0, b1);
  // Health first: an overloaded model with no goodput at all is better named overloaded.
  const unhealthy = baselineHealth(series, b0, b1, s.tolerance);
  if (unhealthy !== null) return noVerdict(baseline, unhealthy.reason, { baseline_offered_per_s: offered, saturation: unhealthy.saturation });
  if (!(baseline > 0)) return noVerdict(null, 'zero_baseline', { baseline_offered_per_s: offered });

  const end = runEnd(s);
  const [r0, r1] = windowsWithin(Math.max(lastFaultEnd, s.warmup), end, s.window);
  const span = Math.max(1, Math.round(s.hold / s.window));
  if (s.stoppedAt != null && faults.length > 0) return grewPastLimit(series, s, baseline, offered, b0, b1);
  if (r1 - r0 < span) return noVerdict(baseline, 'too_short_to_hold');
  const trend = backlogTrend(backlog, meanOf(backlog, b0, b1), r0, r1, span, s.window);
  const backlogFields = trend === null ? NO_BACKLOG : { baseline: trend.baseline, final: trend.final, trend_per_s: trend.perSecond };
  const common = { baseline_offered_per_s: offered, backlog: backlogFields };
  const near = nearBaseline(series, baseline, b0, b1, s.tolerance);
  const start = recoveryStart(r0, r1, span, near);

  if (faults.length === 0) {
    return verdict(baseline, { outcome: 'no_trigger', recovered: start >= 0, recovery_time_s: start >= 0 ? 0 : null, ...common });
  }
  if (start >= 0) {
    const time = Math.max(0, start * s.window - lastFaultEnd);
    if (s.limit !== null && start * s.window - lastFaultEnd > s.limit + 1e-9) {
      return verdict(baseline, { outcome: 'recovered_late', late_recovery_time_s: time, ...common });
    }
    return verdict(baseline, { outcome: 'recovered', recovered: true, recovery_time_s: time, ...common });
  }
  return notRecovered(series, s, { baseline, r0, r1, span, lastFaultEnd, trend, near, common });
}

interface AfterTheFault {
  baseline: number;
  r0: number;
  r1: number;
  span: number;
  lastFaultEnd: number;
  trend: BacklogTrend | null;
  near: Near;
  common: Pick<MetastabilityVerdict, 'baseline_offered_per_s' | 'backlog'>;
}

/** Goodput did not come back and hold: still recovering, or metastable, and on what evidence. */
function notRecovered(series: VerdictSeries, s: MetastabilitySettings, a: AfterTheFault): MetastabilityVerdict {
  const { trend, r1 } = a;
  const stillRecovering = (evidence: Evidence, projected: number): MetastabilityVerdict =>
    verdict(a.baseline, {
      outcome: 'still_recovering', no_verdict: 'still_recovering', still_recovering: true, evidence,
      projected_recovery_s: Math.max(0, projected), ...a.common,
    });

  // Goodput is back for the last windows, but for less than `hold`: it came back too late to be seen holding.
  let back = 0;
  while (back < r1 - a.r0 && a.near(r1 - 1 - back, r1 - back)) back++;
  if (back >= Math.max(2, Math.ceil(a.span / 2))) return stillRecovering('goodput_back', (r1 - back) * s.window - a.lastFaultEnd);

  if (trend !== null && isShrinking(trend)) {
    const end = r1 * s.window;
    return stillRecovering('backlog_shrinking', end - a.lastFaultEnd + secondsToDrain(trend, s.window));
  }

  const from = trend === null ? a.r0 : r1 - trend.block;
  const saturation = saturatedService(series.services, from, r1, 0.5);
  let evidence: Evidence;
  if (trend !== null && isGrowing(trend)) evidence = 'backlog_growing';
  else if (saturation !== null) evidence = 'overloaded';
  else if (trend !== null && hasExcess(trend.final, trend.baseline)) evidence = 'backlog_not_shrinking';
  else evidence = 'held_back';
  return verdict(a.baseline, {
    outcome: 'metastable', metastable: true, evidence, saturation, ...a.common,
  });
}

/**
 * The run stopped early because the work in the system passed its limit, after its trigger, from
 * a healthy baseline: a backlog that only grew is the evidence. Read over the last windows it ran.
 */
function grewPastLimit(series: VerdictSeries, s: MetastabilitySettings, baseline: number, offered: number, b0: number, b1: number): MetastabilityVerdict {
  const [, last] = windowsWithin(s.warmup, runEnd(s), s.window);
  const span = Math.max(1, Math.round(s.hold / s.window));
  const trend = backlogTrend(series.backlog, meanOf(series.backlog, b0, b1), Math.max(b1, last - 4 * span), last, span, s.window);
  return verdict(baseline, {
    outcome: 'metastable', metastable: true, evidence: 'in_flight_limit', baseline_offered_per_s: offered,
    saturation: saturatedService(series.services, Math.max(b1, last - span), last, 0.5),
    backlog: trend === null ? NO_BACKLOG : { baseline: trend.baseline, final: trend.final, trend_per_s: trend.perSecond },
  });
}
