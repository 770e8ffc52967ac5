/** Each step down a ramp against the step up at the same rate, on series made by hand (windows of 1 s). */
import { describe, expect, it } from 'vitest';
import { stepOutcome } from '../../src/metrics/ramp-verdict.ts';

// The step up is windows [0, 10), the step down [20, 30): halves [20, 25) and [25, 30).
const up = { from: 0, to: 10 };
const down = { from: 20, to: 30 };
const series = (f: (t: number) => number) => Array.from({ length: 30 }, (_, t) => f(t));

/** Goodput and the work in the system by hand; the way up served everything it was offered unless told. */
function judge(goodput: (t: number) => number, backlog: (t: number) => number, offered: (t: number) => number = (t) => (t < 10 ? goodput(t) : 100)) {
  return stepOutcome({ offered: series(offered), goodput: series(goodput), backlog: series(backlog) }, up, down, 0.1, 1);
}

describe('stepOutcome', () => {
  it('allows counting noise at a low rate: 35/s against 40/s over 5 s is within three standard errors (8.5)', () => {
    expect(judge((t) => (t < 20 ? 40 : 35), () => 1)).toBe('recovered');
    expect(judge((t) => (t < 20 ? 40 : 30), () => 1)).toBe('metastable');
  });

  it('recovered when goodput is back within tolerance of the way up over the second half', () => {
    // Back from t = 24: the step mean (60) is low, but the second half is at 100.
    expect(judge((t) => (t < 20 || t >= 24 ? 100 : 0), () => 10)).toBe('recovered');
    expect(judge((t) => (t < 20 || t >= 26 ? 100 : 0), () => 10)).not.toBe('recovered');
  });

  it('still recovering when goodput is not back but the excess work drains from the first half to the second', () => {
    expect(judge((t) => (t < 20 ? 100 : 5), (t) => (t < 20 ? 10 : 2000 - 100 * (t - 20)))).toBe('still_recovering');
  });

  it('metastable when goodput stays low and the work holds or grows', () => {
    const low = (t: number) => (t < 20 ? 100 : 5);
    expect(judge(low, (t) => (t < 20 ? 10 : 1000))).toBe('metastable');
    expect(judge(low, (t) => (t < 20 ? 10 : 100 * t))).toBe('metastable');
    // No work left and still no goodput: the callers hold back.
    expect(judge(low, (t) => (t < 20 ? 10 : 0))).toBe('metastable');
  });

  it('does not judge a step the way up did not serve, one with no window on the way up, or one under two windows', () => {
    // Up: 100 offered, 50 served (overloaded): nothing to retrace, whatever happens on the way down.
    expect(judge(() => 50, () => 10, () => 100)).toBeNull();
    const s = { offered: series(() => 100), goodput: series(() => 100), backlog: series(() => 10) };
    expect(stepOutcome(s, { from: 5, to: 5 }, down, 0.1, 1)).toBeNull();
    expect(stepOutcome(s, up, { from: 20, to: 21 }, 0.1, 1)).toBeNull();
  });
});
