/**
 * A static estimate of each service's capacity: how many attempts per second its workers can
 * serve, workers / mean holding time, where a worker is held for the service's own work and then
 * for each downstream call in turn (DESIGN: calls are made one after another, holding the worker).
 *
 *   holding(s) = E[service time of s] + Σ over its calls of min(holding(callee), call timeout)
 *
 * It ignores queueing downstream, retries and faults: it is what the workers could do at best,
 * the yardstick a summary sets offered attempts against so that a model that is overloaded from
 * the start shows as such. Calls never form a cycle (the validator refuses them).
 */
import { distributionMean } from '../engine/samplers.ts';
import type { ModelConfig, ServiceConfig } from './config.ts';

export interface CapacityEstimate {
  /** Mean seconds a worker is held per attempt (own work plus downstream calls). */
  holdingTime: number;
  /** Attempts per second the workers can serve at best; Infinity when an attempt holds a worker for no time. */
  perSecond: number;
}

/** One estimate per service, in the order of `config.services`. */
export function estimateCapacities(config: Pick<ModelConfig, 'services'>): CapacityEstimate[] {
  const byName = new Map(config.services.map((s) => [s.name, s]));
  const holding = new Map<string, number>();
  const holdingOf = (s: ServiceConfig): number => {
    const known = holding.get(s.name);
    if (known !== undefined) return known;
    let time = distributionMean(s.serviceTime);
    for (const call of s.calls) {
      const callee = byName.get(call.service) as ServiceConfig;
      time += Math.min(holdingOf(callee), call.timeout ?? Infinity);
    }
    holding.set(s.name, time);
    return time;
  };
  return config.services.map((s) => {
    const holdingTime = holdingOf(s);
    return { holdingTime, perSecond: holdingTime > 0 ? (s.workers * (s.replicas ?? 1)) / holdingTime : Infinity };
  });
}
