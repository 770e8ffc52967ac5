/**
 * Tiny worlds: one client, one or two services, constant times, so every event can be worked
 * out by hand. Each expected log below was derived by hand first (see the comments).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { eventLog } from '../support/log-observer.ts';
import { NO_STRATEGIES, openClient, scenario, service } from '../support/scenarios.ts';

const evenly = (rate: number) => ({ kind: 'open' as const, rate, process: 'uniform' as const, schedule: [] });
const constant = (value: number) => ({ dist: 'constant' as const, value });

describe('tiny worlds: exact event logs', () => {
  it('times out, retries at once, queues behind wasted work, and drains after arrivals stop', () => {
    // One worker, 0.75 s of work, a 0.5 s timeout, 2 attempts; arrivals at t = 1 and 2 (stop at 2.5).
    // Attempt 1 of request 0 times out at 1.5 while still being served; its retry queues behind it.
    // At t = 2 the new request arrives before the retry times out: it was scheduled earlier (at t = 1),
    // so the (time, sequence) order puts it first. Every job is served to the end and wasted.
    const s = scenario({
      services: [service('api', 1, constant(0.75))],
      clients: [openClient('web', 'api', 1, { arrival: evenly(1), timeout: 0.5, retry: { maxAttempts: 2, retryOn: ['timeout'], backoff: { kind: 'none' }, budget: null } })],
      duration: 2.5,
    });
    expect(eventLog(s)).toEqual([
      '1.00 c0 request',
      '1.00 c0 attempt',
      '1.00 s0 arrival',
      '1.00 s0 busy 1',
      '1.50 c0 attempt',
      '1.50 s0 arrival',
      '1.50 s0 queue 1',
      '1.75 s0 busy 0',
      '1.75 s0 job ok (arrived 1.00, started 1.00, wasted)',
      '1.75 s0 busy 1',
      '1.75 s0 queue 0',
      '2.00 c0 request',
      '2.00 c0 attempt',
      '2.00 s0 arrival',
      '2.00 s0 queue 1',
      '2.00 c0 failed timeout (started 1.00, 2 attempts)',
      '2.50 s0 busy 0',
      '2.50 s0 job ok (arrived 1.50, started 1.75, wasted)',
      '2.50 s0 busy 1',
      '2.50 s0 queue 0',
      '2.50 c0 attempt',
      '2.50 s0 arrival',
      '2.50 s0 queue 1',
      '3.00 c0 failed timeout (started 2.00, 2 attempts)',
      '3.25 s0 busy 0',
      '3.25 s0 job ok (arrived 2.00, started 2.50, wasted)',
      '3.25 s0 busy 1',
      '3.25 s0 queue 0',
      '4.00 s0 busy 0',
      '4.00 s0 job ok (arrived 2.50, started 3.25, wasted)',
    ]);
  });

  it('a late response is ignored and a response in time succeeds', () => {
    // 0.25 s of work, a 0.5 s timeout: each request succeeds on its first attempt.
    const s = scenario({
      services: [service('api', 1, constant(0.25))],
      clients: [openClient('web', 'api', 1, { arrival: evenly(1), timeout: 0.5, retry: { maxAttempts: 3, retryOn: ['timeout'], backoff: { kind: 'none' }, budget: null } })],
      duration: 1.5,
    });
    expect(eventLog(s)).toEqual([
      '1.00 c0 request',
      '1.00 c0 attempt',
      '1.00 s0 arrival',
      '1.00 s0 busy 1',
      '1.25 s0 busy 0',
      '1.25 s0 job ok (arrived 1.00, started 1.00)',
      '1.25 c0 succeeded (started 1.00, 1 attempts)',
    ]);
  });

  it('a full queue rejects, rejected is retried after a constant backoff, and retry_on is honoured', () => {
    // Queue capacity 0 and one worker: the second request (t = 2) arrives while the first (4 s of
    // work from t = 1) is served, is rejected at once, retries 0.5 s later and is rejected again.
    const s = scenario({
      services: [service('api', 1, constant(4), { queue: { capacity: 0, discipline: 'fifo' } })],
      clients: [openClient('web', 'api', 1, { arrival: evenly(1), retry: { maxAttempts: 2, retryOn: ['rejected'], backoff: { kind: 'constant', delay: 0.5 }, budget: null } })],
      duration: 2.5,
    });
    expect(eventLog(s)).toEqual([
      '1.00 c0 request',
      '1.00 c0 attempt',
      '1.00 s0 arrival',
      '1.00 s0 busy 1',
      '2.00 c0 request',
      '2.00 c0 attempt',
      '2.00 s0 arrival',
      '2.00 s0 refused rejected',
      '2.00 retry waits',
      '2.50 retry leaves its wait',
      '2.50 c0 attempt',
      '2.50 s0 arrival',
      '2.50 s0 refused rejected',
      '2.50 c0 failed rejected (started 2.00, 2 attempts)',
      '5.00 s0 busy 0',
      '5.00 s0 job ok (arrived 1.00, started 1.00)',
      '5.00 c0 succeeded (started 1.00, 1 attempts)',
    ]);
  });

  it('a downstream call holds the worker and its failures fail the caller with error', () => {
    // api does 0.1 s of work, then calls db (3 attempts); db is in an outage for the whole run, so
    // every db attempt fails fast, api's job fails with `error`, and the client (2 attempts) retries
    // once: 2 × 3 = 6 attempts reach db for the one request.
    const s = scenario({
      services: [
        service('api', 1, constant(0.1), { calls: [{ ...NO_STRATEGIES, service: 'db', timeout: 1, retry: { maxAttempts: 3, retryOn: ['error'], backoff: { kind: 'none' }, budget: null } }] }),
        service('db', 1, constant(0.1)),
      ],
      clients: [openClient('web', 'api', 1, { arrival: evenly(1), timeout: 5, retry: { maxAttempts: 2, retryOn: ['error'], backoff: { kind: 'none' }, budget: null } })],
      duration: 1.5,
      faults: [{ kind: 'outage', service: 'db', at: 0, for: 100 }],
    });
    const r = runScenario(s);
    expect(r.summary.clients.web).toMatchObject({ requests: 1, attempts: 2, failed: 1, failures: { error: 1 } });
    expect(r.summary.services.db).toMatchObject({ arrivals: 6, errors: 6, completed: 0 });
    expect(r.summary.services.api).toMatchObject({ arrivals: 2, errors: 2, completed: 0 });
    // Each api job held its worker for 0.1 s of work: the calls failed at once.
    expect(r.endTime).toBeCloseTo(1.2, 12);
  });
});
