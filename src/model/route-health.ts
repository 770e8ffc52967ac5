/**
 * Builds a route's view of its replicas' health (replica-health.ts) from its `health_check`,
 * `outlier_detection` and `healthy_panic_threshold` (docs/replicas.md): the null object
 * (every replica, nobody listening) when it has neither, so that the route balances exactly as
 * before these existed.
 */
import type { RandomStream } from '../engine/random.ts';
import type { Simulation } from '../engine/simulation.ts';
import { NO_RETRY } from '../strategies/config.ts';
import { isParallel, type CallPolicy, type ModelConfig, type RouteHealthConfig } from './config.ts';
import { startHealthChecks, type CheckedReplica } from './health-checks.ts';
import { OutlierDetector } from './outlier-detection.ts';
import { everyReplica, HealthView, type HealthReport, type ReplicaChoice } from './replica-health.ts';
import type { AttemptTarget, Route } from './request.ts';

/** Envoy's default healthy panic threshold, 50%. */
export const DEFAULT_PANIC_THRESHOLD = 0.5;

/** A route's health view needs this of each replica (Service has it). */
export type HealthReplica = CheckedReplica & HealthReport;

export interface RouteHealthParts {
  sim: Simulation;
  /** The route's own stream: the checks fork theirs from it (`health_check`). */
  rng: RandomStream;
  /** The run's duration: no check starts after it. */
  until: number;
  /** Builds a route to `target` with `policy`, as the model builds any route. */
  makeRoute(target: AttemptTarget, policy: CallPolicy, rng: RandomStream): Route;
}

export function routeHealth(config: RouteHealthConfig, replicas: readonly HealthReplica[], parts: RouteHealthParts): ReplicaChoice {
  const { healthCheck, outlierDetection } = config;
  if (healthCheck === undefined && outlierDetection === undefined) return everyReplica(replicas.length);
  const view = new HealthView(replicas, config.healthyPanicThreshold ?? DEFAULT_PANIC_THRESHOLD);
  if (outlierDetection !== undefined) view.outcomes = new OutlierDetector(parts.sim, replicas, outlierDetection, view);
  if (healthCheck !== undefined) {
    const rng = parts.rng.fork('health_check');
    const policy: CallPolicy = { timeout: healthCheck.timeout, retry: NO_RETRY, circuitBreaker: null, hedge: null, throttle: null };
    startHealthChecks({
      sim: parts.sim, spec: healthCheck, view, until: parts.until, rng,
      makeRoute: (target) => parts.makeRoute(target, policy, rng),
    }, replicas);
  }
  return view;
}

/** The services some route to which checks health or ejects outliers (by name): their replicas keep health figures. */
export function checkedServices(config: Pick<ModelConfig, 'clients' | 'services'>): Set<string> {
  const checked = new Set<string>();
  const note = (service: string, route: RouteHealthConfig): void => {
    if (route.healthCheck !== undefined || route.outlierDetection !== undefined) checked.add(service);
  };
  for (const c of config.clients) note(c.target, c);
  for (const s of config.services) {
    for (const step of s.calls) {
      if (isParallel(step)) for (const branch of step.parallel) note(branch.service, branch);
      else note(step.service, step);
    }
  }
  return checked;
}
