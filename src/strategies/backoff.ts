/**
 * Backoff: how long to wait before a retry. One method, after the retry simulations of Marc
 * Brooker and the AWS Architecture Blog ("Exponential Backoff And Jitter"), where a backoff
 * strategy is a class with a single `backoff(n)`. Stateless: the caller keeps the previous delay
 * (decorrelated jitter needs it), so no object is made per request.
 */
import type { RandomStream } from '../engine/random.ts';
import type { BackoffSpec } from './config.ts';

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

type BackoffFactories = { [K in BackoffSpec['kind']]: (spec: Extract<BackoffSpec, { kind: K }>) => Backoff };

/** The registry from `kind` to factory; a new kind is one entry here and one in BACKOFF_KINDS. */
const BACKOFF_FACTORIES: BackoffFactories = {
  none: () => NO_BACKOFF,
  constant: (spec) => (spec.delay > 0 ? new ConstantBackoff(spec.delay) : NO_BACKOFF),
};

export function createBackoff(spec: BackoffSpec): Backoff {
  const factory = BACKOFF_FACTORIES[spec.kind] as (s: BackoffSpec) => Backoff;
  return factory(spec);
}
