/**
 * Active health checks of a route's replicas (docs/replicas.md, "Health checks"), after Envoy's
 * (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/health_checking):
 * each replica is checked on its own timer; `unhealthy_threshold` failed checks in a row make a
 * healthy replica unhealthy, and `healthy_threshold` passed checks in a row make it healthy
 * again. A check that is not answered within `timeout` failed. As in Envoy, the next check of a
 * replica starts `interval` after the last one ended, so at most one is out per replica.
 *
 * Decisions of this model:
 * - `queued: true` (the default): a check is an attempt like any other, sent straight to its
 *   replica (not balanced, no retry), that waits in the queue and takes a worker for a service
 *   time, so an overloaded replica fails its checks. It counts as load: in the replica's and the
 *   service's arrivals, completions and utilization, and in no client's figures. Its job makes
 *   none of the service's downstream calls (a shallow /healthz), except in one corner: a check
 *   that timed out while queued is later served, if at all, from numbers only, as any abandoned
 *   attempt is (Attempt.ghost), and then makes them.
 * - `queued: false`: a check answered at once by something beside the workers (a sidecar, a TCP
 *   connect): it fails only during an outage, by the error rate of an `error_rate` fault (drawn
 *   on the checks' own stream), or when a `latency` fault delays answers by `timeout` or more.
 *   Not counted as an arrival: it takes no worker.
 * - Replicas start healthy (the run starts in a steady state, as if checks had passed before),
 *   and the first checks are spread over the first interval (replica i at interval × i / n),
 *   without jitter. No checks start after the run's duration: the drain has none.
 */
import type { EventHandler } from '../engine/event-queue.ts';
import type { RandomStream } from '../engine/random.ts';
import type { Simulation } from '../engine/simulation.ts';
import type { FailureReason } from '../strategies/reasons.ts';
import type { Attempt } from './attempt.ts';
import type { HealthCheckSpec } from './config.ts';
import type { HealthView } from './replica-health.ts';
import { Request, type AbandonCause, type AttemptTarget, type Caller, type Route } from './request.ts';
import type { ServiceConditions } from './service-conditions.ts';

/** What a check needs of a replica. */
export interface CheckedReplica extends AttemptTarget {
  /** Its fault conditions now (for checks that are not queued). */
  readonly faults: ServiceConditions;
}

/** A job's nextCall past any service's calls: a check's job makes none (a small integer, as V8 keeps the field). */
const NO_CALLS = 0x3fffffff;

/** Everything the probes of one route share. */
export interface HealthChecking {
  sim: Simulation;
  spec: HealthCheckSpec;
  view: HealthView;
  /** Checks start before this (the run's duration). */
  until: number;
  /** For error-rate faults against unqueued checks. */
  rng: RandomStream;
  /** A route of its own for the checks of one replica: the timeout, no retries, target `target`. */
  makeRoute(target: AttemptTarget): Route;
}

/** Starts checking each of `replicas`. */
export function startHealthChecks(checking: HealthChecking, replicas: readonly CheckedReplica[]): void {
  replicas.forEach((replica, i) => {
    const probe = new ReplicaProbe(checking, i, replica);
    checking.sim.schedule(checking.spec.interval * i / replicas.length, probe, 0, null, true);
  });
}

/** The checks of one replica: the route's target (passing each check on), and its caller. */
class ReplicaProbe implements AttemptTarget, Caller, EventHandler {
  private readonly route: Route;
  private passes = 0;
  private fails = 0;
  private healthy = true;

  constructor(private readonly checking: HealthChecking, private readonly index: number, private readonly replica: CheckedReplica) {
    this.route = checking.makeRoute(this);
  }

  /** The timer: check now. */
  handleEvent(): void {
    const { sim, spec } = this.checking;
    if (sim.now >= this.checking.until) return;
    if (spec.queued) new Request(this.route, this, sim.now).start();
    else this.ended(this.answerNow());
  }

  arrive(attempt: Attempt): void {
    attempt.nextCall = NO_CALLS;
    this.replica.arrive(attempt);
  }

  abandon(attempt: Attempt, cause: AbandonCause): void {
    this.replica.abandon(attempt, cause);
  }

  requestEnded(_request: Request, reason: FailureReason | null): void {
    this.ended(reason === null);
  }

  private answerNow(): boolean {
    const f = this.replica.faults;
    if (f.outage || f.addedLatency >= this.checking.spec.timeout) return false;
    return !(f.errorRate > 0 && this.checking.rng.next() < f.errorRate);
  }

  private ended(passed: boolean): void {
    const { sim, spec, view } = this.checking;
    if (passed) {
      this.fails = 0;
      this.passes++;
      if (!this.healthy && this.passes >= spec.healthyThreshold) this.healthy = true;
    } else {
      this.passes = 0;
      this.fails++;
      if (this.healthy && this.fails >= spec.unhealthyThreshold) this.healthy = false;
    }
    view.setUnhealthy(this.index, !this.healthy);
    sim.schedule(sim.now + spec.interval, this, 0, null, true);
  }
}
