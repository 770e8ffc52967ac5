/**
 * Seeded random streams. One stream per component, forked from the run's seed by a stable label,
 * so adding a client does not change the draws of another (DESIGN.md, principle 2).
 *
 * Baagoe's Alea generator, seeded by seedrandom (its Mash of the label) and then stepped here:
 * the same arithmetic as seedrandom's `alea().next`, so the same draws to the bit, without the
 * two closure calls per draw (a draw is made for every arrival and every service time; the
 * benchmark showed them in its profile).
 */
import seedrandom from 'seedrandom';

/** 2^-32 */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

export class RandomStream {
  private s0: number;
  private s1: number;
  private s2: number;
  private c: number;

  constructor(readonly seed: number, readonly label: string) {
    const state = seedrandom.alea(`${seed}/${label}`, { state: true }).state();
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
    this.c = state.c;
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = 2091639 * this.s0 + this.c * TWO_POW_MINUS_32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    return (this.s2 = t - this.c);
  }

  /** A new, independent stream for a sub-component; depends only on the seed and the labels. */
  fork(label: string): RandomStream {
    return new RandomStream(this.seed, `${this.label}/${label}`);
  }
}

export function rootStream(seed: number): RandomStream {
  return new RandomStream(seed, 'root');
}
