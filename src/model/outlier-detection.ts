/**
 * Passive outlier detection (docs/replicas.md, "Outlier ejection"), after Envoy's consecutive
 * failure detectors (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier):
 *
 * - `consecutive_errors` (Envoy's consecutive_5xx, default 5): attempts answered `error` (a 500
 *   or a fault's 503), `rejected` (a full queue's 503) or timed out (Envoy maps a request timeout
 *   to a 504 in its default, non-split mode) in a row;
 * - `consecutive_timeouts` (Envoy's consecutive_gateway_failure, narrowed to the 504s our model
 *   has: timeouts) in a row: any other answer breaks the run;
 * - a success breaks both runs. Either detector reaching its count ejects the replica at once
 *   (Envoy runs these inline, not at the sweep `interval`);
 * - the ejection lasts base_ejection_time × the times the replica has been ejected, capped at
 *   max_ejection_time (Envoy's default 300 s) or base_ejection_time if longer. The replica comes
 *   back exactly then (Envoy: at the next sweep, up to `interval` later), and its count of
 *   ejections never goes down here (Envoy lowers it after healthy sweeps);
 * - at most max_ejection_percent of the replicas (Envoy's default 10%) are ejected at once, but
 *   one may always be: Envoy ejects when none is ejected, and otherwise only if the ejected share
 *   stays within the limit (grpc-java #9489 matched it: "guarantees at least one ejection").
 *
 * The outcome of an attempt that ends while its replica is ejected is ignored (it was sent before).
 */
import type { EventHandler } from '../engine/event-queue.ts';
import type { Simulation } from '../engine/simulation.ts';
import type { FailureReason } from '../strategies/reasons.ts';
import type { Attempt } from './attempt.ts';
import type { OutlierDetectionSpec } from './config.ts';
import type { HealthView } from './replica-health.ts';
import type { AttemptOutcomes } from './request.ts';

export class OutlierDetector implements AttemptOutcomes, EventHandler {
  private readonly errors: number[];
  private readonly timeouts: number[];
  private readonly ejections: number[];
  /** Each replica's index, found from the attempt's holder (the balancer sets it). */
  private readonly indexOf: Map<unknown, number>;

  constructor(
    private readonly sim: Simulation,
    replicas: readonly unknown[],
    private readonly spec: OutlierDetectionSpec,
    private readonly view: HealthView,
  ) {
    this.indexOf = new Map(replicas.map((r, i) => [r, i]));
    this.errors = replicas.map(() => 0);
    this.timeouts = replicas.map(() => 0);
    this.ejections = replicas.map(() => 0);
  }

  settled(attempt: Attempt, reason: FailureReason | null): void {
    const i = this.indexOf.get(attempt.holder);
    if (i === undefined || this.view.isEjected(i)) return;
    if (reason === null) {
      this.errors[i] = 0;
      this.timeouts[i] = 0;
      return;
    }
    const { consecutiveErrors, consecutiveTimeouts } = this.spec;
    const failed = reason === 'error' || reason === 'rejected' || reason === 'timeout';
    this.errors[i] = failed ? this.errors[i] + 1 : 0;
    this.timeouts[i] = reason === 'timeout' ? this.timeouts[i] + 1 : 0;
    if ((consecutiveErrors !== null && this.errors[i] >= consecutiveErrors)
      || (consecutiveTimeouts !== null && this.timeouts[i] >= consecutiveTimeouts)) this.eject(i);
  }

  /** Ejection time over: back in the healthy set (unless health checks hold it out). */
  handleEvent(_tag: number, data: unknown): void {
    this.view.setEjected(data as number, false);
  }

  private eject(i: number): void {
    const view = this.view;
    const ejected = view.ejectedCount;
    // Over the limit: not ejected; the run goes on, and the next failure tries again.
    if (ejected > 0 && (ejected + 1) / view.count > this.spec.maxEjectionPercent) return;
    this.errors[i] = 0;
    this.timeouts[i] = 0;
    const times = ++this.ejections[i];
    const { baseEjectionTime, maxEjectionTime } = this.spec;
    const lasts = Math.min(baseEjectionTime * times, Math.max(baseEjectionTime, maxEjectionTime));
    view.setEjected(i, true);
    // A background event: an ejection does not hold the run open.
    this.sim.schedule(this.sim.now + lasts, this, 0, i, true);
  }
}
