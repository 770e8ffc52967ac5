/** Samplers for each DistributionSpec. Each draw uses only the stream it is given. */
import type { DistributionSpec, Sampler } from './distribution.ts';
import type { RandomStream } from './random.ts';

/** Φ⁻¹(0.99): a lognormal's p99 sits this many sigmas above its median. */
export const Z_99 = 2.3263478740408408;

class Constant implements Sampler {
  constructor(private readonly value: number) {}
  sample(): number {
    return this.value;
  }
}

/** Inverse transform: -mean · ln(1 − U), with U in [0, 1) so the log is finite. */
class Exponential implements Sampler {
  constructor(private readonly mean: number) {}
  sample(rng: RandomStream): number {
    return -this.mean * Math.log(1 - rng.next());
  }
}

class Uniform implements Sampler {
  constructor(private readonly min: number, private readonly max: number) {}
  sample(rng: RandomStream): number {
    return this.min + (this.max - this.min) * rng.next();
  }
}

/** Box–Muller; one value per pair of uniforms, so a draw never depends on an earlier one. */
function standardNormal(rng: RandomStream): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Truncated at zero by rejection: a negative draw is drawn again (the validator requires mean > 0). */
class Normal implements Sampler {
  constructor(private readonly mean: number, private readonly stddev: number) {}
  sample(rng: RandomStream): number {
    for (;;) {
      const x = this.mean + this.stddev * standardNormal(rng);
      if (x >= 0) return x;
    }
  }
}

/** Parameterised by median and p99: μ = ln(median), σ = (ln p99 − μ) / Φ⁻¹(0.99). */
class LogNormal implements Sampler {
  private readonly mu: number;
  private readonly sigma: number;
  constructor(median: number, p99: number) {
    this.mu = Math.log(median);
    this.sigma = (Math.log(p99) - this.mu) / Z_99;
  }
  sample(rng: RandomStream): number {
    return Math.exp(this.mu + this.sigma * standardNormal(rng));
  }
}

/** Picks a component by weight (weights normalised), then draws from it with the same stream. */
class Mixture implements Sampler {
  private readonly cumulative: number[];
  constructor(private readonly parts: Sampler[], weights: number[]) {
    const total = weights.reduce((a, b) => a + b, 0);
    let running = 0;
    this.cumulative = weights.map((w) => (running += w / total));
  }
  sample(rng: RandomStream): number {
    const u = rng.next();
    const last = this.parts.length - 1;
    for (let i = 0; i < last; i++) {
      if (u < this.cumulative[i]) return this.parts[i].sample(rng);
    }
    return this.parts[last].sample(rng);
  }
}

class Empirical implements Sampler {
  constructor(private readonly values: number[]) {}
  sample(rng: RandomStream): number {
    return this.values[Math.floor(rng.next() * this.values.length)];
  }
}

export function createSampler(spec: DistributionSpec): Sampler {
  switch (spec.dist) {
    case 'constant':
      return new Constant(spec.value);
    case 'exponential':
      return new Exponential(spec.mean);
    case 'uniform':
      return new Uniform(spec.min, spec.max);
    case 'normal':
      return new Normal(spec.mean, spec.stddev);
    case 'lognormal':
      return new LogNormal(spec.median, spec.p99);
    case 'mixture':
      return new Mixture(spec.of.map((part) => createSampler(part.value)), spec.of.map((part) => part.weight));
    case 'empirical':
      return new Empirical(spec.values);
  }
}

/** Φ, the standard normal CDF, by the Abramowitz–Stegun 7.1.26 erf approximation (error < 1.5e-7). */
function standardNormalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * The mean of a distribution as its sampler draws it: the normal is truncated at zero
 * (negative draws are drawn again), so its mean is μ + σ·φ(α)/(1 − Φ(α)) with α = −μ/σ; the
 * lognormal's is median · e^(σ²/2); a mixture's is the weighted mean of its parts.
 */
export function distributionMean(spec: DistributionSpec): number {
  switch (spec.dist) {
    case 'constant':
      return spec.value;
    case 'exponential':
      return spec.mean;
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'normal': {
      if (spec.stddev === 0) return spec.mean;
      const alpha = -spec.mean / spec.stddev;
      const density = Math.exp((-alpha * alpha) / 2) / Math.sqrt(2 * Math.PI);
      return spec.mean + (spec.stddev * density) / (1 - standardNormalCdf(alpha));
    }
    case 'lognormal': {
      const sigma = (Math.log(spec.p99) - Math.log(spec.median)) / Z_99;
      return spec.median * Math.exp((sigma * sigma) / 2);
    }
    case 'mixture': {
      const total = spec.of.reduce((a, part) => a + part.weight, 0);
      return spec.of.reduce((a, part) => a + (part.weight / total) * distributionMean(part.value), 0);
    }
    case 'empirical':
      return spec.values.reduce((a, b) => a + b, 0) / spec.values.length;
  }
}
