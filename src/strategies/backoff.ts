/**
 * Backoff: how long to wait before a retry. One method, after the retry simulations of Marc
 * Brooker and the AWS Architecture Blog ("Exponential Backoff And Jitter",
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/), where a backoff
 * strategy is a class with a single `backoff(n)`. Stateless: the caller keeps the previous delay
 * (decorrelated jitter needs it), so no object is made per request.
 */
import type { RandomStream } from '../engine/random.ts';
import type { BackoffSpec, JitterKind } from './config.ts';

export interface Backoff {
  /**
   * Delay in seconds before retry number `retry` (1 for the first retry). `previous` is the
   * delay used before the last retry (0 before the first).
   */
  delay(retry: number, previous: number, rng: RandomStream): number;
}

/** The null object: retry at once. */
export const NO_BACKOFF: Backoff = { delay: () => 0 };

class ConstantBackoff implements Backoff {
  constructor(private readonly seconds: number) {}
  delay(): number {
    return this.seconds;
  }
}

/**
 * The article's formulas, with its `base · 2^attempt` generalised to a multiplier and counted
 * so that the first retry's ceiling is `base`:
 *   ceiling      = min(cap, base · multiplier^(retry − 1))
 *   none         = ceiling
 *   full         = random_between(0, ceiling)
 *   equal        = ceiling / 2 + random_between(0, ceiling / 2)
 *   decorrelated = min(cap, random_between(base, previous · 3)), previous starting at base
 */
export class ExponentialBackoff implements Backoff {
  constructor(
    private readonly base: number,
    private readonly multiplier: number,
    private readonly cap: number,
    private readonly jitter: JitterKind,
  ) {}

  delay(retry: number, previous: number, rng: RandomStream): number {
    const ceiling = Math.min(this.cap, this.base * Math.pow(this.multiplier, retry - 1));
    switch (this.jitter) {
      case 'none':
        return ceiling;
      case 'full':
        return rng.next() * ceiling;
      case 'equal':
        return ceiling / 2 + rng.next() * (ceiling / 2);
      case 'decorrelated': {
        const last = previous > 0 ? previous : this.base;
        return Math.min(this.cap, this.base + rng.next() * (last * 3 - this.base));
      }
    }
  }
}

type BackoffFactories = { [K in BackoffSpec['kind']]: (spec: Extract<BackoffSpec, { kind: K }>) => Backoff };

/** The registry from `kind` to factory; a new kind is one entry here and one in BACKOFF_KINDS. */
const BACKOFF_FACTORIES: BackoffFactories = {
  none: () => NO_BACKOFF,
  constant: (spec) => (spec.delay > 0 ? new ConstantBackoff(spec.delay) : NO_BACKOFF),
  exponential: (spec) => new ExponentialBackoff(spec.base, spec.multiplier, spec.cap ?? Infinity, spec.jitter),
};

export function createBackoff(spec: BackoffSpec): Backoff {
  const factory = BACKOFF_FACTORIES[spec.kind] as (s: BackoffSpec) => Backoff;
  return factory(spec);
}
