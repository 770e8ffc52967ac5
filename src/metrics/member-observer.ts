/**
 * The members of one service: its replicas (docs/replicas.md) or its bulkhead partitions
 * (docs/bulkheads.md). Each member is a Service of its own that reports to one of these instead
 * of the Recorder: the service's figures are the members' together (counts forwarded as they
 * come, gauges summed: queue length, busy workers, workers), and each member keeps its own
 * window and totals for its row in timeseries.csv (`services.<name>.replicas.<i>`,
 * `services.<name>.partitions.<p>`) and its entry in summary.json, and, with health checks or
 * outlier detection, its health figures.
 */
import type { BreakerState, ModelObserver, ReplicaHealthEvent, ServiceMember } from '../model/observer.ts';
import type { FailureReason } from '../strategies/reasons.ts';
import { BreakerTrack, ServiceTotals, ServiceWindow } from './entity-stats.ts';
import type { SeriesRow } from './series.ts';
import { TimeWeighted } from './time-weighted.ts';
import { serviceRow } from './window-rows.ts';

/** The sums the replicas of one service report as the service's own gauges. */
interface GroupGauges {
  queue: number;
  busy: number;
  workers: number;
}

export interface MemberSetup {
  warmup: number;
  duration: number;
  window: number;
  /** The failure reasons the run reports, each a column (reasons.ts). */
  reasons: readonly FailureReason[];
  /** Some route to the service checks its replicas' health or ejects outliers: the health figures are kept. */
  health?: boolean;
}

/**
 * A replica's standing with the balancers that check it (docs/replicas.md): ejections and
 * times marked unhealthy from warm-up on, and how many balancers hold it out of their healthy
 * set, over time (its area from warm-up to the end of arrivals is `excluded_s`).
 */
export class HealthTrack {
  ejections = 0;
  markedUnhealthy = 0;
  readonly excluded: TimeWeighted;

  constructor(warmup: number, duration: number) {
    this.excluded = new TimeWeighted(warmup, duration);
  }
}

export class MemberObserver implements ModelObserver {
  readonly window: ServiceWindow;
  readonly totals = new ServiceTotals();
  /** A replica has no breakers of its own in the series: its calls' breakers are the service's. */
  private readonly noBreakers: BreakerTrack;
  /** Null unless the setup asks for health figures. */
  readonly health: HealthTrack | null;

  constructor(
    private readonly parent: ModelObserver,
    private readonly gauges: GroupGauges,
    private readonly setup: MemberSetup,
    readonly entity: string,
    /** `replicas.<i>` or `partitions.<name>`. */
    readonly member: string,
    workers: number,
  ) {
    this.window = new ServiceWindow(setup.warmup, setup.duration, workers);
    this.noBreakers = new BreakerTrack(setup.warmup, setup.duration);
    this.health = setup.health === true ? new HealthTrack(setup.warmup, setup.duration) : null;
  }

  /** One observer per member of the service whose entity is `entity`, sharing the sums. */
  static group(parent: ModelObserver, setup: MemberSetup, entity: string, members: readonly ServiceMember[]): MemberObserver[] {
    const gauges: GroupGauges = { queue: 0, busy: 0, workers: members.reduce((sum, m) => sum + m.workers, 0) };
    return members.map((m) => new MemberObserver(parent, gauges, setup, `${entity}.${m.name}`, m.name, m.workers));
  }

  /** Its row of the window [t, t + window) that closes at `end` (Recorder.attach). */
  closeWindow(t: number, end: number): SeriesRow {
    const { row } = serviceRow(t, this.entity, this.window, this.noBreakers, this.setup.window, end, this.setup.reasons);
    this.window.resetCounts();
    if (this.health !== null) row.excluded = this.health.excluded.closeWindow(end) / this.setup.window;
    return row;
  }

  requestStarted(client: number, t: number): void { this.parent.requestStarted(client, t); }
  /** Counted for the service as a whole: members have no `stretch` column of their own. */
  workStretched(service: number, t: number, sampled: number, stretched: number): void { this.parent.workStretched(service, t, sampled, stretched); }
  attemptSent(client: number, t: number): void { this.parent.attemptSent(client, t); }
  retryWaiting(t: number, change: number): void { this.parent.retryWaiting(t, change); }
  requestEnded(client: number, startedAt: number, t: number, attempts: number, reason: FailureReason | null): void {
    this.parent.requestEnded(client, startedAt, t, attempts, reason);
  }

  serviceArrival(service: number, t: number): void {
    this.parent.serviceArrival(service, t);
    this.window.arrivals++;
    if (t >= this.setup.warmup) this.totals.arrivals++;
  }

  serviceRefused(service: number, t: number, reason: FailureReason, arrivedAt = t): void {
    this.parent.serviceRefused(service, t, reason, arrivedAt);
    const counted = arrivedAt >= this.setup.warmup;
    if (reason === 'rejected') {
      this.window.rejected++;
      if (counted) this.totals.rejected++;
    } else {
      this.window.errors++;
      if (counted) this.totals.errors++;
    }
  }

  serviceShed(service: number, arrivedAt: number, startedAt: number, t: number): void {
    this.parent.serviceShed(service, arrivedAt, startedAt, t);
    this.window.shed++;
    if (arrivedAt >= this.setup.warmup) this.totals.shed++;
  }

  queueChanged(service: number, t: number, length: number): void {
    this.gauges.queue += length - this.window.queue.value;
    this.parent.queueChanged(service, t, this.gauges.queue);
    this.window.queue.set(t, length);
  }

  busyChanged(service: number, t: number, busy: number): void {
    this.gauges.busy += busy - this.window.busy.value;
    this.parent.busyChanged(service, t, this.gauges.busy);
    this.window.busy.set(t, busy);
  }

  capacityChanged(service: number, t: number, workers: number): void {
    this.gauges.workers += workers - this.window.workers.value;
    this.parent.capacityChanged(service, t, this.gauges.workers);
    this.window.workers.set(t, workers);
  }

  jobEnded(service: number, arrivedAt: number, startedAt: number, t: number, reason: FailureReason | null, wasted: boolean): void {
    this.parent.jobEnded(service, arrivedAt, startedAt, t, reason, wasted);
    if (reason === null) this.window.completed++;
    else this.window.errors++;
    this.window.sojourn.record(t - arrivedAt);
    if (arrivedAt >= this.setup.warmup) {
      if (reason === null) this.totals.completed++;
      else this.totals.errors++;
    }
  }

  lateResponse(service: number, startedAt: number, t: number, busy: number): void {
    this.parent.lateResponse(service, startedAt, t, busy);
  }

  breakerChanged(client: number, service: number, t: number, from: BreakerState, to: BreakerState): void {
    this.parent.breakerChanged(client, service, t, from, to);
  }

  replicaHealth(service: number, t: number, event: ReplicaHealthEvent): void {
    const health = this.health;
    if (health === null) return;
    const counted = t >= this.setup.warmup;
    if (event === 'ejected') health.ejections += counted ? 1 : 0;
    else if (event === 'unhealthy') health.markedUnhealthy += counted ? 1 : 0;
    else health.excluded.set(t, health.excluded.value + (event === 'excluded' ? 1 : -1));
  }

  memberObservers(): ModelObserver[] {
    throw new Error('a replica or partition has no members of its own');
  }
}
