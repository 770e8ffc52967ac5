/**
 * Client-side adaptive throttling after a total outage of an open-loop client (Google SRE book,
 * "Handling Overload"): with no accepts in its window W, a client rejects all but about one
 * request in R = λW; accepts then grow from the few that get through. Each accept lets k more
 * through over the next window, and accepts leave the window W after they came. With A(t) the
 * accepts in the window and the send rate s = kA/W (the rejection probability leaves (kA + 1)/(R + 1)
 * of λ), A(t) = ∫_{t−W}^{t} kA(u)/W du, whose exponential solution A ∝ e^{rt} needs
 * x = rW to solve x = k(1 − e^{−x}): for k = 2, x = 1.5936, a factor e every W/1.5936. (A factor
 * e every W/k, which forgets that accepts expire, is 25% too fast.)
 *
 * Checked on scenarios/strategies/adaptive-throttle.yaml run for 1,200 s: goodput, grouped in 30 s
 * bins, fitted on a log scale while it is between 0.5/s and 200/s, over seeds 1-3.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { bundled } from '../support/bundled.ts';

/** The positive root of x = k(1 − e^{−x}), by fixed-point iteration (it converges for k > 1). */
function throttleGrowth(k: number): number {
  let x = k;
  for (let i = 0; i < 200; i++) x = k * (1 - Math.exp(-x));
  return x;
}

function eFoldingTime(goodput: readonly number[], from: number): number {
  const bins: [number, number][] = [];
  for (let t = from; t + 30 <= goodput.length; t += 30) bins.push([t + 15, goodput.slice(t, t + 30).reduce((a, b) => a + b, 0) / 30]);
  const fit = bins.filter(([, g]) => g > 0.5 && g < 200).map(([t, g]) => [t, Math.log(g)]);
  const mx = fit.reduce((a, [t]) => a + t, 0) / fit.length;
  const my = fit.reduce((a, [, y]) => a + y, 0) / fit.length;
  const slope = fit.reduce((a, [t, y]) => a + (t - mx) * (y - my), 0) / fit.reduce((a, [t]) => a + (t - mx) ** 2, 0);
  return 1 / slope;
}

describe('adaptive throttling: the way back after a lock-out', () => {
  it('x = k(1 − e^{−x}) gives 1.5936 for k = 2', () => {
    expect(throttleGrowth(2)).toBeCloseTo(1.5936, 4);
  });

  it('goodput grows a factor e every W/1.594 (75 s for a 2-minute window), within 10%, on seeds 1-3', () => {
    const predicted = 120 / throttleGrowth(2);
    for (const seed of [1, 2, 3]) {
      const result = runScenario({ ...bundled('strategies/adaptive-throttle.yaml'), duration: 1200, seed });
      const measured = eFoldingTime(result.goodput, 200);
      expect(Math.abs(measured / predicted - 1), `seed ${seed}: ${measured.toFixed(1)} s`).toBeLessThan(0.1);
    }
  });
});
