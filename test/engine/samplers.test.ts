/**
 * Statistical checks of the samplers. The χ² tests use 20 equiprobable bins (19 degrees of
 * freedom); the critical value at α = 0.001 is 43.82, so a correct sampler fails one seed in a
 * thousand, and these seeds are fixed.
 */
import { describe, expect, it } from 'vitest';
import type { DistributionSpec } from '../../src/engine/distribution.ts';
import { RandomStream } from '../../src/engine/random.ts';
import { createSampler, distributionMean } from '../../src/engine/samplers.ts';

const N = 100_000;
const CHI2_19_DOF_ALPHA_0001 = 43.82;

function draw(spec: DistributionSpec, n = N, seed = 1): number[] {
  const s = createSampler(spec);
  const rng = new RandomStream(seed, 'sampler-test');
  return Array.from({ length: n }, () => s.sample(rng));
}

/** χ² statistic of the draws against a CDF, with 20 bins of equal probability. */
function chiSquare(xs: number[], inverseCdf: (p: number) => number): number {
  const bins = 20;
  const edges = Array.from({ length: bins - 1 }, (_, i) => inverseCdf((i + 1) / bins));
  const counts = new Array(bins).fill(0);
  for (const x of xs) {
    let b = 0;
    while (b < edges.length && x > edges[b]) b++;
    counts[b]++;
  }
  const expected = xs.length / bins;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * xs.length)];

describe('samplers', () => {
  it('exponential fits its CDF (χ² test) and has the given mean', () => {
    const xs = draw({ dist: 'exponential', mean: 0.01 });
    expect(chiSquare(xs, (p) => -0.01 * Math.log(1 - p))).toBeLessThan(CHI2_19_DOF_ALPHA_0001);
    expect(mean(xs)).toBeCloseTo(0.01, 3);
  });

  it('uniform fits its CDF (χ² test) and stays in [min, max]', () => {
    const xs = draw({ dist: 'uniform', min: 0.005, max: 0.015 });
    expect(chiSquare(xs, (p) => 0.005 + 0.01 * p)).toBeLessThan(CHI2_19_DOF_ALPHA_0001);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0.005);
    expect(Math.max(...xs)).toBeLessThan(0.015);
  });

  it('lognormal has the given median and p99 (within 2%)', () => {
    const xs = draw({ dist: 'lognormal', median: 0.01, p99: 0.08 });
    expect(Math.abs(quantile(xs, 0.5) / 0.01 - 1)).toBeLessThan(0.02);
    expect(Math.abs(quantile(xs, 0.99) / 0.08 - 1)).toBeLessThan(0.02);
  });

  it('normal is truncated at zero and keeps its mean when far from zero', () => {
    expect(mean(draw({ dist: 'normal', mean: 0.01, stddev: 0.002 }))).toBeCloseTo(0.01, 4);
    expect(Math.min(...draw({ dist: 'normal', mean: 0.001, stddev: 0.002 }))).toBeGreaterThanOrEqual(0);
  });

  it('mixture picks components by weight; empirical picks values uniformly', () => {
    const xs = draw({ dist: 'mixture', of: [{ weight: 0.9, value: { dist: 'constant', value: 1 } }, { weight: 0.1, value: { dist: 'constant', value: 2 } }] });
    expect(xs.filter((x) => x === 2).length / N).toBeCloseTo(0.1, 2);
    const ys = draw({ dist: 'empirical', values: [1, 2, 4] });
    for (const v of [1, 2, 4]) expect(ys.filter((y) => y === v).length / N).toBeCloseTo(1 / 3, 2);
  });

  it('constant is constant', () => {
    expect(new Set(draw({ dist: 'constant', value: 0.25 }, 100))).toEqual(new Set([0.25]));
  });

  it('distributionMean is the mean the samplers draw (within 1% over 100,000 draws)', () => {
    const specs: DistributionSpec[] = [
      { dist: 'constant', value: 0.01 },
      { dist: 'exponential', mean: 0.01 },
      { dist: 'uniform', min: 0.005, max: 0.015 },
      { dist: 'normal', mean: 0.01, stddev: 0.002 },
      { dist: 'normal', mean: 0.002, stddev: 0.01 }, // mostly truncated: the mean moves well above μ
      { dist: 'lognormal', median: 0.01, p99: 0.08 },
      { dist: 'mixture', of: [{ weight: 3, value: { dist: 'constant', value: 0.01 } }, { weight: 1, value: { dist: 'exponential', mean: 0.1 } }] },
      { dist: 'empirical', values: [0.001, 0.002, 0.04] },
    ];
    for (const spec of specs) expect(mean(draw(spec)) / distributionMean(spec)).toBeCloseTo(1, 1.7);
  });
});

