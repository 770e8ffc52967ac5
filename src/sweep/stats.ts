/**
 * Aggregates over the seeds of a point: a mean with a 95% confidence interval, and a share with
 * a Wilson score interval. Numbers are rounded to 6 significant digits, like summary.json.
 */
import { round } from '../metrics/summary.ts';

export interface MeanInterval {
  /** Seeds with a value (a null, such as a recovery time that never came, is left out). */
  n: number;
  mean: number | null;
  /** Null with fewer than 2 values: one value says nothing about the spread. */
  ci_low: number | null;
  ci_high: number | null;
}

export interface ShareInterval {
  /** Seeds counted. */
  n: number;
  share: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

/**
 * The 0.975 quantile of Student's t for 1..30 degrees of freedom (two-sided 95%), as in any
 * table (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2, https://www.itl.nist.gov/div898/handbook/eda/section3/eda3672.htm).
 */
const T_975 = [
  12.7062, 4.30265, 3.18245, 2.77645, 2.57058, 2.44691, 2.36462, 2.306, 2.26216, 2.22814,
  2.20099, 2.17881, 2.16037, 2.14479, 2.13145, 2.11991, 2.10982, 2.10092, 2.09302, 2.08596,
  2.07961, 2.07387, 2.06866, 2.0639, 2.05954, 2.05553, 2.05183, 2.04841, 2.04523, 2.04227,
];

/** z for a two-sided 95% interval: the 0.975 quantile of the standard normal. */
const Z_975 = 1.959963984540054;

/**
 * Student's t 0.975 quantile. Past the table, the Cornish-Fisher expansion in 1/df (Abramowitz
 * and Stegun 26.7.5), which is within 1e-5 of the exact value from df = 30 on.
 */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a whole number >= 1, got ${df}`);
  if (df <= T_975.length) return T_975[df - 1];
  const z = Z_975;
  const [z3, z5, z7] = [z ** 3, z ** 5, z ** 7];
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

/** Mean ± t(0.975, n − 1) · s / √n over the values that are not null. */
export function meanInterval(values: readonly (number | null)[]): MeanInterval {
  const xs = values.filter((v): v is number => v !== null);
  const n = xs.length;
  if (n === 0) return { n, mean: null, ci_low: null, ci_high: null };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean: round(mean), ci_low: null, ci_high: null };
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const half = (tQuantile975(n - 1) * Math.sqrt(variance)) / Math.sqrt(n);
  return { n, mean: round(mean), ci_low: round(mean - half), ci_high: round(mean + half) };
}

/**
 * The share of `hits` among `n`, with the Wilson score interval, which stays inside [0, 1] and
 * means something at 0 or n hits where the normal approximation does not (Wilson 1927;
 * https://en.wikipedia.org/wiki/Binomial_proportion_confidence_interval#Wilson_score_interval).
 */
export function wilsonInterval(hits: number, n: number): ShareInterval {
  if (n === 0) return { n, share: null, ci_low: null, ci_high: null };
  const p = hits / n;
  const z2 = Z_975 ** 2;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z_975 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { n, share: round(p), ci_low: round(Math.max(0, centre - half)), ci_high: round(Math.min(1, centre + half)) };
}
