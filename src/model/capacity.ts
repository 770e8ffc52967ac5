/**
 * A static estimate of each service's capacity: how many attempts per second its workers can
 * serve, workers / mean holding time, where a worker is held for the service's own work and then
 * for each downstream call in turn (DESIGN: calls are made one after another, holding the worker).
 *
 *   holding(s) = E[service time of s] + Σ over its call steps of step(s)
 *   step = min(holding(callee), call timeout)                       for a plain call
 *   step = the quorum-th smallest of those times over the step's calls   for a parallel step
 *
 * A parallel step waits for its quorum-th success, so with every call taking its mean time that
 * is the quorum-th fastest (the slowest for `wait: all`, the fastest for `any`). Taking means
 * leaves out the spread, which only makes the wait for all longer (E[max] >= max E: the tail at
 * scale), so this stays what the workers could do at best.
 *
 * It ignores queueing downstream, retries and faults: it is what the workers could do at best,
 * the yardstick a summary sets offered attempts against so that a model that is overloaded from
 * the start shows as such. Calls never form a cycle (the validator refuses them).
 *
 * A service with `contention:` is held longer the more jobs are at work (contention.ts): its
 * estimate is the best over how many of its workers are busy (contendedCapacity), its holding
 * time the one at that point. A caller's wait on it is still taken at its unstretched holding
 * time, the best case.
 */
import { distributionMean } from '../engine/samplers.ts';
import { contendedCapacity } from './contention.ts';
import { isParallel, type DownstreamCall, type ModelConfig, type ServiceConfig } from './config.ts';

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
    const callTime = (call: DownstreamCall): number =>
      Math.min(holdingOf(byName.get(call.service) as ServiceConfig), call.timeout ?? Infinity);
    let time = distributionMean(s.serviceTime);
    for (const step of s.calls) {
      if (!isParallel(step)) {
        // A call that only a share of the jobs make holds a worker that share of the time.
        time += (step.share ?? 1) * callTime(step);
        continue;
      }
      const times = step.parallel.flatMap((branch) => Array<number>(branch.count).fill(callTime(branch)));
      time += times.sort((a, b) => a - b)[step.quorum - 1];
    }
    holding.set(s.name, time);
    return time;
  };
  return config.services.map((s) => {
    const holdingTime = holdingOf(s);
    if (s.contention !== undefined) {
      const work = distributionMean(s.serviceTime);
      // Each replica counts its own jobs at work: the best of one replica, times the replicas.
      const one = contendedCapacity(s.contention, work, holdingTime - work, s.workers);
      return { holdingTime: one.holdingTime, perSecond: one.perSecond * (s.replicas ?? 1) };
    }
    return { holdingTime, perSecond: holdingTime > 0 ? (s.workers * (s.replicas ?? 1)) / holdingTime : Infinity };
  });
}
