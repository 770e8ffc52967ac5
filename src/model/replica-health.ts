/**
 * A balancer's view of its replicas' health (docs/replicas.md, "Health checks and outlier
 * ejection"): which replicas it may pick now. A replica is out of the healthy set while outlier
 * detection has ejected it or health checks hold it unhealthy; Envoy treats both alike
 * (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier: "Ejection
 * means that the host is marked unhealthy and will not be used during load balancing unless the
 * load balancer is in a panic scenario").
 *
 * Panic (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/panic_threshold):
 * when the healthy share falls below the threshold (default 50%; 0 turns panic off), the
 * balancer ignores health and balances over every replica. With panic off and every replica
 * out, there is nothing to pick: the attempt fails at once (Envoy's 503 "no healthy upstream").
 *
 * The view belongs to one route, as each Envoy keeps its own view of a cluster: two callers of
 * one service may see its replicas differently.
 */
import type { ReplicaHealthEvent } from './observer.ts';
import type { AttemptOutcomes } from './request.ts';

/** What a balancer asks of its replicas' health. */
export interface ReplicaChoice {
  /**
   * Indexes, ascending, of the replicas it may pick now: all of them when health is off or the
   * balancer panics; none when every replica is out and panic is off.
   */
  readonly candidates: readonly number[];
  /** allowed[i]: replica i is a candidate. */
  readonly allowed: readonly boolean[];
  /** Told how each attempt ended (outlier detection); null when nobody listens. */
  readonly outcomes: AttemptOutcomes | null;
}

/** The null object: every replica, always, and nobody listening to outcomes. */
export function everyReplica(count: number): ReplicaChoice {
  return { candidates: Array.from({ length: count }, (_, i) => i), allowed: Array.from({ length: count }, () => true), outcomes: null };
}

/** Where a replica's standing is reported (Service.healthChanged). */
export interface HealthReport {
  healthChanged(event: ReplicaHealthEvent): void;
}

export class HealthView implements ReplicaChoice {
  candidates: number[];
  readonly allowed: boolean[];
  outcomes: AttemptOutcomes | null = null;
  private readonly ejected: boolean[];
  private readonly unhealthy: boolean[];
  private ejectedNow = 0;

  /** `panicThreshold`: a fraction of the replicas (0: never panic). */
  constructor(private readonly replicas: readonly HealthReport[], private readonly panicThreshold: number) {
    this.candidates = replicas.map((_, i) => i);
    this.allowed = replicas.map(() => true);
    this.ejected = replicas.map(() => false);
    this.unhealthy = replicas.map(() => false);
  }

  get count(): number {
    return this.replicas.length;
  }

  /** Replicas ejected by outlier detection now (what max_ejection_percent limits). */
  get ejectedCount(): number {
    return this.ejectedNow;
  }

  isEjected(i: number): boolean {
    return this.ejected[i];
  }

  setEjected(i: number, ejected: boolean): void {
    if (this.ejected[i] === ejected) return;
    const wasOut = this.isOut(i);
    this.ejected[i] = ejected;
    this.ejectedNow += ejected ? 1 : -1;
    if (ejected) this.replicas[i].healthChanged('ejected');
    this.changed(i, wasOut);
  }

  setUnhealthy(i: number, unhealthy: boolean): void {
    if (this.unhealthy[i] === unhealthy) return;
    const wasOut = this.isOut(i);
    this.unhealthy[i] = unhealthy;
    if (unhealthy) this.replicas[i].healthChanged('unhealthy');
    this.changed(i, wasOut);
  }

  private isOut(i: number): boolean {
    return this.ejected[i] || this.unhealthy[i];
  }

  private changed(i: number, wasOut: boolean): void {
    const out = this.isOut(i);
    if (out === wasOut) return;
    this.replicas[i].healthChanged(out ? 'excluded' : 'included');
    const healthy = this.replicas.map((_, r) => r).filter((r) => !this.isOut(r));
    // Envoy: panic when the healthy percentage is below the threshold.
    const panic = healthy.length < this.panicThreshold * this.replicas.length;
    this.candidates = panic ? this.replicas.map((_, r) => r) : healthy;
    for (let r = 0; r < this.allowed.length; r++) this.allowed[r] = panic || !this.isOut(r);
  }
}
