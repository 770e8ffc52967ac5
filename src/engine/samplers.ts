/** Samplers for each DistributionSpec. Each draw uses only the stream it is given. */
import type { DistributionSpec, Sampler } from './distribution.ts';
import type { RandomStream } from './random.ts';

/** Φ⁻¹(0.99): a lognormal's p99 sits this many sigmas above its median. */
const Z_99 = 2.3263478740408408;

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
