/**
 * The standard benchmark of the core issue: M/M/c with c = 8 at ρ = 0.9 (λ = 720/s), exponential
 * service with mean 10 ms, a 100 ms timeout, one retry on timeout.
 *
 * As specified it is metastable: sooner or later a random excursion of the queue past ~80 jobs
 * (80 × 10 ms / 8 workers = the 100 ms timeout) makes attempts time out, their retries double
 * the offered load to 1440/s against 800/s of capacity, and the queue grows for the rest of the
 * run. `queueCapacity` bounds the queue (80 keeps every wait under the timeout), which keeps
 * the work in flight, and so memory, bounded.
 */
import type { Scenario } from '../../src/scenario/types.ts';

export const BENCH_RATE = 720;

export function benchScenario(requests: number, queueCapacity: number | null = null, seed = 1): Scenario {
  return {
    name: 'bench-mmc',
    description: 'M/M/8 at 90% load, 100 ms timeout, one retry on timeout',
    seed,
    duration: requests / BENCH_RATE,
    warmup: 10,
    window: 1,
    services: [{ name: 'server', workers: 8, serviceTime: { dist: 'exponential', mean: 0.01 }, queue: { capacity: queueCapacity, discipline: 'fifo' }, calls: [], shedding: null, cancelOnTimeout: false }],
    clients: [
      {
        name: 'load',
        target: 'server',
        arrival: { kind: 'open', rate: BENCH_RATE, process: 'poisson', schedule: [] },
        timeout: 0.1,
        retry: { maxAttempts: 2, retryOn: ['timeout'], backoff: { kind: 'none' }, budget: null },
        circuitBreaker: null,
        hedge: null,
        throttle: null,
      },
    ],
    faults: [],
    metastability: { tolerance: 0.1, hold: 10, limit: null },
    check: { seeds: 1, tolerances: {} },
    assertions: [],
  };
}
