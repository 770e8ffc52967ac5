/** One row of the time series: one entity in one window. Column order is the CSV's. */
import { FAILURE_REASONS, POOL_REASONS } from '../strategies/reasons.ts';

export const SERIES_COLUMNS = [
  't_s',
  'entity',
  'offered_per_s',
  'attempts_per_s',
  'succeeded_per_s',
  'failed_per_s',
  'latency_p50_s',
  'latency_p99_s',
  'latency_p999_s',
  'queue_len',
  'utilization',
  ...FAILURE_REASONS.map((r) => `failed_${r}_per_s` as const),
  'shed_per_s',
  'breakers_open',
  'breaker_changes',
  // A replica's, with health checks or outlier detection on a route to it: balancers holding it out (time-average).
  'excluded',
  // A service's with `contention:` (docs/contention.md): total stretched over total sampled service time of the work started in the window.
  'stretch',
  // An autoscaled service's (docs/autoscaling.md): units serving, desired and provisioning (time-averages).
  'units',
  'units_desired',
  'units_provisioning',
  // A service's look-aside cache (docs/caches.md): the window's share of lookups that hit, and the others per second.
  'cache_hit_ratio',
  'cache_misses_per_s',
  // The propagation section's own columns (null for clients and services): see propagation-recorder.ts.
  'work_per_s',
  'stale_entries',
  'staleness_max_s',
  'backlog',
] as const;

/** The columns only the rows of a service with a cache fill (the CSV has them only then). */
export const CACHE_COLUMNS = ['cache_hit_ratio', 'cache_misses_per_s'] as const;

/** The columns only the propagation row fills. */
export const PROPAGATION_COLUMNS = ['work_per_s', 'stale_entries', 'staleness_max_s', 'backlog'] as const;

/** The entity name of the propagation section's row in each window. */
export const PROPAGATION_ENTITY = 'propagation';

export type SeriesColumn = (typeof SERIES_COLUMNS)[number];

/** The columns only the rows of an autoscaled service fill (the CSV has them only then). */
const AUTOSCALE_COLUMNS = ['units', 'units_desired', 'units_provisioning'] as const;

/** Columns that only some scenarios report (pool reasons, health, contention, caches, autoscaling): absent from the rows, and the CSV, of the others. */
export const OPTIONAL_COLUMNS: ReadonlySet<SeriesColumn> = new Set([
  ...POOL_REASONS.map((r) => `failed_${r}_per_s` as const), 'excluded' as const, 'stretch' as const, ...CACHE_COLUMNS, ...AUTOSCALE_COLUMNS,
]);
type OptionalColumn =
  | `failed_${(typeof POOL_REASONS)[number]}_per_s`
  | 'excluded'
  | 'stretch'
  | (typeof CACHE_COLUMNS)[number]
  | (typeof AUTOSCALE_COLUMNS)[number];

/** null where a column does not apply to the entity, or no value exists (no success: no latency). */
export type SeriesRow = { entity: string } & { [K in Exclude<SeriesColumn, 'entity' | OptionalColumn>]: number | null }
  & { [K in OptionalColumn]?: number | null };

/** Entity names in the series: `clients.<name>` and `services.<name>`, as in summary paths. */
export function clientEntity(name: string): string {
  return `clients.${name}`;
}

export function serviceEntity(name: string): string {
  return `services.${name}`;
}
