/**
 * The metastability verdict, from goodput per window.
 *
 * - baseline: mean goodput over the windows that lie wholly between warm-up and the first fault
 *   (or the end of arrivals, without faults).
 * - recovered: after the last fault has ended, goodput comes back within `tolerance` of the
 *   baseline (|g − b| ≤ tolerance · b, averaged over `hold`, so that one noisy window neither
 *   makes nor breaks it) and stays there until arrivals stop.
 * - recovery_time_s: from the end of the last fault to the start of recovery: the earliest
 *   window from which on every `hold`-long mean stays within tolerance to the end, moved on to
 *   the first window that is itself within tolerance (if any is: noise may leave none);
 *   null when it did not recover.
 * - metastable: there was a trigger, and the system did not recover from it.
 * - limit (optional): a recovery that begins more than `limit` after the last fault ended does
 *   not count: recovered is false (and recovery_time_s null), as for a system that stayed down.
 * Only windows wholly inside [warm-up, duration) count; the drain after arrivals stop does not.
 * Faults that start at or after `duration` are not triggers. No verdict (both false, and a
 * `reason`) when there is no baseline (no window before the first fault, or zero goodput), or
 * when fewer than `hold` of whole windows follow the last fault: a recovery could not be seen.
 */
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
}

/** Why a run has no verdict; null when it has one. */
export type NoVerdictReason = 'no_baseline_window' | 'zero_baseline' | 'too_short_to_hold' | null;

export interface MetastabilityVerdict {
  baseline_goodput_per_s: number | null;
  recovered: boolean;
  recovery_time_s: number | null;
  metastable: boolean;
  no_verdict: NoVerdictReason;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Index range [first, last) of the windows wholly inside [from, to). */
function windowsWithin(from: number, to: number, window: number): [number, number] {
  const eps = 1e-9 * window;
  return [Math.ceil(from / window - eps), Math.floor(to / window + eps)];
}

const NO_VERDICT = { recovered: false, recovery_time_s: null, metastable: false } as const;

export function metastabilityVerdict(goodput: readonly number[], s: MetastabilitySettings): MetastabilityVerdict {
  const faults = s.faults.filter((f) => f.start < s.duration);
  const firstFault = faults.length > 0 ? Math.min(...faults.map((f) => f.start)) : s.duration;
  const lastFaultEnd = faults.length > 0 ? Math.max(...faults.map((f) => f.end)) : s.warmup;
  const [b0, b1] = windowsWithin(s.warmup, firstFault, s.window);
  if (b1 <= b0) return { baseline_goodput_per_s: null, ...NO_VERDICT, no_verdict: 'no_baseline_window' };
  const baseline = mean(goodput.slice(b0, b1));
  if (!(baseline > 0)) return { baseline_goodput_per_s: null, ...NO_VERDICT, no_verdict: 'zero_baseline' };

  const [r0, r1] = windowsWithin(Math.max(lastFaultEnd, s.warmup), s.duration, s.window);
  const span = Math.max(1, Math.round(s.hold / s.window));
  if (r1 - r0 < span) return { baseline_goodput_per_s: baseline, ...NO_VERDICT, no_verdict: 'too_short_to_hold' };
  const near = (g: number): boolean => Math.abs(g - baseline) <= s.tolerance * baseline + 1e-12;
  let start = -1;
  for (let i = r1 - span; i >= r0 && near(mean(goodput.slice(i, i + span))); i--) start = i;
  if (start >= 0) {
    let first = start;
    while (first < r1 && !near(goodput[first])) first++;
    if (first < r1) start = first;
  }
  const late = s.limit !== null && faults.length > 0 && start * s.window - lastFaultEnd > s.limit + 1e-9;
  const recovered = start >= 0 && !late;
  return {
    baseline_goodput_per_s: baseline,
    recovered,
    recovery_time_s: !recovered ? null : faults.length === 0 ? 0 : Math.max(0, start * s.window - lastFaultEnd),
    metastable: faults.length > 0 && !recovered,
    no_verdict: null,
  };
}
