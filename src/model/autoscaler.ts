/**
 * Target-tracking autoscaling with a governor (docs/autoscaling.md), of a service's workers or of
 * its replicas (autoscale-units.ts says how each unit comes and goes). Only a service with
 * `autoscale:` has one: any other schedules nothing and pays nothing.
 *
 * Every `every` seconds (from `every` on, up to the end of arrivals) it reads the service's
 * gauges averaged, time-weighted, over the last `window` seconds (less at the start) and
 * computes, as the Kubernetes HPA does
 * (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details):
 *
 *   desired = ceil(serving × metric / target), clamped to [min, max]
 *
 * where the metric is the busy share of the workers (utilization) or the attempts waiting per
 * serving unit (queue_length: AWS's "backlog per instance"), and serving × metric is taken as
 * the window's average load in units (load() says why). While |metric / target − 1| is within
 * the tolerance (the HPA's, 10%) nothing is done.
 *
 * The units ordered are those serving plus those still provisioning: a unit ordered serves only
 * `provisioning_delay` later, and meanwhile counts as ordered, so the next evaluation does not
 * order it again (AWS: "the capacity that has been added by the previous scale out event ... is
 * calculated as part of the desired capacity for the next scale out",
 * https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html).
 * Then, per action, at most `max_step` units (the governor, Release It!'s "governor" on
 * automation):
 * - desired above ordered: scale out, unless a scale-out happened less than
 *   `scale_out_cooldown` ago (AWS's ScaleOutCooldown). A scale-out is never held by `cooldown`
 *   (AWS: during a scale-in cooldown, a scale-out happens at once).
 * - desired below ordered: scale in, unless any action happened less than `cooldown` ago (AWS's
 *   ScaleInCooldown, extended to follow a scale-out too, as the HPA's scale-down stabilization
 *   keeps the highest recommendation of its window: new capacity is not taken back at once).
 *   Units still provisioning are cancelled first, the most recently ordered first; then serving
 *   units stop taking new work (they finish what they hold).
 */
import type { EventHandler } from '../engine/event-queue.ts';
import { NO_EVENT, type EventId, type Simulation } from '../engine/simulation.ts';
import type { AutoscaleSpec } from './config.ts';

const EVALUATE = 0;
const JOIN = 1;

/** Time integrals of a service's gauges: busy workers, workers, and attempts waiting. */
export interface ScaledGauges {
  /** Busy worker-seconds, worker-seconds and waiting attempt-seconds from 0 to t. */
  areas(t: number, into: Float64Array, at: number): void;
}

/** What the autoscaler scales (autoscale-units.ts). */
export interface ScaledUnits {
  /** From now on, `count` units take new work. */
  serve(count: number): void;
}

/** Who measures it (metrics/autoscale-track.ts); a null object when nobody does. */
export interface AutoscaleObserver {
  /** Units serving, units provisioning, and the last desired count, from t on. */
  units(t: number, serving: number, provisioning: number, desired: number): void;
  /** An action at t: `out` or `in` by `count` units, or a scale-in `held` by the cooldown. */
  action(t: number, kind: 'out' | 'in' | 'held', count: number): void;
}

export const NO_AUTOSCALE_OBSERVER: AutoscaleObserver = { units() {}, action() {} };

/** Units ordered at one time, serving from its JOIN event on; `count` shrinks when a scale-in cancels some. */
interface Order {
  count: number;
  handle: EventId;
}

export class Autoscaler implements EventHandler {
  private serving: number;
  private desired: number;
  /** Orders still provisioning, oldest first (all wait the same delay, so they join in this order). */
  private readonly orders: Order[] = [];
  private provisioning = 0;
  private lastAction = -Infinity;
  private lastScaleOut = -Infinity;
  private evaluations = 0;
  /** The gauge areas at the last `intervals` evaluations, a ring of 3 numbers each. */
  private readonly past: Float64Array;
  private readonly now = new Float64Array(3);
  private readonly intervals: number;
  observer: AutoscaleObserver = NO_AUTOSCALE_OBSERVER;

  constructor(
    private readonly sim: Simulation,
    private readonly spec: AutoscaleSpec,
    private readonly gauges: ScaledGauges,
    private readonly units: ScaledUnits,
    initial: number,
    /** The end of arrivals: no evaluation after it. */
    private readonly until: number,
    /** Workers per unit: 1 for workers, a replica's workers for replicas. */
    private readonly unitWorkers = 1,
  ) {
    this.serving = initial;
    this.desired = initial;
    this.intervals = Math.round(spec.window / spec.every);
    this.past = new Float64Array(3 * this.intervals);
  }

  /** Units serving now (for tests). */
  get servingUnits(): number {
    return this.serving;
  }

  start(): void {
    this.observer.units(0, this.serving, 0, this.desired);
    this.scheduleNext();
  }

  handleEvent(tag: number, data: unknown): void {
    if (tag === EVALUATE) {
      this.evaluate();
      this.scheduleNext();
      return;
    }
    const order = data as Order;
    this.orders.shift();
    this.provisioning -= order.count;
    this.serving += order.count;
    this.units.serve(this.serving);
    this.report();
  }

  private scheduleNext(): void {
    // k × every, not a running sum: repeated addition drifts.
    const t = (this.evaluations + 1) * this.spec.every;
    // Background: an evaluation never keeps a drained world running.
    if (t <= this.until + 1e-9) this.sim.schedule(t, this, EVALUATE, null, true);
  }

  /**
   * The load over the window ending now, in units: busy workers on average, over the workers a
   * unit has (utilization), or attempts waiting on average (queue_length). desired = load /
   * target is the HPA's serving × metric / target with the window's own average in place of
   * the units serving now: units that joined late in the window did not carry its load, and
   * counting them as if they had would order the same capacity twice.
   */
  private load(): number {
    const t = this.sim.now;
    const k = this.evaluations++;
    this.gauges.areas(t, this.now, 0);
    const slot = (k % this.intervals) * 3;
    // Before a whole window has passed, the window starts at 0, where every area is 0.
    const full = k >= this.intervals;
    const span = full ? this.spec.window : t;
    const busy = this.now[0] - (full ? this.past[slot] : 0);
    const waiting = this.now[2] - (full ? this.past[slot + 2] : 0);
    this.past.set(this.now, slot);
    return this.spec.metric === 'queue_length' ? waiting / span : busy / span / this.unitWorkers;
  }

  private evaluate(): void {
    const { spec } = this;
    const t = this.sim.now;
    const wanted = this.load() / spec.target;
    const ordered = this.serving + this.provisioning;
    // The HPA's tolerance, on metric / target = wanted / serving; ceil with a hair of slack: 3.6 / 0.6 must be 6, not 7.
    this.desired = Math.abs(wanted / this.serving - 1) <= spec.tolerance
      ? ordered
      : Math.min(spec.max, Math.max(spec.min, Math.ceil(wanted - 1e-9)));
    const step = spec.maxStep ?? Infinity;
    if (this.desired > ordered) {
      if (t - this.lastScaleOut >= spec.scaleOutCooldown) this.scaleOut(Math.min(step, this.desired - ordered), t);
    } else if (this.desired < ordered) {
      if (t - this.lastAction >= spec.cooldown) this.scaleIn(Math.min(step, ordered - this.desired), t);
      else this.observer.action(t, 'held', ordered - this.desired);
    }
    this.report();
  }

  private scaleOut(count: number, t: number): void {
    this.lastAction = t;
    this.lastScaleOut = t;
    this.observer.action(t, 'out', count);
    if (this.spec.provisioningDelay <= 0) {
      this.serving += count;
      this.units.serve(this.serving);
      return;
    }
    const order: Order = { count, handle: NO_EVENT };
    order.handle = this.sim.schedule(t + this.spec.provisioningDelay, this, JOIN, order, true);
    this.orders.push(order);
    this.provisioning += count;
  }

  /** Cancels orders still provisioning first (the latest first), then stops serving units. */
  private scaleIn(count: number, t: number): void {
    this.lastAction = t;
    this.observer.action(t, 'in', count);
    let left = count;
    while (left > 0 && this.orders.length > 0) {
      const order = this.orders[this.orders.length - 1];
      const cut = Math.min(left, order.count);
      order.count -= cut;
      this.provisioning -= cut;
      left -= cut;
      if (order.count === 0) {
        this.sim.cancel(order.handle);
        this.orders.pop();
      }
    }
    if (left > 0) {
      this.serving -= left;
      this.units.serve(this.serving);
    }
  }

  private report(): void {
    this.observer.units(this.sim.now, this.serving, this.provisioning, this.desired);
  }
}
