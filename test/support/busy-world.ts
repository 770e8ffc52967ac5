/**
 * The busy two-tier world of the conservation tests: clients at 500/s with timeouts, retries
 * and hedges that cancel their losers, against api calling db, with every kind of fault in
 * turn. Each test supplies the two services (their policies are what it varies).
 */
import type { DistributionSpec } from '../../src/engine/distribution.ts';
import type { FaultConfig, ServiceConfig } from '../../src/model/config.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import type { RetrySpec } from '../../src/strategies/config.ts';
import { NO_STRATEGIES, openClient, scenario } from './scenarios.ts';

export const exponential: DistributionSpec = { dist: 'exponential', mean: 0.01 };
export const lognormalDb: DistributionSpec = { dist: 'lognormal', median: 0.004, p99: 0.05 };
export const retry: RetrySpec = { maxAttempts: 3, retryOn: ['timeout', 'rejected', 'error'], backoff: { kind: 'constant', delay: 0.01 }, budget: null };
/** api's call to db. */
export const callDb = { ...NO_STRATEGIES, service: 'db', timeout: 0.05, retry };

export function busyWorld(api: ServiceConfig, db: ServiceConfig, apiWorkersFault: FaultConfig): Scenario {
  return scenario({
    services: [api, db],
    clients: [
      openClient('web', 'api', 450, { timeout: 0.2, retry }),
      openClient('mobile', 'api', 50, { timeout: 0.3, retry, hedge: { after: 0.05, maxExtra: 1, cancelLosers: true } }),
    ],
    duration: 40,
    faults: [
      { kind: 'slowdown', service: 'db', factor: 3, at: 5, for: 10 },
      { kind: 'error_rate', service: 'api', rate: 0.2, latency: 0.002, at: 18, for: 4 },
      apiWorkersFault,
      { kind: 'outage', service: 'db', at: 30, for: 2 },
      { kind: 'latency', service: 'db', add: 0.03, at: 33, for: 3 },
      { kind: 'load_spike', client: 'web', factor: 3, at: 36, for: 2 },
    ],
  });
}
