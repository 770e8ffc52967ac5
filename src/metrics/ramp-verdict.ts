/**
 * The outcome at each step on the way down a load ramp (a rate schedule that rises past capacity
 * and comes back down; scenarios/hysteresis-ramp.yaml). A metastable system does not retrace the
 * way up: at a load it served in full on the way up, its goodput stays low (Bronson et al.,
 * HotOS'21, figure 1). Each step down is judged against the step up at the same rate, with the
 * rules of the run's verdict (verdict-evidence.ts), on the step's two halves: goodput back within
 * tolerance of the way up's over the second half is recovered (it may take the first half to get
 * there); otherwise the work in the system tells still recovering (its excess over the way up's
 * level drains from the first half to the second) from metastable (it does not).
 *
 * A step is short, and at a low rate the count of successes in a few windows is noisy: 40/s over
 * 5 s is 200 ± 14 (Poisson), 7%. So "within tolerance" also allows three standard errors of that
 * count, √(goodput / seconds) each, lest a step that retraced the way up be called metastable.
 *
 * Not judged (null): a step the way up did not serve (goodput below (1 − tolerance) of its
 * offered load: there is nothing to retrace), one with no whole window on the way up (inside
 * warm-up), and one shorter than two windows.
 */
import { isShrinking, meanOf } from './verdict-evidence.ts';

export type StepOutcome = 'recovered' | 'still_recovering' | 'metastable';

/** One step: the indices [from, to) of its whole windows. */
export interface StepWindows {
  from: number;
  to: number;
}

/** Per window, all of the ramp's client: requests started and succeeded per second, and the work in the system. */
export interface StepSeries {
  offered: readonly number[];
  goodput: readonly number[];
  backlog: readonly number[];
}

/** `up` the step at the same rate on the way up, `down` the step judged. */
export function stepOutcome(series: StepSeries, up: StepWindows, down: StepWindows, tolerance: number, window: number): StepOutcome | null {
  const { goodput, backlog } = series;
  const half = Math.floor((down.to - down.from) / 2);
  if (half < 1 || up.to <= up.from) return null;
  const before = meanOf(goodput, up.from, up.to);
  if (!(before >= (1 - tolerance) * meanOf(series.offered, up.from, up.to)) || !(before > 0)) return null;
  const now = meanOf(goodput, down.to - half, down.to);
  const allowed = Math.max(tolerance * before, 3 * Math.sqrt(before / (half * window)));
  if (Math.abs(now - before) <= allowed + 1e-12) return 'recovered';
  const halves = {
    baseline: meanOf(backlog, up.from, up.to),
    previous: meanOf(backlog, down.to - 2 * half, down.to - half),
    final: meanOf(backlog, down.to - half, down.to),
  };
  return isShrinking(halves) ? 'still_recovering' : 'metastable';
}
