/**
 * Backoff and jitter against the formulas of the AWS Architecture Blog, "Exponential Backoff
 * And Jitter". The jittered kinds are uniform on an interval given by the formula; each is
 * checked with a χ² test on 20 equiprobable bins (19 degrees of freedom, critical value 43.82 at
 * α = 0.001) over 50,000 draws, on a fixed seed.
 */
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/engine/random.ts';
import { createBackoff, ExponentialBackoff } from '../../src/strategies/backoff.ts';
import type { JitterKind } from '../../src/strategies/config.ts';

const CHI2_19_DOF_ALPHA_0001 = 43.82;
const N = 50_000;

function chiSquareUniform(xs: number[], lo: number, hi: number): number {
  const bins = new Array(20).fill(0);
  for (const x of xs) bins[Math.min(19, Math.floor(((x - lo) / (hi - lo)) * 20))]++;
  const expected = xs.length / 20;
  return bins.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

function draws(jitter: JitterKind, retry: number, previous = 0, cap = 10): number[] {
  const b = new ExponentialBackoff(0.01, 2, cap, jitter);
  const rng = new RandomStream(1, `backoff-${jitter}`);
  return Array.from({ length: N }, () => b.delay(retry, previous, rng));
}

describe('exponential backoff', () => {
  it('without jitter: base · multiplier^(retry − 1), capped', () => {
    const b = new ExponentialBackoff(0.01, 2, 0.05, 'none');
    const rng = new RandomStream(1, 'x');
    expect([1, 2, 3, 4, 5].map((n) => b.delay(n, 0, rng))).toEqual([0.01, 0.02, 0.04, 0.05, 0.05]);
    expect(createBackoff({ kind: 'exponential', base: 0.1, multiplier: 3, cap: null, jitter: 'none' }).delay(3, 0, rng)).toBeCloseTo(0.9, 12);
  });

  it('full jitter is uniform on [0, min(cap, base · 2^(n−1))] (χ² test)', () => {
    const xs = draws('full', 4); // ceiling 0.08
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(0.08);
    expect(chiSquareUniform(xs, 0, 0.08)).toBeLessThan(CHI2_19_DOF_ALPHA_0001);
  });

  it('equal jitter is uniform on [ceiling / 2, ceiling] (χ² test)', () => {
    const xs = draws('equal', 4);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0.04);
    expect(chiSquareUniform(xs, 0.04, 0.08)).toBeLessThan(CHI2_19_DOF_ALPHA_0001);
  });

  it('decorrelated jitter is uniform on [base, previous · 3], capped (χ² test)', () => {
    const xs = draws('decorrelated', 3, 0.05); // [0.01, 0.15)
    expect(chiSquareUniform(xs, 0.01, 0.15)).toBeLessThan(CHI2_19_DOF_ALPHA_0001);
    const first = draws('decorrelated', 1, 0); // previous starts at base: [0.01, 0.03)
    expect(chiSquareUniform(first, 0.01, 0.03)).toBeLessThan(CHI2_19_DOF_ALPHA_0001);
    expect(Math.max(...draws('decorrelated', 5, 1, 0.2))).toBeLessThanOrEqual(0.2);
  });

  it('a wrong formula fails the test: full jitter is not uniform on [ceiling / 2, ceiling]', () => {
    expect(chiSquareUniform(draws('full', 4).filter((x) => x >= 0.04), 0.04, 0.08)).toBeLessThan(CHI2_19_DOF_ALPHA_0001);
    expect(chiSquareUniform(draws('full', 4).map((x) => Math.min(x, 0.0799)), 0.04, 0.08)).toBeGreaterThan(CHI2_19_DOF_ALPHA_0001);
  });

  it('none and constant kinds', () => {
    const rng = new RandomStream(1, 'y');
    expect(createBackoff({ kind: 'none' }).delay(3, 0, rng)).toBe(0);
    expect(createBackoff({ kind: 'constant', delay: 0.25 }).delay(3, 0, rng)).toBe(0.25);
  });
});
