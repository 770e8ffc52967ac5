/**
 * Distributions of a non-negative quantity (durations, in seconds), as plain data, and the
 * samplers that draw from them with a given random stream.
 */
import type { RandomStream } from './random.ts';

export type DistributionSpec =
  | { dist: 'constant'; value: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'normal'; mean: number; stddev: number }
  | { dist: 'lognormal'; median: number; p99: number }
  | { dist: 'mixture'; of: { weight: number; value: DistributionSpec }[] }
  | { dist: 'empirical'; values: number[] };

export const DISTRIBUTION_KINDS = [
  'constant', 'exponential', 'uniform', 'normal', 'lognormal', 'mixture', 'empirical',
] as const;
export type DistributionKind = (typeof DISTRIBUTION_KINDS)[number];

export interface Sampler {
  /** One draw; never negative. */
  sample(rng: RandomStream): number;
}
