/**
 * Turns the model's events into run totals (for summary.json) and per-window rows (for
 * timeseries.csv). Windows are closed as simulated time passes them, so only the current
 * window's histograms are held: memory is bounded by the number of entities, not run length
 * (the finished rows are kept, one small object per entity and window).
 *
 * Summaries leave out what began before warm-up: requests started before it, attempts that
 * arrived at a service before it, jobs that started before it. Windows cover the whole run,
 * drain included, each event counted in the window in which it happened.
 */
import type { ModelObserver } from '../model/observer.ts';
import { reportedReasons, type FailureReason } from '../strategies/reasons.ts';
import { bucketOf } from './histogram.ts';
import { TimeWeighted } from './time-weighted.ts';
import { BreakerTrack, ClientTotals, ClientWindow, ServiceTotals, ServiceWindow } from './entity-stats.ts';
import type { BreakerState, CacheEvent, ServiceMember } from '../model/observer.ts';
import { CacheStats } from './cache-stats.ts';
import { clientEntity, serviceEntity, type SeriesRow } from './series.ts';
import { clientRow, serviceRow } from './window-rows.ts';
import { MemberObserver, type HealthTrack } from './member-observer.ts';
import type { AutoscaleTrack } from './autoscale-track.ts';

export interface RecorderSetup {
  window: number;
  warmup: number;
  duration: number;
  clients: readonly string[];
  /**
   * `health`: some route to it checks its replicas' health or ejects outliers (the replicas keep
   * health figures). `contention`: the service has `contention:` (its rows get the `stretch`
   * column). `cache`: it has a look-aside cache, whose figures are kept (cache-stats.ts).
   */
  services: readonly { name: string; workers: number; health?: boolean; contention?: boolean; cache?: boolean }[];
  /** The failure reasons the run reports (reasons.ts); default: all but those of pools. */
  reasons?: readonly FailureReason[];
}

export { orNull, utilization } from './window-rows.ts';

interface StretchSums {
  sampled: number;
  stretched: number;
}

/**
 * An entity that records through an observer of its own (the propagation section) and has a
 * row in every window, after the clients' and the services'. Before it records an event at t,
 * it calls Recorder.advance(t), so that windows close in one place, in order.
 */
export interface WindowedEntity {
  /** The row of the window [t_s, t_s + window), which closes at `end`; then a new window. */
  closeWindow(t_s: number, end: number): SeriesRow;
}

export class Recorder implements ModelObserver {
  readonly clientTotals: ClientTotals[];
  readonly serviceTotals: ServiceTotals[];
  readonly rows: SeriesRow[] = [];
  /** The failure reasons in the summary's `failures` and the series' columns. */
  readonly reasons: readonly FailureReason[];
  /** Succeeded requests per second in each window, all clients together. */
  readonly goodput: number[] = [];
  /** Requests started per second in each window, all clients together. */
  readonly offered: number[] = [];
  /**
   * The work in the system in each window: the time-average number of attempts queued or in
   * service (a worker held while it waits on a downstream call included) at every service, plus
   * retries waiting out their backoff. The metastability verdict reads its trend.
   */
  readonly backlog: number[] = [];
  /** Retries waiting out their backoff, over time (all clients and calls together). */
  private readonly retriesWaiting: TimeWeighted;
  /** The services' part of the current window's backlog, summed as their rows are closed. */
  private windowBacklog = 0;
  private readonly clientWindows: ClientWindow[];
  private readonly serviceWindows: ServiceWindow[];
  private readonly clientBreakers: BreakerTrack[];
  private readonly serviceBreakers: BreakerTrack[];
  /**
   * Window k is [k·window, (k+1)·window), computed from k each time: boundaries built by
   * repeated addition drift. And times carry rounding (0.1 + 0.2 = 0.30000000000000004, while
   * 3 × 0.1 is too), so a window closes a billionth of its width before its boundary: an event
   * at a boundary, up to rounding, counts in the window that the boundary opens.
   */
  private windowIndex = 0;
  private windowStart = 0;
  private windowEnd: number;
  private readonly slack: number;
  private readonly entities: WindowedEntity[] = [];
  /** Per service with contention: sampled and stretched service time of the work started in the window. */
  private readonly stretches: (StretchSums | null)[];
  /** The replicas or partitions of each service made of more than one, by service index. */
  private readonly memberGroups = new Map<number, MemberObserver[]>();
  /** Each service's cache figures; null for a service without a cache. */
  readonly caches: (CacheStats | null)[];
  /** The autoscaled services' tracks, by service index (docs/autoscaling.md): their rows get the units columns. */
  readonly autoscale = new Map<number, AutoscaleTrack>();

  constructor(private readonly setup: RecorderSetup) {
    this.reasons = setup.reasons ?? reportedReasons(false);
    this.slack = setup.window * 1e-9;
    this.windowEnd = setup.window - this.slack;
    this.clientTotals = setup.clients.map(() => new ClientTotals());
    this.clientWindows = setup.clients.map(() => new ClientWindow());
    this.serviceTotals = setup.services.map(() => new ServiceTotals());
    this.serviceWindows = setup.services.map((s) => new ServiceWindow(setup.warmup, setup.duration, s.workers));
    this.clientBreakers = setup.clients.map(() => new BreakerTrack(setup.warmup, setup.duration));
    this.serviceBreakers = setup.services.map(() => new BreakerTrack(setup.warmup, setup.duration));
    this.retriesWaiting = new TimeWeighted(setup.warmup, setup.duration);
    this.stretches = setup.services.map((s) => (s.contention === true ? { sampled: 0, stretched: 0 } : null));
    this.caches = setup.services.map((s) => (s.cache === true ? new CacheStats() : null));
  }

  /** Adds a row per window for `entity`, from the current window on. */
  attach(entity: WindowedEntity): void {
    this.entities.push(entity);
  }

  memberObservers(service: number, members: readonly ServiceMember[]): ModelObserver[] {
    const { warmup, duration, window } = this.setup;
    const health = this.setup.services[service].health === true;
    const group = MemberObserver.group(this, { warmup, duration, window, reasons: this.reasons, health }, serviceEntity(this.setup.services[service].name), members);
    for (const member of group) this.attach(member);
    this.memberGroups.set(service, group);
    return group;
  }

  /**
   * Each member's (replica's or partition's) totals, busy and worker time inside [warm-up,
   * duration), and health figures (null without health checks or outlier detection); null for a
   * service of one. Call after finish().
   */
  memberAreas(service: number): { member: string; totals: ServiceTotals; busy: number; workers: number; health: HealthTrack | null }[] | null {
    const group = this.memberGroups.get(service);
    return group === undefined ? null : group.map((r) => ({ member: r.member, totals: r.totals, busy: r.window.busy.summaryArea, workers: r.window.workers.summaryArea, health: r.health }));
  }

  /** Health is a replica's: its observer records it (a service of one has no balancer). */
  replicaHealth(): void {}

  cacheEvent(service: number, t: number, event: CacheEvent, count = 1): void {
    if (t >= this.windowEnd) this.closeWindowsUntil(t);
    (this.caches[service] as CacheStats).record(event, t >= this.setup.warmup, count);
  }

  /** Closes every window that ends at or before t (for entities that record on their own). */
  advance(t: number): void {
    if (t >= this.windowEnd) this.closeWindowsUntil(t);
  }

  requestStarted(client: number, t: number): void {
    if (t >= this.windowEnd) this.closeWindowsUntil(t);
    this.clientWindows[client].offered++;
    if (t >= this.setup.warmup) this.clientTotals[client].requests++;
  }

  attemptSent(client: number, t: number): void {
    if (t >= this.windowEnd) this.closeWindowsUntil(t);
    this.clientWindows[client].attempts++;
  }

  retryWaiting(t: number, change: number): void {
    if (t >= this.windowEnd) this.closeWindowsUntil(t);
    this.retriesWaiting.set(t, this.retriesWaiting.value + change);
  }

  requestEnded(client: number, startedAt: number, t: number, attempts: number, reason: FailureReason | null): void {
    if (t >= this.windowEnd) this.closeWindowsUntil(t);
    const w = this.clientWindows[client];
    const counted = startedAt >= this.setup.warmup;
    const totals = this.clientTotals[client];
    if (counted) totals.attempts += attempts;
    if (reason === null) {
      const latency = t - startedAt;
      const bucket = bucketOf(latency);
      w.succeeded++;
      w.latency.recordIn(bucket, latency);
      if (counted) {
        totals.succeeded++;
        totals.latency.recordIn(bucket, latency);
      }
    } else {
      w.failed++;
      w.failures[reason]++;
      if (counted) {
        totals.failed++;
        totals.failures[reason]++;
      }
    }
  }

  serviceArrival(service: number, t: number): void {
    if (t >= this.windowEnd) this.closeWindowsUntil(t);
    this.serviceWindows[service].arrivals++;
    if (t >= this.setup.warmup) this.serviceTotals[service].arrivals++;
  }

  serviceRefused(service: number, t: number, reason: FailureReason, arrivedAt = t): void {
    if (t >= this.windowEnd) this.closeWindowsUntil(t);
    const w = this.serviceWindows[service];
    const totals = this.serviceTotals[service];
    // Counted by arrival, as arrivals are (an attempt dropped for a newer one arrived earlier).
    const counted = arrivedAt >= this.setup.warmup;
    if (reason === 'rejected') {
      w.rejected++;
      if (counted) totals.rejected++;
    } else {
      w.errors++;
      if (counted) totals.errors++;
    }
  }

  serviceShed(service: number, arrivedAt: number, startedAt: number, t: number): void {
    if (t >= this.windowEnd) this.closeWindowsUntil(t);
    this.serviceWindows[service].shed++;
    const totals = this.serviceTotals[service];
    // Counted by arrival, as arrivals are, so that the outcomes add up to the arrivals.
    if (arrivedAt >= this.setup.warmup) totals.shed++;
    if (startedAt >= this.setup.warmup) {
      totals.busyTime += t - startedAt;
      totals.wastedTime += t - startedAt;
    }
  }

  breakerChanged(client: number, service: number, t: number, from: BreakerState, to: BreakerState): void {
    if (t >= this.windowEnd) this.closeWindowsUntil(t);
    const track = client >= 0 ? this.clientBreakers[client] : this.serviceBreakers[service];
    track.changes++;
    // Half-open counts as open: the breaker still refuses all but its trials.
    const open = track.open.value + (to !== 'closed' ? 1 : 0) - (from !== 'closed' ? 1 : 0);
    track.open.set(t, open);
  }

  queueChanged(service: number, t: number, length: number): void {
    if (t >= this.windowEnd) this.closeWindowsUntil(t);
    this.serviceWindows[service].queue.set(t, length);
  }

  busyChanged(service: number, t: number, busy: number): void {
    if (t >= this.windowEnd) this.closeWindowsUntil(t);
    this.serviceWindows[service].busy.set(t, busy);
  }

  capacityChanged(service: number, t: number, workers: number): void {
    if (t >= this.windowEnd) this.closeWindowsUntil(t);
    this.serviceWindows[service].workers.set(t, workers);
  }

  jobEnded(service: number, arrivedAt: number, startedAt: number, t: number, reason: FailureReason | null, wasted: boolean): void {
    if (t >= this.windowEnd) this.closeWindowsUntil(t);
    const w = this.serviceWindows[service];
    if (reason === null) w.completed++;
    else w.errors++;
    const sojourn = t - arrivedAt;
    const bucket = bucketOf(sojourn);
    w.sojourn.recordIn(bucket, sojourn);
    const totals = this.serviceTotals[service];
    if (arrivedAt >= this.setup.warmup) {
      if (reason === null) totals.completed++;
      else totals.errors++;
      totals.sojourn.recordIn(bucket, sojourn);
    }
    if (startedAt >= this.setup.warmup) {
      totals.busyTime += t - startedAt;
      if (wasted) totals.wastedTime += t - startedAt;
    }
  }

  workStretched(service: number, t: number, sampled: number, stretched: number): void {
    if (t >= this.windowEnd) this.closeWindowsUntil(t);
    const sums = this.stretches[service] as StretchSums;
    sums.sampled += sampled;
    sums.stretched += stretched;
  }

  lateResponse(service: number, startedAt: number, t: number, busy: number): void {
    if (t >= this.windowEnd) this.closeWindowsUntil(t);
    // Its busy time was counted when the job ended; now we know it was for nobody.
    if (startedAt >= this.setup.warmup) this.serviceTotals[service].wastedTime += busy;
  }

  /**
   * Closes every window up to the end of the run: at least to `duration`, and on to the window
   * holding the last event (`lastEvent`) when work drained after it. A run stopped early
   * (`stopped`) keeps only its whole windows: none for time it did not run, and not the part of a
   * window it stopped in, whose rates would read as a fall.
   */
  finish(lastEvent: number, stopped = false): void {
    if (stopped) {
      this.closeWindowsUntil(lastEvent);
      return;
    }
    const end = Math.max(lastEvent, this.setup.duration);
    this.closeWindowsUntil(end);
    if (end > this.windowStart + this.slack || lastEvent >= this.windowStart) this.closeWindow();
  }

  /** Attempts queued or in service at every service, and retries waiting out a backoff, now. */
  get inSystem(): number {
    let n = this.retriesWaiting.value;
    for (const w of this.serviceWindows) n += w.queue.value + w.busy.value;
    return n;
  }

  /** Busy and worker time inside [warm-up, duration), for utilization; call after finish(). */
  serviceAreas(service: number): { busy: number; workers: number } {
    const w = this.serviceWindows[service];
    return { busy: w.busy.summaryArea, workers: w.workers.summaryArea };
  }

  private closeWindowsUntil(t: number): void {
    while (t >= this.windowEnd) this.closeWindow();
  }

  private closeWindow(): void {
    const { window, clients, services } = this.setup;
    // 12 significant digits: exact for any real window, and never two rows at one t_s.
    const t = Number(this.windowStart.toPrecision(12));
    let goodput = 0;
    let offered = 0;
    clients.forEach((name, i) => {
      const w = this.clientWindows[i];
      goodput += w.succeeded / window;
      offered += w.offered / window;
      this.rows.push(clientRow(t, clientEntity(name), w, this.clientBreakers[i], this.setup.window, this.windowEnd, this.reasons));
      w.reset();
    });
    services.forEach((s, i) => {
      const { row, inSystem } = serviceRow(t, serviceEntity(s.name), this.serviceWindows[i], this.serviceBreakers[i], this.setup.window, this.windowEnd, this.reasons);
      if (this.autoscale.size > 0) this.autoscale.get(i)?.fill(row, window, this.windowEnd);
      this.windowBacklog += inSystem;
      const sums = this.stretches[i];
      if (sums !== null) {
        row.stretch = sums.sampled > 0 ? sums.stretched / sums.sampled : null;
        sums.sampled = 0;
        sums.stretched = 0;
      }
      this.caches[i]?.closeWindow(row, window);
      this.rows.push(row);
      this.serviceWindows[i].resetCounts();
    });
    for (const entity of this.entities) this.rows.push(entity.closeWindow(t, this.windowEnd));
    this.goodput.push(goodput);
    this.offered.push(offered);
    this.backlog.push(this.windowBacklog + this.retriesWaiting.closeWindow(this.windowEnd) / window);
    this.windowBacklog = 0;
    this.windowIndex++;
    this.windowStart = this.windowIndex * window;
    this.windowEnd = (this.windowIndex + 1) * window - this.slack;
  }
}
