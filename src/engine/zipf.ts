/**
 * Ranks 0..n-1 drawn with probability proportional to (rank + 1)^-alpha: Zipf's law over a
 * finite population (alpha 0 is uniform). By inversion: the cumulative weights are computed
 * once, and a draw is a binary search of u · total in them, O(log n) per draw and 8 bytes per
 * rank. (Hörmann and Derflinger's rejection-inversion, "Rejection-inversion to generate
 * variates from monotone discrete distributions", ACM TOMACS 6(3), 1996, needs no table; a
 * table is simpler to get right, and the populations here are bounded: see the `keys.count`
 * limit in the scenario format.)
 */
import type { RandomStream } from './random.ts';

export class ZipfSampler {
  /** cumulative[i]: the weights of ranks 0..i, summed in rank order (hottest first). */
  private readonly cumulative: Float64Array;

  constructor(readonly n: number, readonly alpha: number) {
    this.cumulative = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += (i + 1) ** -alpha;
      this.cumulative[i] = sum;
    }
  }

  /** The probability of `rank` (for the theory tests, and for Che's approximation). */
  probability(rank: number): number {
    return (rank + 1) ** -this.alpha / this.cumulative[this.n - 1];
  }

  /** One rank: the first whose cumulative weight exceeds u · total. */
  draw(rng: RandomStream): number {
    const c = this.cumulative;
    const target = rng.next() * c[this.n - 1];
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
