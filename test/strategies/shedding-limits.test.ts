/**
 * Concurrency limits (Netflix concurrency-limits): the AIMD and Gradient2 algorithms, sample by
 * sample, and the admission rule of the limiter around them.
 */
import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '../../src/strategies/shedding/concurrency-limit.ts';
import { AimdLimit, GRADIENT2_DEFAULTS, Gradient2Limit } from '../../src/strategies/shedding/limits.ts';

describe('AIMD limit', () => {
  it('follows its trajectory: +1 while at least half used, × backoff_ratio (floored) on a drop or a slow sample, within [min, max]', () => {
    const aimd = new AimdLimit({ initial: 10, min: 2, max: 12 }, 0.5, 0.1);
    const trajectory: number[] = [aimd.limit];
    const sample = (rtt: number, inFlight: number, drop = false) => {
      aimd.update(rtt, inFlight, drop);
      trajectory.push(aimd.limit);
    };
    sample(0.01, 5); //   5 × 2 >= 10: 11
    sample(0.01, 5); //   5 × 2 <  11: stays 11
    sample(0.01, 6); //   6 × 2 >= 11: 12
    sample(0.01, 12); //  13 is over max: 12
    sample(0.2, 12); //   slower than the 0.1 timeout: floor(12 × 0.5) = 6
    sample(0.01, 1, true); // a drop (failed): floor(6 × 0.5) = 3
    sample(0.01, 1, true); // floor(1.5) = 1, under min: 2
    sample(0.1, 1); //    exactly the timeout is not slower; 1 × 2 >= 2: 3
    expect(trajectory).toEqual([10, 11, 11, 12, 12, 6, 3, 2, 3]);
  });

  it('without a timeout only failures shrink it, and the initial limit is kept within [min, max]', () => {
    const aimd = new AimdLimit({ initial: 50, min: 1, max: 20 }, 0.9, null);
    expect(aimd.limit).toBe(20);
    aimd.update(100, 20, false);
    expect(aimd.limit).toBe(20);
    aimd.update(0.001, 20, true);
    expect(aimd.limit).toBe(18);
  });
});

describe('Gradient2 limit', () => {
  const { smoothing, queueSize, rttTolerance } = GRADIENT2_DEFAULTS;

  it('grows by smoothing × queueSize per sample while latency is steady and the limit is used', () => {
    const g = new Gradient2Limit({ initial: 20, min: 1, max: 1000 });
    // Steady RTT: longRtt = rtt, gradient = min(1, 1.5 × 1) = 1,
    // limit = 0.8 × L + 0.2 × (L + 4) = L + 0.8.
    let expected = 20;
    for (let i = 0; i < 10; i++) {
      g.update(0.01, 20);
      expected += smoothing * queueSize;
    }
    expect(g.limit).toBe(Math.floor(expected));
    expect(expected).toBeCloseTo(28, 12);
  });

  it('does not change while less than half the limit is in use', () => {
    const g = new Gradient2Limit({ initial: 20, min: 1, max: 1000 });
    for (let i = 0; i < 50; i++) g.update(0.01, 9);
    expect(g.limit).toBe(20);
  });

  it('shrinks when the latest RTT rises well above the long-term average, by at most half per step before smoothing', () => {
    const g = new Gradient2Limit({ initial: 100, min: 1, max: 1000 });
    for (let i = 0; i < 10; i++) g.update(0.01, 100);
    const before = g.limit;
    // RTT × 10: the long average (warm-up over, EMA factor 2/601) barely moves, so
    // gradient = max(0.5, 1.5 × long / short) = 0.5 and limit = 0.8 L + 0.2 (0.5 L + 4) = 0.9 L + 0.8.
    let expected = 100 + 10 * smoothing * queueSize;
    expect(before).toBe(Math.floor(expected));
    g.update(0.1, 200);
    expected = 0.9 * expected + smoothing * queueSize;
    expect(g.limit).toBe(Math.floor(expected));
    for (let i = 0; i < 30; i++) g.update(0.1, 200);
    expect(g.limit).toBeLessThan(before / 2);
    expect(rttTolerance).toBe(1.5);
  });

  it('stays within [min, max]', () => {
    const g = new Gradient2Limit({ initial: 100, min: 50, max: 104 });
    for (let i = 0; i < 20; i++) g.update(0.01, 100);
    expect(g.limit).toBe(104);
    for (let i = 0; i < 20; i++) g.update(0.1, 100);
    expect(g.limit).toBe(50);
  });

  it('cannot shrink below 2 × queueSize by the gradient: the allowance outweighs the halving there', () => {
    // At gradient 0.5: L' = 0.9 L + 0.2 × 4, whose fixed point is 8: from 14, RTT × 100 brings
    // the limit down towards 8 and no further, min 1 notwithstanding.
    const g = new Gradient2Limit({ initial: 6, min: 1, max: 1000 });
    for (let i = 0; i < 10; i++) g.update(0.01, 100);
    expect(g.limit).toBe(14);
    for (let i = 0; i < 100; i++) g.update(1, 100);
    expect(g.limit).toBe(8);
  });
});

describe('the concurrency limiter', () => {
  it('admits while waiting + in service is below the limit, and feeds completions to the algorithm', () => {
    const limiter = new ConcurrencyLimit(new AimdLimit({ initial: 3, min: 1, max: 10 }, 0.5, null));
    expect(limiter.admit(0, 0, 2)).toBe(true);
    expect(limiter.admit(0, 1, 2)).toBe(false);
    expect(limiter.admit(0, 2, 0)).toBe(true);
    limiter.completed(0.01, true, 3);
    expect(limiter.limit).toBe(1);
    expect(limiter.admit(0, 0, 1)).toBe(false);
    expect(limiter.admit(0, 0, 0)).toBe(true);
  });
});
