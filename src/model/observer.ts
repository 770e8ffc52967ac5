/**
 * What the model tells whoever measures it. Entities are named by their index (clients and
 * services each numbered in scenario order) so recording costs no lookup. `reason` null means
 * success. A NullObserver stands in when nothing is measured (the engine-only benchmark).
 */
import type { BreakerState } from '../strategies/circuit-breaker.ts';
import type { FailureReason } from '../strategies/reasons.ts';

export type { BreakerState };

/**
 * How a replica's standing with one balancer changed (replica-health.ts): ejected by outlier
 * detection, or marked unhealthy by health checks (each a count); excluded from the healthy
 * set, or back in it (for the time it was out).
 */
export type ReplicaHealthEvent = 'ejected' | 'unhealthy' | 'excluded' | 'included';

export interface ModelObserver {
  requestStarted(client: number, t: number): void;
  /** An attempt sent by a client (downstream calls are seen as service arrivals). */
  attemptSent(client: number, t: number): void;
  /**
   * A retry began (+1) or ended (-1) its backoff wait, for a client or a downstream call: work
   * the system has committed to but not yet sent (counted in the work in the system). Not called
   * for a retry sent at once.
   */
  retryWaiting(t: number, change: number): void;
  requestEnded(client: number, startedAt: number, t: number, attempts: number, reason: FailureReason | null): void;

  serviceArrival(service: number, t: number): void;
  /**
   * Refused: queue full (`rejected`) or a fault (`error`), at arrival, or dropped from a full
   * queue for a newer one (`queue.overflow: drop_oldest`; then `arrivedAt` is earlier than `t`).
   */
  serviceRefused(service: number, t: number, reason: FailureReason, arrivedAt?: number): void;
  /**
   * Dropped by the service's shedding policy, at arrival or when dequeued, or cancelled because
   * its caller gave up (deadline propagation, a losing hedge). Never counted as refused or
   * ended. `startedAt` is NaN if it never had a worker; otherwise the work it had was wasted.
   */
  serviceShed(service: number, arrivedAt: number, startedAt: number, t: number): void;
  queueChanged(service: number, t: number, length: number): void;
  busyChanged(service: number, t: number, busy: number): void;
  capacityChanged(service: number, t: number, workers: number): void;
  /**
   * A job left its worker. `wasted`: the attempt it served had already been given up by its
   * caller, so the response will be ignored and the whole busy time was for nothing.
   */
  jobEnded(service: number, arrivedAt: number, startedAt: number, t: number, reason: FailureReason | null, wasted: boolean): void;
  /**
   * A response held back after its job ended (a `latency` fault) reached a caller that had given
   * up on it in the meantime: the job's `busy` seconds of work, started at `startedAt`, were
   * wasted too. (A job whose caller had given up before it ended is reported wasted by jobEnded.)
   */
  lateResponse(service: number, startedAt: number, t: number, busy: number): void;
  /**
   * A circuit breaker changed state. Its owner is a client (`client` >= 0) or, for a breaker
   * on a downstream call, the calling service (`client` = -1, `service` >= 0).
   */
  breakerChanged(client: number, service: number, t: number, from: BreakerState, to: BreakerState): void;
  /**
   * The observers the members of `service` report to, one each: its replicas (`replicas.<i>`)
   * or its bulkhead partitions (`partitions.<name>`), each a Service of its own with `workers`
   * workers. Called once, when the model is built, for a service made of more than one. Each
   * member reports its own queue, busy and worker gauges; the observer adds them up for the
   * service.
   */
  memberObservers(service: number, members: readonly ServiceMember[]): ModelObserver[];
  /**
   * Only at a service with `contention:` (contention.ts): a job started work that takes
   * `stretched` seconds where it would have taken `sampled` alone.
   */
  workStretched(service: number, t: number, sampled: number, stretched: number): void;
  /** A balancer's view of a replica of `service` changed (only with health checks or outlier detection). */
  replicaHealth(service: number, t: number, event: ReplicaHealthEvent): void;
}

/** One Service of several that make up a service: `name` is `replicas.<i>` or `partitions.<name>`. */
export interface ServiceMember {
  name: string;
  workers: number;
}

export class NullObserver implements ModelObserver {
  requestStarted(): void {}
  attemptSent(): void {}
  retryWaiting(): void {}
  requestEnded(): void {}
  serviceArrival(): void {}
  serviceRefused(): void {}
  serviceShed(): void {}
  queueChanged(): void {}
  busyChanged(): void {}
  capacityChanged(): void {}
  jobEnded(): void {}
  lateResponse(): void {}
  breakerChanged(): void {}
  replicaHealth(): void {}
  workStretched(): void {}
  memberObservers(_service: number, members: readonly ServiceMember[]): ModelObserver[] {
    return members.map(() => this);
  }
}
