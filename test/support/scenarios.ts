/** Scenario objects built in code for tests, with the same defaults the YAML loader fills in. */
import type { DistributionSpec } from '../../src/engine/distribution.ts';
import type { ClientConfig, FaultConfig, ServiceConfig } from '../../src/model/config.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { NO_RETRY } from '../../src/strategies/config.ts';

export function service(name: string, workers: number, serviceTime: DistributionSpec, extra: Partial<ServiceConfig> = {}): ServiceConfig {
  return { name, workers, serviceTime, queue: { capacity: null, discipline: 'fifo' }, calls: [], shedding: null, cancelOnTimeout: false, ...extra };
}

export function openClient(name: string, target: string, rate: number, extra: Partial<ClientConfig> = {}): ClientConfig {
  return {
    name,
    target,
    arrival: { kind: 'open', rate, process: 'poisson', schedule: [] },
    timeout: null,
    retry: NO_RETRY,
    circuitBreaker: null,
    hedge: null,
    throttle: null,
    ...extra,
  };
}

export function scenario(parts: {
  services: ServiceConfig[];
  clients: ClientConfig[];
  duration: number;
  warmup?: number;
  window?: number;
  seed?: number;
  faults?: FaultConfig[];
}): Scenario {
  return {
    name: 'test',
    description: '',
    seed: parts.seed ?? 1,
    duration: parts.duration,
    warmup: parts.warmup ?? 0,
    window: parts.window ?? 1,
    services: parts.services,
    clients: parts.clients,
    faults: parts.faults ?? [],
    metastability: { tolerance: 0.1, hold: 10, limit: null },
    check: { seeds: 1, tolerances: {} },
    assertions: [],
  };
}

/** M/M/c (or M/G/c) with the arrival rate that gives utilization rho. */
export function queueingScenario(c: number, rho: number, serviceTime: DistributionSpec, meanService: number, requests: number, seed = 1): Scenario {
  const lambda = (rho * c) / meanService;
  const duration = requests / lambda;
  return scenario({
    services: [service('server', c, serviceTime)],
    clients: [openClient('load', 'server', lambda)],
    duration,
    warmup: duration * 0.05,
    window: 10,
    seed,
  });
}

/** The client-side strategies all off, for downstream-call literals in tests. */
export const NO_STRATEGIES = { circuitBreaker: null, hedge: null, throttle: null } as const;
