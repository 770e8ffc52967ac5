/**
 * Client-side adaptive throttling, from the Google SRE book, chapter "Handling Overload"
 * (https://sre.google/sre-book/handling-overload/): over the last `window`, the client counts
 * requests (every attempt it wanted to send) and accepts (attempts the backend answered with
 * success), and rejects a new attempt locally with probability
 *   max(0, (requests − k · accepts) / (requests + 1)).
 * With k = 2 the backend sees at most about twice the load it can accept.
 */
import type { RandomStream } from '../engine/random.ts';
import type { ThrottleSpec } from './config.ts';
import { WindowedSum } from './windowed-sum.ts';

export interface Throttle {
  /** Counts the attempt as a request; true if it may go out, false if rejected locally. */
  admit(now: number): boolean;
  /** An attempt that went out got its answer. */
  record(now: number, ok: boolean): void;
}

export const NO_THROTTLE: Throttle = { admit: () => true, record: () => {} };

export class AdaptiveThrottle implements Throttle {
  private readonly requests: WindowedSum;
  private readonly accepts: WindowedSum;

  constructor(private readonly k: number, window: number, private readonly rng: RandomStream) {
    this.requests = new WindowedSum(window);
    this.accepts = new WindowedSum(window);
  }

  rejectProbability(now: number): number {
    const requests = this.requests.sum(now);
    return Math.max(0, (requests - this.k * this.accepts.sum(now)) / (requests + 1));
  }

  admit(now: number): boolean {
    const p = this.rejectProbability(now);
    this.requests.add(now, 1);
    return !(p > 0 && this.rng.next() < p);
  }

  record(now: number, ok: boolean): void {
    if (ok) this.accepts.add(now, 1);
  }
}

export function createThrottle(spec: ThrottleSpec | null, rng: RandomStream): Throttle {
  return spec === null ? NO_THROTTLE : new AdaptiveThrottle(spec.k, spec.window, rng);
}
