/**
 * Conservation under deadline propagation, three levels deep, in a busy world with retries
 * (after a backoff, through Envoy-style concurrency budgets), hedges whose losers are cancelled,
 * queues that overflow and faults: cancelling requests in flight, backoff waits and hedges
 * included, must leave every count balanced, or budgets drift and the work in the system leaks.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.ts';
import type { DownstreamCall } from '../../src/model/config.ts';
import { NullObserver, type ModelObserver } from '../../src/model/observer.ts';
import type { Route } from '../../src/model/request.ts';
import { runScenario } from '../../src/run.ts';
import type { RetrySpec } from '../../src/strategies/config.ts';
import { NO_STRATEGIES, openClient, scenario, service } from '../support/scenarios.ts';

const call = (to: string, timeout: number | null, retry: RetrySpec): DownstreamCall => ({ ...NO_STRATEGIES, service: to, timeout, retry });
const key = { cancelOnTimeout: true };

describe('conservation in a busy three-level world that propagates deadlines', () => {
  it('every request ends once, every attempt is accounted for, and budgets and backoff waits all return to zero', () => {
    const budget = { kind: 'concurrency' as const, ratio: 0.2, minConcurrent: 3 };
    const retry: RetrySpec = { maxAttempts: 3, retryOn: ['timeout', 'rejected', 'error'], backoff: { kind: 'constant', delay: 0.01 }, budget };
    const exponential = (mean: number) => ({ dist: 'exponential' as const, mean });
    const s = scenario({
      services: [
        service('a', 8, exponential(0.002), { ...key, calls: [{ ...call('b', 0.08, retry), hedge: { after: 0.03, maxExtra: 1, cancelLosers: true } }] }),
        service('b', 8, exponential(0.002), { ...key, queue: { capacity: 30, discipline: 'fifo' }, calls: [call('c', null, retry)] }),
        service('c', 4, exponential(0.005), { queue: { capacity: 40, discipline: 'fifo' } }),
      ],
      clients: [openClient('web', 'a', 600, { timeout: 0.1, retry })],
      duration: 30,
      faults: [
        { kind: 'slowdown', service: 'c', factor: 3, at: 5, for: 10 },
        { kind: 'error_rate', service: 'c', rate: 0.3, latency: 0, at: 18, for: 4 },
      ],
    });
    // What must balance at the end of the run.
    const tally = { waiting: 0, requests: 0, ended: 0 };
    const observer: ModelObserver = Object.assign(new NullObserver(), {
      retryWaiting: (_t: number, change: number) => void (tally.waiting += change),
      requestStarted: () => void tally.requests++,
      requestEnded: () => void tally.ended++,
    });
    const model = buildModel(s, observer);
    model.start();
    model.sim.run();
    expect(tally.requests).toBeGreaterThan(15000);
    expect(tally.ended).toBe(tally.requests);
    expect(tally.waiting).toBe(0);
    for (const svc of model.services) {
      for (const route of svc.calls as Route[]) {
        expect(route.budget['activeRequests' as keyof typeof route.budget], svc.name).toBe(0);
        expect(route.budget['activeRetries' as keyof typeof route.budget], svc.name).toBe(0);
      }
    }
    const r = runScenario(s);
    for (const [name, svc] of Object.entries(r.summary.services)) {
      expect(svc.completed + svc.rejected + svc.errors + svc.shed, name).toBe(svc.arrivals);
    }
    // The slowdown made jobs time out, and their calls were cancelled below.
    expect(r.summary.services.b.shed).toBeGreaterThan(100);
    expect(r.summary.services.c.shed).toBeGreaterThan(100);
  });
});
