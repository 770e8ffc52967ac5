/**
 * The run summary: the shape of summary.json (SCENARIO-FORMAT.md, Results). Floating-point
 * values are rounded to 6 significant digits, so the file reads well and is stable; counts are
 * exact. Keys keep one fixed order, so the same run always gives the same bytes.
 */
import type { CacheSummary } from './cache-stats.ts';
import type { ReasonCounts } from './entity-stats.ts';
import type { Histogram } from './histogram.ts';
import type { MetastabilityVerdict } from './metastability.ts';
import type { StoppedEarly } from './stopped.ts';
import type { ServiceCapacity } from './service-loads.ts';
import type { PropagationSummary } from './propagation-summary.ts';
import type { AutoscaleSummary } from './autoscale-track.ts';
import { utilization, type Recorder } from './recorder.ts';
import { clientEntity, serviceEntity } from './series.ts';

export interface ClientSummary {
  requests: number;
  attempts: number;
  amplification: number | null;
  succeeded: number;
  failed: number;
  /** By reason: the reasons the run reports (reasons.ts), so `pool_exhausted` only where a route has a pool. */
  failures: Partial<ReasonCounts>;
  goodput_ratio: number | null;
  goodput_per_s: number;
  /** The most attempts sent in one window from warm-up on, per second (retry spikes, dogpiles). */
  peak_attempts_per_s: number;
  /**
   * Only for a periodic client (docs/periodic-work.md; left out otherwise): the most requests it
   * started in one window from warm-up on, per second (with a 1 s window, the peak arrivals per second).
   */
  peak_rate?: number;
  latency: { mean: number | null; p50: number | null; p90: number | null; p99: number | null; p999: number | null; max: number | null };
}

export interface ServiceSummary {
  arrivals: number;
  completed: number;
  /** Refused at arrival because the queue was full. */
  rejected: number;
  /** Dropped by shedding or cancelled (deadline propagation, losing hedges): not served. */
  shed: number;
  /** Failed with `error`: by a fault (outage, error rate) or by a downstream call that failed after its retries. */
  errors: number;
  utilization: number;
  wasted_fraction: number;
  /** The most attempts arriving in one window from warm-up on, per second. */
  peak_arrivals_per_s: number;
  sojourn: { mean: number | null; p50: number | null; p99: number | null };
  /** Estimated capacity against the attempts offered before the first fault (service-loads.ts). */
  capacity: ServiceCapacity;
  /**
   * Only for a service with more than one replica (the keys are left out otherwise): the
   * highest replica utilization over the mean of them (1 when balanced; null when all idle), and
   * each replica's own figures, in replica order.
   */
  imbalance?: number | null;
  replicas?: ReplicaSummary[];
  /** Only for a service with bulkheads (docs/bulkheads.md): each partition's figures, by name. */
  partitions?: Record<string, ReplicaSummary>;
  /** Only for a service with a look-aside cache (docs/caches.md). */
  cache?: CacheSummary;
  /** Only for a service with `autoscale` (docs/autoscaling.md). */
  autoscale?: AutoscaleSummary;
}

export interface ReplicaSummary {
  arrivals: number;
  /** Its share of the service's arrivals; null when there were none. */
  share: number | null;
  completed: number;
  rejected: number;
  /** Dropped by shedding, or cancelled (or given up while blocked): as the service's `shed`. */
  shed: number;
  errors: number;
  utilization: number;
  /**
   * Only when a route to the service checks its replicas' health or ejects outliers
   * (docs/replicas.md): outlier ejections and times health checks marked it unhealthy, from
   * warm-up on, all balancers together; and the seconds it spent out of a balancer's healthy
   * set from warm-up to the end of arrivals (summed over balancers: plain seconds with one).
   */
  ejections?: number;
  marked_unhealthy?: number;
  excluded_s?: number;
}

export interface AssertionResult {
  expr: string;
  value: number | boolean | null;
  pass: boolean;
}

export interface Summary {
  scenario: string;
  /** The variant's name, in the summary of a run of one of a file's `variants` (set by the command). */
  variant?: string;
  seed: number;
  duration_s: number;
  warmup_s: number;
  /** Only when the run stopped before its end: why, when, and with how much work in the system. */
  stopped?: StoppedEarly;
  clients: Record<string, ClientSummary>;
  services: Record<string, ServiceSummary>;
  metastability: MetastabilityVerdict;
  /** Only when the scenario has a propagation section. */
  propagation?: PropagationSummary;
  assertions: AssertionResult[];
}

export function round(x: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(6)) : x;
}

export function roundOrNull(x: number): number | null {
  return Number.isNaN(x) ? null : round(x);
}

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : round(a / b);
}

function quantile(h: Histogram, q: number): number | null {
  return roundOrNull(h.quantile(q));
}

/** The highest per-second value of a column in the windows from warm-up on (drain included). */
function peakOf(rec: Recorder, warmup: number, entity: string, column: 'attempts_per_s' | 'offered_per_s'): number {
  let peak = 0;
  for (const row of rec.rows) {
    if (row.entity === entity && (row.t_s ?? 0) >= warmup && (row[column] ?? 0) > peak) peak = row[column] ?? 0;
  }
  return round(peak);
}

export interface SummaryHeader {
  scenario: string;
  seed: number;
  duration: number;
  warmup: number;
  clients: readonly string[];
  services: readonly string[];
  /** The clients with periodic arrivals: they get `peak_rate`. */
  periodic?: readonly string[];
}

/** What a summary reports beyond the recorder's counts. */
export interface SummaryParts {
  verdict: MetastabilityVerdict;
  /** The run stopped before its end (the key is left out of a run that ran to its end). */
  stopped?: StoppedEarly | null;
  /** One per service, in order. */
  capacity: readonly ServiceCapacity[];
  /** The section's summary, when the scenario has one (null: the key is left out). */
  propagation?: PropagationSummary | null;
}

export function buildSummary(h: SummaryHeader, rec: Recorder, parts: SummaryParts): Summary {
  const propagation = parts.propagation ?? null;
  const stopped = parts.stopped ?? null;
  // Rates are per second of the time measured: to the end of arrivals, or to an early stop (none
  // measured when it stopped inside the warm-up).
  const measured = Math.min(h.duration, stopped?.at_s ?? Infinity) - h.warmup;
  const clients: Record<string, ClientSummary> = {};
  h.clients.forEach((name, i) => {
    const c = rec.clientTotals[i];
    const failures = {} as ReasonCounts;
    for (const r of rec.reasons) failures[r] = c.failures[r];
    clients[name] = {
      requests: c.requests,
      attempts: c.attempts,
      amplification: ratio(c.attempts, c.requests),
      succeeded: c.succeeded,
      failed: c.failed,
      failures,
      goodput_ratio: ratio(c.succeeded, c.requests),
      goodput_per_s: measured > 0 ? round(c.succeeded / measured) : 0,
      peak_attempts_per_s: peakOf(rec, h.warmup, clientEntity(name), 'attempts_per_s'),
      ...(h.periodic?.includes(name) ? { peak_rate: peakOf(rec, h.warmup, clientEntity(name), 'offered_per_s') } : {}),
      latency: {
        mean: roundOrNull(c.latency.mean),
        p50: quantile(c.latency, 0.5),
        p90: quantile(c.latency, 0.9),
        p99: quantile(c.latency, 0.99),
        p999: quantile(c.latency, 0.999),
        max: c.latency.count === 0 ? null : round(c.latency.max),
      },
    };
  });
  const services: Record<string, ServiceSummary> = {};
  h.services.forEach((name, i) => {
    const s = rec.serviceTotals[i];
    const areas = rec.serviceAreas(i);
    services[name] = {
      arrivals: s.arrivals,
      completed: s.completed,
      rejected: s.rejected,
      shed: s.shed,
      errors: s.errors,
      utilization: round(utilization(areas.busy, areas.workers)),
      wasted_fraction: s.busyTime === 0 ? 0 : round(s.wastedTime / s.busyTime),
      peak_arrivals_per_s: peakOf(rec, h.warmup, serviceEntity(name), 'attempts_per_s'),
      sojourn: { mean: roundOrNull(s.sojourn.mean), p50: quantile(s.sojourn, 0.5), p99: quantile(s.sojourn, 0.99) },
      capacity: parts.capacity[i],
      ...replicaFigures(rec, i, s.arrivals),
      ...(rec.caches[i] == null ? {} : { cache: (rec.caches[i] as NonNullable<(typeof rec.caches)[number]>).summary(round) }),
    };
    const scaled = rec.autoscale.get(i);
    if (scaled !== undefined) services[name].autoscale = scaled.summary(round, measured);
  });
  return {
    scenario: h.scenario,
    seed: h.seed,
    duration_s: h.duration,
    warmup_s: h.warmup,
    ...(stopped === null ? {} : { stopped: { reason: stopped.reason, at_s: round(stopped.at_s), in_flight: stopped.in_flight, limit: stopped.limit } }),
    clients,
    services,
    metastability: roundVerdict(parts.verdict),
    ...(propagation === null ? {} : { propagation }),
    assertions: [],
  };
}

/**
 * For a service made of several: `imbalance` and `replicas` (replicas), or `partitions`
 * (bulkheads); nothing for a service of one.
 */
function replicaFigures(rec: Recorder, service: number, arrivals: number): Pick<ServiceSummary, 'imbalance' | 'replicas' | 'partitions'> {
  const areas = rec.memberAreas(service);
  if (areas === null) return {};
  const replicas = areas.map(({ totals, busy, workers, health }): ReplicaSummary => ({
    arrivals: totals.arrivals,
    share: ratio(totals.arrivals, arrivals),
    completed: totals.completed,
    rejected: totals.rejected,
    shed: totals.shed,
    errors: totals.errors,
    utilization: round(utilization(busy, workers)),
    ...(health === null ? {} : {
      ejections: health.ejections, marked_unhealthy: health.markedUnhealthy, excluded_s: round(health.excluded.summaryArea),
    }),
  }));
  const partition = /^partitions\.(.*)$/;
  if (partition.test(areas[0].member)) {
    return { partitions: Object.fromEntries(areas.map((a, i) => [(partition.exec(a.member) as RegExpExecArray)[1], replicas[i]])) };
  }
  const loads = areas.map(({ busy, workers }) => utilization(busy, workers));
  const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
  return { imbalance: mean > 0 ? round(Math.max(...loads) / mean) : null, replicas };
}

const roundNullable = (x: number | null): number | null => (x === null ? null : round(x));

/** The verdict with its numbers to 6 significant digits, keys in the order summary.json shows them. */
function roundVerdict(m: MetastabilityVerdict): MetastabilityVerdict {
  const sat = m.saturation;
  return {
    baseline_goodput_per_s: roundNullable(m.baseline_goodput_per_s),
    recovered: m.recovered,
    recovery_time_s: roundNullable(m.recovery_time_s),
    metastable: m.metastable,
    no_verdict: m.no_verdict,
    outcome: m.outcome,
    still_recovering: m.still_recovering,
    projected_recovery_s: roundNullable(m.projected_recovery_s),
    late_recovery_time_s: roundNullable(m.late_recovery_time_s),
    baseline_offered_per_s: roundNullable(m.baseline_offered_per_s),
    evidence: m.evidence,
    saturation: sat === null ? null : {
      service: sat.service, arrivals_per_s: round(sat.arrivals_per_s), capacity_per_s: round(sat.capacity_per_s), utilization: round(sat.utilization), share: round(sat.share),
    },
    backlog: { baseline: roundNullable(m.backlog.baseline), final: roundNullable(m.backlog.final), trend_per_s: roundNullable(m.backlog.trend_per_s) },
  };
}
