/**
 * What an autoscaler scales and reads (docs/autoscaling.md), wired by build.ts for a service with
 * `autoscale:` only.
 *
 * The gauges: each Service of the service reports through a GaugeTap, which passes every call on
 * to the service's observer unchanged and keeps time integrals of busy workers, workers and
 * waiting attempts, summed over the replicas. The Service itself is not touched on its hot path.
 *
 * The units:
 * - workers (a service without `replicas`): Service.scaleTo. A removed worker finishes its
 *   current job: the service simply starts no new job while more workers are busy than it has
 *   (as under a `workers` fault). A `workers` fault overrides the autoscaler's count while it is
 *   active; when it ends, the autoscaler's count (as it is then) comes back.
 * - replicas: all `max` replicas are built at the start, and the autoscaler's count of them is in
 *   every balancer's rotation: ActiveReplicas is the ReplicaChoice every route to the service
 *   balances with (the same mechanism that keeps ejected replicas out, replica-health.ts), shared
 *   by all routes, as a scaling group deregisters an instance from every load balancer at once. A
 *   replica leaving the rotation (the highest-numbered serving one) gets no new attempts and
 *   serves what it holds, queue included (connection draining); once it holds nothing its
 *   workers go to 0, so that it no longer counts as capacity. A replica joining (the
 *   lowest-numbered out of rotation, perhaps one still draining) gets its workers back and is
 *   balanced to at once.
 */
import type { EventHandler } from '../engine/event-queue.ts';
import type { Simulation } from '../engine/simulation.ts';
import type { FailureReason } from '../strategies/reasons.ts';
import { Autoscaler, type ScaledGauges, type ScaledUnits } from './autoscaler.ts';
import type { ServiceConfig } from './config.ts';
import type { BreakerState, CacheEvent, ModelObserver, ReplicaHealthEvent, ServiceMember } from './observer.ts';
import type { ReplicaChoice } from './replica-health.ts';
import type { Service } from './service.ts';

/** A piecewise-constant quantity and its integral from 0. */
class Integral {
  private area = 0;
  private since = 0;
  constructor(public value: number) {}

  add(t: number, change: number): void {
    this.area += this.value * (t - this.since);
    this.since = t;
    this.value += change;
  }

  at(t: number): number {
    return this.area + this.value * (t - this.since);
  }
}

/** The service's gauges, its replicas' summed. */
class GaugeAreas implements ScaledGauges {
  readonly busy = new Integral(0);
  readonly workers: Integral;
  readonly waiting = new Integral(0);
  constructor(workers: number) {
    this.workers = new Integral(workers);
  }

  areas(t: number, into: Float64Array, at: number): void {
    into[at] = this.busy.at(t);
    into[at + 1] = this.workers.at(t);
    into[at + 2] = this.waiting.at(t);
  }
}

/** One Service's observer: passes every call on, and adds its gauges' changes to the service's sums. */
class GaugeTap implements ModelObserver {
  private busy = 0;
  private waiting = 0;
  constructor(private readonly inner: ModelObserver, private readonly sums: GaugeAreas, private workers: number, private readonly onChange: () => void) {}

  busyChanged(service: number, t: number, busy: number): void {
    this.sums.busy.add(t, busy - this.busy);
    this.busy = busy;
    this.inner.busyChanged(service, t, busy);
    this.onChange();
  }
  queueChanged(service: number, t: number, length: number): void {
    this.sums.waiting.add(t, length - this.waiting);
    this.waiting = length;
    this.inner.queueChanged(service, t, length);
    this.onChange();
  }
  capacityChanged(service: number, t: number, workers: number): void {
    this.sums.workers.add(t, workers - this.workers);
    this.workers = workers;
    this.inner.capacityChanged(service, t, workers);
  }

  requestStarted(client: number, t: number): void { this.inner.requestStarted(client, t); }
  attemptSent(client: number, t: number): void { this.inner.attemptSent(client, t); }
  retryWaiting(t: number, change: number): void { this.inner.retryWaiting(t, change); }
  requestEnded(client: number, startedAt: number, t: number, attempts: number, reason: FailureReason | null): void {
    this.inner.requestEnded(client, startedAt, t, attempts, reason);
  }
  serviceArrival(service: number, t: number): void { this.inner.serviceArrival(service, t); }
  serviceRefused(service: number, t: number, reason: FailureReason, arrivedAt?: number): void {
    this.inner.serviceRefused(service, t, reason, arrivedAt);
  }
  serviceShed(service: number, arrivedAt: number, startedAt: number, t: number): void { this.inner.serviceShed(service, arrivedAt, startedAt, t); }
  jobEnded(service: number, arrivedAt: number, startedAt: number, t: number, reason: FailureReason | null, wasted: boolean): void {
    this.inner.jobEnded(service, arrivedAt, startedAt, t, reason, wasted);
  }
  lateResponse(service: number, startedAt: number, t: number, busy: number): void { this.inner.lateResponse(service, startedAt, t, busy); }
  breakerChanged(client: number, service: number, t: number, from: BreakerState, to: BreakerState): void {
    this.inner.breakerChanged(client, service, t, from, to);
  }
  memberObservers(service: number, members: readonly ServiceMember[]): ModelObserver[] { return this.inner.memberObservers(service, members); }
  replicaHealth(service: number, t: number, event: ReplicaHealthEvent): void { this.inner.replicaHealth(service, t, event); }
  workStretched(service: number, t: number, sampled: number, stretched: number): void { this.inner.workStretched(service, t, sampled, stretched); }
  cacheEvent(service: number, t: number, event: CacheEvent, count?: number): void { this.inner.cacheEvent(service, t, event, count); }
}

class WorkerUnits implements ScaledUnits {
  constructor(private readonly service: Service) {}
  serve(count: number): void {
    this.service.scaleTo(count);
  }
}

const DRAINED = 0;

/** The replicas in rotation: every route's ReplicaChoice for an autoscaled service with replicas. */
export class ActiveReplicas implements ReplicaChoice, ScaledUnits, EventHandler {
  candidates: number[];
  readonly allowed: boolean[];
  readonly outcomes = null;
  /** Out of rotation but still holding work. */
  private readonly draining: boolean[];

  constructor(private readonly sim: Simulation, private readonly replicas: readonly Service[], private readonly workers: number, initial: number) {
    this.allowed = replicas.map((_, r) => r < initial);
    this.draining = replicas.map(() => false);
    this.candidates = this.inRotation();
  }

  /** Idle replicas out of rotation from the start hold no workers. */
  start(): void {
    this.replicas.forEach((replica, r) => {
      if (!this.allowed[r]) replica.scaleTo(0);
    });
  }

  serve(count: number): void {
    let active = this.candidates.length;
    for (let r = 0; active < count && r < this.replicas.length; r++) {
      if (this.allowed[r]) continue;
      this.allowed[r] = true;
      active++;
      // One still draining kept its workers; a drained one gets them back.
      if (this.draining[r]) this.draining[r] = false;
      else this.replicas[r].scaleTo(this.workers);
    }
    for (let r = this.replicas.length - 1; active > count && r >= 0; r--) {
      if (!this.allowed[r]) continue;
      this.allowed[r] = false;
      active--;
      this.draining[r] = true;
      this.checkDrained(r);
    }
    this.candidates = this.inRotation();
  }

  /** A replica's gauges changed: one draining that holds nothing now is gone (an event: the Service is mid-change). */
  checkDrained(r: number): void {
    if (this.draining[r] && this.replicas[r].outstanding === 0) this.sim.scheduleIn(0, this, DRAINED, r);
  }

  handleEvent(_tag: number, data: unknown): void {
    const r = data as number;
    if (!this.draining[r] || this.replicas[r].outstanding > 0) return;
    this.draining[r] = false;
    this.replicas[r].scaleTo(0);
  }

  private inRotation(): number[] {
    return this.replicas.map((_, r) => r).filter((r) => this.allowed[r]);
  }
}

/**
 * Everything an autoscaled service has: the taps its Services report through, then (attach)
 * the autoscaler and, for replicas, the rotation its balancers share.
 */
export class Scaling {
  private readonly sums: GaugeAreas;
  replicas: ActiveReplicas | null = null;
  autoscaler: Autoscaler | null = null;
  private readonly perReplica: boolean;

  constructor(private readonly sim: Simulation, private readonly config: ServiceConfig & { autoscale: NonNullable<ServiceConfig['autoscale']> }, members: number, private readonly until: number) {
    this.perReplica = config.replicas !== undefined;
    this.sums = new GaugeAreas(config.workers * members);
  }

  /** The observer member `r` reports through. */
  tap(inner: ModelObserver, r: number): ModelObserver {
    return new GaugeTap(inner, this.sums, this.config.workers, () => this.replicas?.checkDrained(r));
  }

  attach(services: readonly Service[]): void {
    const { config, sim } = this;
    const initial = this.perReplica ? (config.replicas as number) : config.workers;
    let units: ScaledUnits = new WorkerUnits(services[0]);
    if (this.perReplica) units = this.replicas = new ActiveReplicas(sim, services, config.workers, initial);
    this.autoscaler = new Autoscaler(sim, config.autoscale, this.sums, units, initial, this.until, this.perReplica ? config.workers : 1);
  }

  start(): void {
    this.replicas?.start();
    this.autoscaler?.start();
  }
}
