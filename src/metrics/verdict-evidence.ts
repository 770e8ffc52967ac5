/**
 * What the metastability verdict reads besides goodput: whether the system was healthy before
 * its trigger, and, when goodput has not come back, whether the work in the system is draining
 * (the system is still recovering) or not (the bad state sustains itself).
 *
 * The distinction is the one Bronson et al. ("Metastable Failures in Distributed Systems",
 * HotOS'21) and Huang et al. ("Metastable Failures in the Wild", OSDI'22) draw: a metastable
 * failure is sustained by the system itself after the trigger is gone; a system that is still
 * working off a backlog when the observation ends is recovering. So the test looks at the work in
 * the system (attempts queued or in service at every service, and retries waiting out a backoff),
 * not at goodput alone.
 */

/** One service's load, per window. */
export interface ServiceLoadSeries {
  name: string;
  /** Estimated attempts per second its workers can serve (model/capacity.ts); Infinity: unbounded. */
  capacity: number;
  /** Attempts arriving per second. */
  arrivals: readonly number[];
  /** Busy share of its workers. */
  utilization: readonly number[];
}

/** Per-window series of a run, all clients or all services together. */
export interface VerdictSeries {
  goodput: readonly number[];
  /** Requests started per second. */
  offered: readonly number[];
  /**
   * Requests started per second by open-loop clients alone: the load the world sends whatever
   * the system does (a rate schedule may change it after the fault). A closed-loop client's
   * requests slow down with the system, so theirs is no yardstick of demand.
   */
  openOffered: readonly number[];
  /** Time-average work in the system. */
  backlog: readonly number[];
  services: readonly ServiceLoadSeries[];
}

/** A service whose workers were at or past their capacity. */
export interface Saturation {
  service: string;
  /** Mean attempts arriving per second over the windows in which it was saturated. */
  arrivals_per_s: number;
  /** Its estimated capacity (model/capacity.ts). */
  capacity_per_s: number;
  /** Mean busy share of its workers over those windows. */
  utilization: number;
  /** The share of the windows looked at in which it was saturated. */
  share: number;
}

/** A window in which a service received at least its estimated capacity with its workers this busy is saturated. */
export const SATURATED_UTILIZATION = 0.95;

/**
 * The share of the excess backlog (above its level before the trigger) that must drain between
 * the two blocks at the end of the run for the system to count as still recovering; as much
 * growth counts as growing. At 5% a drain shows when, at its rate, the excess would be gone
 * within about twenty blocks. Measured on the bundled scenarios: the token bucket's backlogs
 * after a 10-30 s slowdown at 800-900/s, cut off at 120 s, all read as draining, and their
 * projections (35-138 s) land near the recoveries longer runs show (35-122 s); at 10% the
 * slowest of them (900/s after 30 s, back 110-122 s after the fault) read as metastable. A backlog
 * that wanders by more than that between blocks can read as draining: the concurrency budget's
 * storm, which drains at a few attempts a second under noise of hundreds (it recovers 700-2,300 s
 * after the fault), reads as still recovering on 9 seeds of 20 in 300 s runs.
 */
export const SHRINK = 0.05;

export function meanOf(values: readonly number[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i] ?? 0;
  return to > from ? sum / (to - from) : Number.NaN;
}

/**
 * The service saturated in the largest share of the windows [from, to) (ties: the more loaded),
 * with its load over those windows; null if no service was saturated in at least `minShare` of them.
 */
export function saturatedService(services: readonly ServiceLoadSeries[], from: number, to: number, minShare: number): Saturation | null {
  let worst: Saturation | null = null;
  for (const s of services) {
    let windows = 0;
    let arrivals = 0;
    let utilization = 0;
    for (let i = from; i < to; i++) {
      const a = s.arrivals[i] ?? 0;
      const u = s.utilization[i] ?? 0;
      if (!(a >= s.capacity) || u < SATURATED_UTILIZATION) continue;
      windows++;
      arrivals += a;
      utilization += u;
    }
    const share = windows / (to - from);
    if (windows === 0 || share < minShare) continue;
    const candidate = { service: s.name, arrivals_per_s: arrivals / windows, capacity_per_s: s.capacity, utilization: utilization / windows, share };
    const load = (x: Saturation) => x.arrivals_per_s / x.capacity_per_s;
    if (worst === null || share > worst.share || (share === worst.share && load(candidate) > load(worst))) worst = candidate;
  }
  return worst;
}

export type UnhealthyReason = 'overloaded_before_trigger' | 'failing_before_trigger';

/**
 * Whether the baseline windows [from, to) were a healthy state to recover to. Not healthy:
 * goodput well below the offered load (by more than `tolerance`), or a service saturated in at
 * least half of them (its queue can only grow, even while long timeouts keep goodput up).
 * Overloaded when a service was saturated (when goodput fell short: in any of the windows, as
 * when the storm began before the trigger or a rate schedule went past capacity); failing when
 * requests failed with no service saturated (timeouts shorter than the work, say).
 */
export function baselineHealth(
  series: VerdictSeries, from: number, to: number, tolerance: number,
): { reason: UnhealthyReason; saturation: Saturation | null } | null {
  const offered = meanOf(series.offered, from, to);
  const goodput = meanOf(series.goodput, from, to);
  if (goodput < (1 - tolerance) * offered) {
    const saturation = saturatedService(series.services, from, to, 0);
    return { reason: saturation === null ? 'failing_before_trigger' : 'overloaded_before_trigger', saturation };
  }
  const saturation = saturatedService(series.services, from, to, 0.5);
  return saturation === null ? null : { reason: 'overloaded_before_trigger', saturation };
}

/** The work in the system at the end of the run, in two adjacent blocks of whole windows. */
export interface BacklogTrend {
  /** Mean over the baseline windows. */
  baseline: number;
  /** Mean over the block before the last. */
  previous: number;
  /** Mean over the last block. */
  final: number;
  /** Windows per block. */
  block: number;
  /** (final − previous) per second. */
  perSecond: number;
}

/**
 * The last two blocks of the windows [r0, r1) after the last fault: each a quarter of that span,
 * but at least `span` windows (the hold) when there is room for two, so that a backlog that
 * wanders is averaged over a stretch as long as the recovery check's.
 */
export function backlogTrend(backlog: readonly number[], baseline: number, r0: number, r1: number, span: number, window: number): BacklogTrend | null {
  const after = r1 - r0;
  if (after < 2) return null;
  const block = Math.min(Math.floor(after / 2), Math.max(span, Math.ceil(after / 4)));
  const previous = meanOf(backlog, r1 - 2 * block, r1 - block);
  const final = meanOf(backlog, r1 - block, r1);
  return { baseline, previous, final, block, perSecond: (final - previous) / (block * window) };
}

/** More than double the level before the trigger (and at least one attempt): a backlog to work off. */
export function hasExcess(level: number, baseline: number): boolean {
  return level - baseline > Math.max(1, baseline);
}

/**
 * The excess fell by at least SHRINK of itself from one block to the next, and some is left to
 * drain. (A backlog already gone while goodput stays away is not a drain in progress: something
 * else holds goodput down.)
 */
export function isShrinking(t: Pick<BacklogTrend, 'baseline' | 'previous' | 'final'>): boolean {
  return hasExcess(t.final, t.baseline) && t.final < t.previous - SHRINK * (t.previous - t.baseline);
}

/** The backlog grew by at least SHRINK of the excess it had (growth from nothing counts once it is an excess). */
export function isGrowing(t: Pick<BacklogTrend, 'baseline' | 'previous' | 'final'>): boolean {
  return hasExcess(t.final, t.baseline) && t.final - t.previous > SHRINK * Math.max(t.previous - t.baseline, 1);
}

/**
 * Seconds until the excess is gone at the drain rate of the last two blocks, counted from the
 * end of the last block (its mean stands for its middle, half a block earlier).
 */
export function secondsToDrain(t: BacklogTrend, window: number): number {
  const rate = -t.perSecond;
  const excessAtEnd = t.final - t.baseline - (rate * t.block * window) / 2;
  return Math.max(0, excessAtEnd) / rate;
}
