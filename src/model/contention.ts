/**
 * Contention: service time that grows with the work in progress (docs/contention.md). A service
 * with `contention:` stretches each job's sampled service time by how many jobs are doing their
 * own work at it when the job starts (itself included):
 *
 *   linear  time = sampled + per_attempt × N
 *           Marc Brooker's simple collapse model, "latency = 1 s + 10 ms × concurrency"
 *           ("Metastability and distributed systems", brooker.co.za/blog/2021/05/24/metastable.html).
 *   usl     time = sampled × (1 + σ(N − 1) + κN(N − 1))
 *           so that N jobs always at work complete X(N) = N / (1 + σ(N − 1) + κN(N − 1)) per
 *           E[S]: Neil Gunther's Universal Scalability Law (Guerrilla Capacity Planning,
 *           Springer 2007, ch. 4), σ for contention (serialization), κ for coherency (crosstalk).
 *
 * The stretch is fixed when the job starts: it is not re-evaluated as others start or end
 * (a job is a scheduled event, as every job is; processor sharing would reschedule every job at
 * every start and end). N counts jobs at their own work only: a worker waiting on a downstream
 * call holds a thread but no CPU or lock, so it neither contends nor is counted. Each Service (a
 * replica, a partition) has its own Contention, so each counts its own jobs.
 *
 * A service without `contention:` gets NO_CONTENTION, the null object: begin returns the sample.
 */
import type { ContentionConfig } from './config.ts';
import type { ModelObserver } from './observer.ts';

export interface Contention {
  /** A job starts its own work, `sampled` seconds long alone, at time t: how long it takes. */
  begin(sampled: number, t: number): number;
  /** A job's own work is over: done, or cancelled while at work. */
  end(): void;
}

export const NO_CONTENTION: Contention = {
  begin: (sampled) => sampled,
  end: () => {},
};

/** The stretch of each kind: the time a job sampled `sampled` takes with `n` at work. */
const STRETCH: { [K in ContentionConfig['kind']]: (c: Extract<ContentionConfig, { kind: K }>, sampled: number, n: number) => number } = {
  linear: (c, sampled, n) => sampled + c.perAttempt * n,
  usl: (c, sampled, n) => sampled * (1 + c.sigma * (n - 1) + c.kappa * n * (n - 1)),
};

/** How long a job sampled `sampled` alone takes with `n` jobs at work (itself included). */
export function stretched(config: ContentionConfig, sampled: number, n: number): number {
  return (STRETCH[config.kind] as (c: ContentionConfig, sampled: number, n: number) => number)(config, sampled, n);
}

/**
 * The most attempts per second `workers` workers can complete under `config`, each held for its
 * stretched own work (mean `meanWork`) plus `rest` seconds of calls: max over n ≤ workers of
 * n / (stretched(meanWork, n) + rest), all n taken to be at their own work. Linear contention
 * peaks at n = workers (approaching 1 / per_attempt); the USL peaks near N* = √((1 − σ) / κ)
 * (Gunther), past which adding work lowers throughput: thrashing.
 */
export function contendedCapacity(config: ContentionConfig, meanWork: number, rest: number, workers: number): { perSecond: number; holdingTime: number } {
  let best = { perSecond: 0, holdingTime: meanWork + rest };
  for (let n = 1; n <= workers; n++) {
    const holdingTime = stretched(config, meanWork, n) + rest;
    if (n / holdingTime > best.perSecond) best = { perSecond: n / holdingTime, holdingTime };
  }
  return best;
}

/** Counts the jobs at work and reports each stretch to the observer (the `stretch` column). */
class CountingContention implements Contention {
  private working = 0;

  constructor(
    private readonly stretch: (sampled: number, n: number) => number,
    private readonly observer: ModelObserver,
    private readonly service: number,
  ) {}

  begin(sampled: number, t: number): number {
    const time = this.stretch(sampled, ++this.working);
    this.observer.workStretched(this.service, t, sampled, time);
    return time;
  }

  end(): void {
    this.working--;
  }
}

/** The service's Contention: NO_CONTENTION when `config` is absent. */
export function createContention(config: ContentionConfig | undefined, observer: ModelObserver, service: number): Contention {
  if (config === undefined) return NO_CONTENTION;
  return new CountingContention((sampled, n) => stretched(config, sampled, n), observer, service);
}
