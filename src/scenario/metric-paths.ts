/**
 * Every metric an assertion may name: the numeric and boolean paths of summary.json
 * (SCENARIO-FORMAT.md, "Results"), with the unit its value is in.
 */
import { FAILURE_REASONS } from '../strategies/reasons.ts';

export type MetricUnit = 'count' | 'seconds' | 'fraction' | 'per_second' | 'ratio' | 'bool';

const RUN_METRICS: Record<string, MetricUnit> = { seed: 'count', duration_s: 'seconds', warmup_s: 'seconds' };

const CLIENT_METRICS: Record<string, MetricUnit> = {
  requests: 'count',
  attempts: 'count',
  succeeded: 'count',
  failed: 'count',
  amplification: 'ratio',
  goodput_ratio: 'fraction',
  goodput_per_s: 'per_second',
  peak_attempts_per_s: 'per_second',
  ...Object.fromEntries(FAILURE_REASONS.map((reason) => [`failures.${reason}`, 'count' as const])),
  ...Object.fromEntries(['mean', 'p50', 'p90', 'p99', 'p999', 'max'].map((q) => [`latency.${q}`, 'seconds' as const])),
};

const SERVICE_METRICS: Record<string, MetricUnit> = {
  arrivals: 'count',
  completed: 'count',
  rejected: 'count',
  shed: 'count',
  errors: 'count',
  utilization: 'fraction',
  wasted_fraction: 'fraction',
  'sojourn.mean': 'seconds',
  'sojourn.p50': 'seconds',
  'sojourn.p99': 'seconds',
  peak_arrivals_per_s: 'per_second',
  'capacity.estimated_per_s': 'per_second',
  'capacity.offered_per_s': 'per_second',
  'capacity.utilization': 'fraction',
};

/** Only a periodic client has it (summary.ts, docs/periodic-work.md). */
const PERIODIC_CLIENT_METRICS: Record<string, MetricUnit> = { peak_rate: 'per_second' };

/** Only a service with a look-aside cache has them (cache-stats.ts, docs/caches.md). */
const CACHE_METRICS: Record<string, MetricUnit> = {
  'cache.requests': 'count',
  'cache.hits': 'count',
  'cache.misses': 'count',
  'cache.hit_ratio': 'fraction',
  'cache.fetches': 'count',
  'cache.coalesced': 'count',
  'cache.refused': 'count',
  'cache.stale_served': 'count',
  'cache.fills': 'count',
  'cache.evictions': 'count',
  'cache.lost': 'count',
};

/** Only a service with more than one replica has them (summary.ts, docs/replicas.md). */
const REPLICATED_SERVICE_METRICS: Record<string, MetricUnit> = { imbalance: 'ratio' };

/** Only a service with `autoscale` has them (docs/autoscaling.md). */
const AUTOSCALED_SERVICE_METRICS: Record<string, MetricUnit> = Object.fromEntries(
  ['scale_outs', 'scale_ins', 'held_scale_ins', 'units_added', 'units_removed', 'min_units', 'max_units', 'mean_units', 'final_units']
    .map((name) => [`autoscale.${name}`, 'count' as const]),
);

const METASTABILITY_METRICS: Record<string, MetricUnit> = {
  baseline_goodput_per_s: 'per_second',
  recovered: 'bool',
  metastable: 'bool',
  recovery_time_s: 'seconds',
  still_recovering: 'bool',
  projected_recovery_s: 'seconds',
  late_recovery_time_s: 'seconds',
  baseline_offered_per_s: 'per_second',
  'backlog.baseline': 'count',
  'backlog.final': 'count',
  'backlog.trend_per_s': 'per_second',
};

/** The `propagation` section's paths (SCENARIO-FORMAT.md, "Results", and this project's additions). */
const PROPAGATION_METRICS: Record<string, MetricUnit> = {
  'work_per_s.min': 'per_second',
  'work_per_s.mean': 'per_second',
  'work_per_s.max': 'per_second',
  'staleness.p50': 'seconds',
  'staleness.p99': 'seconds',
  'staleness.max': 'seconds',
  convergence_s: 'seconds',
  backlog_max: 'count',
  never_converged: 'count',
  stale_nodes_at_end: 'count',
  utilization: 'fraction',
  changes: 'count',
  messages: 'count',
  retries: 'count',
  dropped: 'count',
};

export const PROPAGATION_PREFIX = 'propagation.';

/** The paths of the `propagation` section, which a summary has only when its scenario has the section. */
export function propagationMetricPaths(): Map<string, MetricUnit> {
  return new Map(Object.entries(PROPAGATION_METRICS).map(([name, unit]) => [`${PROPAGATION_PREFIX}${name}`, unit]));
}

/** Which entities have the figures only some have: by name. */
export interface OptionalMetrics {
  /** The summary has a `propagation` section. */
  propagation?: boolean;
  /** Services with more than one replica. */
  replicated?: readonly string[];
  /** Clients with `arrival: { kind: periodic }`. */
  periodic?: readonly string[];
  /** Services with a look-aside cache. */
  cached?: readonly string[];
  /** Services with `autoscale`. */
  autoscaled?: readonly string[];
}

/**
 * Paths in a fixed order: run, then each client, each service, then metastability, then (with
 * `propagation`) the propagation section.
 */
export function metricPaths(clients: readonly string[], services: readonly string[], optional: OptionalMetrics = {}): Map<string, MetricUnit> {
  const { propagation = false, replicated = [], periodic = [], cached = [], autoscaled = [] } = optional;
  const paths = new Map<string, MetricUnit>(Object.entries(RUN_METRICS));
  const addAll = (prefix: string, metrics: Record<string, MetricUnit>): void => {
    for (const [name, unit] of Object.entries(metrics)) paths.set(`${prefix}.${name}`, unit);
  };
  for (const client of clients) {
    addAll(`clients.${client}`, CLIENT_METRICS);
    if (periodic.includes(client)) addAll(`clients.${client}`, PERIODIC_CLIENT_METRICS);
  }
  for (const service of services) {
    addAll(`services.${service}`, SERVICE_METRICS);
    if (replicated.includes(service)) addAll(`services.${service}`, REPLICATED_SERVICE_METRICS);
    if (cached.includes(service)) addAll(`services.${service}`, CACHE_METRICS);
    if (autoscaled.includes(service)) addAll(`services.${service}`, AUTOSCALED_SERVICE_METRICS);
  }
  addAll('metastability', METASTABILITY_METRICS);
  if (propagation) addAll('propagation', PROPAGATION_METRICS);
  return paths;
}
