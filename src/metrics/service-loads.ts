/**
 * Each service's arrivals and utilization per window, read back from the time-series rows, with
 * its estimated capacity: what the metastability verdict and the capacity table set side by side.
 */
import type { ServiceLoadSeries } from './verdict-evidence.ts';
import { meanOf } from './verdict-evidence.ts';
import { clientEntity, serviceEntity, type SeriesRow } from './series.ts';
import { round } from './summary.ts';

export function serviceLoads(rows: readonly SeriesRow[], services: readonly { name: string; capacity: number }[]): ServiceLoadSeries[] {
  const byEntity = new Map(services.map((s) => [serviceEntity(s.name), { name: s.name, capacity: s.capacity, arrivals: [] as number[], utilization: [] as number[] }]));
  for (const row of rows) {
    const s = byEntity.get(row.entity);
    if (s === undefined) continue;
    s.arrivals.push(row.attempts_per_s ?? 0);
    s.utilization.push(row.utilization ?? 0);
  }
  return [...byEntity.values()];
}

/** Requests started per second by the named clients together, per window (from their rows). */
export function offeredBy(rows: readonly SeriesRow[], clients: readonly string[], windows: number): number[] {
  const entities = new Set(clients.map(clientEntity));
  const sum = new Array<number>(windows).fill(0);
  let window = -1;
  let last: number | null = null;
  for (const row of rows) {
    if (row.t_s !== last) {
      last = row.t_s;
      window++;
    }
    if (entities.has(row.entity)) sum[window] += row.offered_per_s ?? 0;
  }
  return sum;
}

/**
 * The capacity block of a service's summary: its estimated capacity, and the attempts it was
 * offered per second and the busy share of its workers over the baseline windows [from, to)
 * (warm-up to the first fault); null where there is no such window (or no bound on capacity).
 */
export interface ServiceCapacity {
  estimated_per_s: number | null;
  offered_per_s: number | null;
  utilization: number | null;
}

export function capacityBlock(load: ServiceLoadSeries, from: number, to: number): ServiceCapacity {
  const measured = to > from;
  return {
    estimated_per_s: Number.isFinite(load.capacity) ? round(load.capacity) : null,
    offered_per_s: measured ? round(meanOf(load.arrivals, from, to)) : null,
    utilization: measured ? round(meanOf(load.utilization, from, to)) : null,
  };
}
