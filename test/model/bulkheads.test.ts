/**
 * Bulkheads: a service's workers split into partitions, each with its own queue, each taking the
 * attempts of the callers or request classes it names (the rest go to the one naming neither).
 */
import { describe, expect, it } from 'vitest';
import { partitionFor, type PartitionConfig } from '../../src/model/config.ts';
import { runScenario } from '../../src/run.ts';
import { NO_STRATEGIES, openClient, scenario, service } from '../support/scenarios.ts';

const unbounded = { capacity: null, discipline: 'fifo' as const };
const part = (name: string, workers: number, callers: string[] = [], classes: string[] = []): PartitionConfig =>
  ({ name, workers, queue: unbounded, callers, classes });
const evenly = (rate: number) => ({ kind: 'open' as const, rate, process: 'uniform' as const, schedule: [] });

describe('bulkheads', () => {
  it('a caller goes to the partition naming it, a class to the one naming the class, everyone else to the rest', () => {
    const partitions = [part('web', 2, ['web']), part('reports', 1, [], ['report']), part('rest', 1)];
    expect(partitionFor(partitions, 'web', undefined)).toBe(0);
    expect(partitionFor(partitions, 'web', 'report')).toBe(0);
    expect(partitionFor(partitions, 'batch', 'report')).toBe(1);
    expect(partitionFor(partitions, 'batch', undefined)).toBe(2);
  });

  it('each partition serves only its callers, with its own workers: one saturated partition leaves the other alone', () => {
    // web: 10/s of 50 ms on 1 worker (half busy); batch: 40/s of 50 ms on 1 worker (twice what it can do).
    const s = scenario({
      services: [service('api', 2, { dist: 'constant', value: 0.05 }, { partitions: [part('interactive', 1, ['web']), part('batch', 1, ['batch'])] })],
      clients: [openClient('web', 'api', 10, { arrival: evenly(10), timeout: 0.2 }), openClient('batch', 'api', 40, { arrival: evenly(40), timeout: 0.2 })],
      duration: 10,
    });
    const { summary, series } = runScenario(s);
    const p = summary.services.api.partitions ?? {};
    expect(Object.keys(p)).toEqual(['interactive', 'batch']);
    // One attempt per request: each partition's arrivals are exactly its client's requests.
    expect(p.interactive.arrivals).toBe(summary.clients.web.requests);
    expect(p.batch.arrivals).toBe(summary.clients.batch.requests);
    expect(p.batch.arrivals).toBeGreaterThan(390);
    expect(p.interactive.utilization).toBeGreaterThanOrEqual(0.495); // 0.5 less the last job past the end
    expect(p.interactive.utilization).toBeLessThanOrEqual(0.5);
    expect(p.batch.utilization).toBeGreaterThan(0.99);
    // web never waits: every request succeeds in 50 ms; batch's queue grows and its requests time out.
    expect(summary.clients.web.goodput_ratio).toBe(1);
    expect(summary.clients.web.latency.max).toBeCloseTo(0.05, 6);
    expect(summary.clients.batch.goodput_ratio).toBeLessThan(0.2);
    expect(series.some((row) => row.entity === 'services.api.partitions.batch')).toBe(true);
    expect(summary.services.api.replicas).toBeUndefined();
  });

  it('a calling service\'s call goes to its partition by the caller\'s name or the call\'s class', () => {
    const s = scenario({
      services: [
        service('front', 4, { dist: 'constant', value: 0.001 }, {
          calls: [{ ...NO_STRATEGIES, service: 'api', class: 'page', timeout: null, retry: { maxAttempts: 1, retryOn: ['timeout'], backoff: { kind: 'none' }, budget: null } }],
        }),
        service('api', 3, { dist: 'constant', value: 0.01 }, { partitions: [part('pages', 2, [], ['page']), part('rest', 1)] }),
      ],
      clients: [openClient('web', 'front', 10, { arrival: evenly(10) }), openClient('direct', 'api', 5, { arrival: evenly(5) })],
      duration: 10,
    });
    const p = runScenario(s).summary.services.api.partitions ?? {};
    expect(p.pages.arrivals).toBe(100);
    expect(p.rest.arrivals).toBe(50);
  });
});
