/**
 * Seeded random streams. One stream per component, forked from the run's seed by a stable label,
 * so adding a client does not change the draws of another (DESIGN.md, principle 2).
 * Built on seedrandom's Alea generator: fast, and reproducible across platforms.
 */
import seedrandom from 'seedrandom';

export class RandomStream {
  private readonly prng: () => number;

  constructor(readonly seed: number, readonly label: string) {
    this.prng = seedrandom.alea(`${seed}/${label}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** A new, independent stream for a sub-component; depends only on the seed and the labels. */
  fork(label: string): RandomStream {
    return new RandomStream(this.seed, `${this.label}/${label}`);
  }
}

export function rootStream(seed: number): RandomStream {
  return new RandomStream(seed, 'root');
}
