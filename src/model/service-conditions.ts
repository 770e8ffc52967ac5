/**
 * How active faults change a service, folded into one value so the hot path reads plain fields.
 * Overlapping faults combine: slowdowns multiply, added latencies add, independent error rates
 * combine as 1 − Π(1 − rate), and of several `workers` faults the one that started last wins.
 */
import type { FaultConfig } from './config.ts';

export interface ServiceConditions {
  /** Service times are multiplied by this. */
  readonly slowdown: number;
  /** Worker count while a `workers` fault is active; null for the configured count. */
  readonly workers: number | null;
  readonly errorRate: number;
  /** Delay before an error response caused by `error_rate`. */
  readonly errorLatency: number;
  readonly outage: boolean;
  /** Added to every response. */
  readonly addedLatency: number;
}

export const NO_SERVICE_FAULTS: ServiceConditions = {
  slowdown: 1,
  workers: null,
  errorRate: 0,
  errorLatency: 0,
  outage: false,
  addedLatency: 0,
};

/** `active` holds the service's active faults in the order they started. */
export function serviceConditions(baseWorkers: number, active: readonly FaultConfig[]): ServiceConditions {
  let slowdown = 1;
  let workers: number | null = null;
  let keepRate = 1;
  let errorLatency = 0;
  let outage = false;
  let addedLatency = 0;
  for (const fault of active) {
    switch (fault.kind) {
      case 'slowdown':
        slowdown *= fault.factor;
        break;
      case 'workers':
        // A factor keeps a whole number of workers, rounded to the nearest.
        workers = fault.count ?? Math.round(baseWorkers * (fault.factor ?? 1));
        break;
      case 'error_rate':
        keepRate *= 1 - fault.rate;
        errorLatency = Math.max(errorLatency, fault.latency);
        break;
      case 'outage':
        outage = true;
        break;
      case 'latency':
        addedLatency += fault.add;
        break;
      case 'load_spike':
      case 'cache_flush':
        break;
    }
  }
  return { slowdown, workers, errorRate: 1 - keepRate, errorLatency, outage, addedLatency };
}
