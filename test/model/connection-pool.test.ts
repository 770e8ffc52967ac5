/** Connection pools (docs/connection-pools.md) in tiny worlds worked by hand. */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { timeseriesCsv } from '../../src/report/files.ts';
import type { ClientConfig } from '../../src/model/config.ts';
import type { RetrySpec } from '../../src/strategies/config.ts';
import { eventLog } from '../support/log-observer.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';

const evenly = (rate: number) => ({ kind: 'open' as const, rate, process: 'uniform' as const, schedule: [] });
const constant = (value: number) => ({ dist: 'constant' as const, value });
const retryOn = (maxAttempts: number, on: RetrySpec['retryOn']): RetrySpec => ({ maxAttempts, retryOn: on, backoff: { kind: 'none' }, budget: null });

/** 10 requests a second, at 0.1, 0.2, ...; 10 workers, 0.25 s of work: without a pool, up to 3 at once. */
function world(client: Partial<ClientConfig>, duration = 0.45) {
  return scenario({
    services: [service('api', 10, constant(0.25))],
    clients: [openClient('web', 'api', 10, { arrival: evenly(10), ...client })],
    duration,
  });
}

describe('connection pool', () => {
  it('lets at most `max` attempts out at once; with acquire_timeout 0 the rest fail at once with pool_exhausted', () => {
    // Requests at 0.1 .. 0.4; a pool of 2: the third (0.3) finds both connections taken (0.1 and
    // 0.2 answer at 0.35 and 0.45) and fails at once, never reaching the service; the fourth
    // (0.4) takes the connection freed at 0.35.
    expect(eventLog(world({ pool: { max: 2, acquireTimeout: 0 } }))).toEqual([
      '0.10 c0 request', '0.10 c0 attempt', '0.10 s0 arrival', '0.10 s0 busy 1',
      '0.20 c0 request', '0.20 c0 attempt', '0.20 s0 arrival', '0.20 s0 busy 2',
      '0.30 c0 request', '0.30 c0 attempt', '0.30 c0 failed pool_exhausted (started 0.30, 1 attempts)',
      '0.35 s0 busy 1', '0.35 s0 job ok (arrived 0.10, started 0.10)', '0.35 c0 succeeded (started 0.10, 1 attempts)',
      '0.40 c0 request', '0.40 c0 attempt', '0.40 s0 arrival', '0.40 s0 busy 2',
      '0.45 s0 busy 1', '0.45 s0 job ok (arrived 0.20, started 0.20)', '0.45 c0 succeeded (started 0.20, 1 attempts)',
      '0.65 s0 busy 0', '0.65 s0 job ok (arrived 0.40, started 0.40)', '0.65 c0 succeeded (started 0.40, 1 attempts)',
    ]);
  });

  it('a pool of 1 makes attempts wait in line, first come first served, and sends each when a connection is freed', () => {
    // Requests at 0.1, 0.2, 0.3 with up to 1 s to wait: one at a time, each sent as the one
    // before is answered (0.35, 0.6), so they arrive at the service in the order they were made.
    const log = eventLog(world({ pool: { max: 1, acquireTimeout: 1 } }, 0.35));
    expect(log.filter((l) => / s0 (arrival|job)/.test(l))).toEqual([
      '0.10 s0 arrival',
      '0.35 s0 job ok (arrived 0.10, started 0.10)',
      '0.35 s0 arrival',
      '0.60 s0 job ok (arrived 0.35, started 0.35)',
      '0.60 s0 arrival',
      '0.85 s0 job ok (arrived 0.60, started 0.60)',
    ]);
    expect(log.filter((l) => l.includes('succeeded'))).toEqual([
      '0.35 c0 succeeded (started 0.10, 1 attempts)',
      '0.60 c0 succeeded (started 0.20, 1 attempts)',
      '0.85 c0 succeeded (started 0.30, 1 attempts)',
    ]);
  });

  it('an attempt that waits acquire_timeout in vain fails with pool_exhausted; its timeout starts only when it is sent', () => {
    // Pool of 1, 0.1 s to wait. 0.2 waits until 0.3 and fails; 0.3 waits and gets the connection
    // freed at 0.35. Its 0.3 s timeout starts then: answered at 0.6, within it (from 0.3 it would not be).
    const log = eventLog(world({ pool: { max: 1, acquireTimeout: 0.1 }, timeout: 0.3 }, 0.35));
    expect(log.filter((l) => / c0 (succeeded|failed)/.test(l))).toEqual([
      '0.30 c0 failed pool_exhausted (started 0.20, 1 attempts)',
      '0.35 c0 succeeded (started 0.10, 1 attempts)',
      '0.60 c0 succeeded (started 0.30, 1 attempts)',
    ]);
  });

  it('frees a connection when its attempt times out, though the service still works on it', () => {
    // Pool of 1, no wait, timeout 0.05 s: each attempt times out after 0.05 s and frees the
    // connection, so every request gets one; the service works 0.25 s on each, for nobody.
    const s = world({ pool: { max: 1, acquireTimeout: 0 }, timeout: 0.05 });
    const web = runScenario(s).summary.clients.web;
    expect(web).toMatchObject({ requests: 4, attempts: 4, failed: 4, failures: { timeout: 4, pool_exhausted: 0 } });
  });

  it('retries pool_exhausted only when retry_on names it', () => {
    // Pool of 1, 0.1 s to wait, 3 attempts. The request at 0.2 waits in vain twice (0.3, 0.4)...
    const run = (on: RetrySpec['retryOn']) => runScenario(world({ pool: { max: 1, acquireTimeout: 0.1 }, retry: retryOn(3, on) }, 0.25)).summary.clients.web;
    // ... and is not retried by default: 2 requests, the second fails after 1 attempt.
    expect(run(['timeout', 'rejected', 'error'])).toMatchObject({ requests: 2, attempts: 2, succeeded: 1, failures: { pool_exhausted: 1 } });
    // Retried at once: its second attempt waits from 0.3, takes the connection freed at 0.35 and
    // succeeds at 0.6.
    expect(run(['pool_exhausted'])).toMatchObject({ requests: 2, attempts: 3, succeeded: 2, failures: { pool_exhausted: 0 } });
  });

  it('reports pool_exhausted (summary key, series column) only when a route has a pool', () => {
    const without = runScenario(world({}));
    expect(Object.keys(without.summary.clients.web.failures)).not.toContain('pool_exhausted');
    expect(timeseriesCsv(without.series).split('\n')[0]).not.toContain('pool_exhausted');
    const withPool = runScenario(world({ pool: { max: 2, acquireTimeout: 0 } }));
    expect(withPool.summary.clients.web.failures.pool_exhausted).toBe(1);
    const csv = timeseriesCsv(withPool.series).split('\n');
    const column = csv[0].split(',').indexOf('failed_pool_exhausted_per_s');
    expect(column).toBeGreaterThan(0);
    expect(csv.filter((line) => line.startsWith('0,clients.web'))[0].split(',')[column]).toBe('1');
  });
});

describe('connection pool and hedges', () => {
  it('a hedge waits for a connection like any attempt, and leaves the line unsent when the first attempt wins', () => {
    // Pool of 1: the request at 0.1 hedges at 0.2; the hedge waits for the one connection. The
    // first attempt answers at 0.35; the hedge is dropped from the line, never reaching the service.
    const s = world({ pool: { max: 1, acquireTimeout: 1 }, hedge: { after: 0.1, maxExtra: 1, cancelLosers: false } }, 0.15);
    expect(eventLog(s)).toEqual([
      '0.10 c0 request', '0.10 c0 attempt', '0.10 s0 arrival', '0.10 s0 busy 1',
      '0.20 c0 attempt',
      '0.35 s0 busy 0', '0.35 s0 job ok (arrived 0.10, started 0.10)', '0.35 c0 succeeded (started 0.10, 2 attempts)',
    ]);
  });
});

describe('share of a downstream call', () => {
  it('only that share of the jobs make the call; the others skip it', () => {
    const s = (share: number) => scenario({
      services: [service('api', 10, constant(0.001), { calls: [{ service: 'db', timeout: null, retry: retryOn(1, ['error']), circuitBreaker: null, hedge: null, throttle: null, share }] }), service('db', 10, constant(0.001))],
      clients: [openClient('web', 'api', 1000, { arrival: evenly(1000) })],
      duration: 10,
    });
    const arrivals = (share: number) => runScenario(s(share)).summary.services.db.arrivals;
    expect(arrivals(1)).toBe(10_000);
    expect(arrivals(0)).toBe(0);
    expect(arrivals(0.3)).toBeGreaterThan(2_800);
    expect(arrivals(0.3)).toBeLessThan(3_200);
  });
});
