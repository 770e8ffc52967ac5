/** The client-side strategies inside the request state machine, in tiny worlds worked by hand. */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import type { RetrySpec } from '../../src/strategies/config.ts';
import { eventLog } from '../support/log-observer.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';

const evenly = (rate: number) => ({ kind: 'open' as const, rate, process: 'uniform' as const, schedule: [] });
const constant = (value: number) => ({ dist: 'constant' as const, value });
const retryOnError = (maxAttempts: number, budget: RetrySpec['budget'] = null): RetrySpec => ({ maxAttempts, retryOn: ['error'], backoff: { kind: 'none' }, budget });
const outage = { kind: 'outage' as const, service: 'api', at: 0, for: 100 };

describe('hedging', () => {
  it('sends a hedge after `after`; the first answer wins and the loser is abandoned (its work wasted)', () => {
    // One worker, 0.5 s of work. The request at t = 1 hedges at 1.2; the hedge queues behind the
    // first attempt, which answers at 1.5 and wins. The hedge is then served from 1.5 to 2.0 for nobody.
    const s = scenario({
      services: [service('api', 1, constant(0.5))],
      clients: [openClient('web', 'api', 1, { arrival: evenly(1), hedge: { after: 0.2, maxExtra: 1, cancelLosers: false } })],
      duration: 1.5,
    });
    expect(eventLog(s)).toEqual([
      '1.00 c0 request',
      '1.00 c0 attempt',
      '1.00 s0 arrival',
      '1.00 s0 busy 1',
      '1.20 c0 attempt',
      '1.20 s0 arrival',
      '1.20 s0 queue 1',
      '1.50 s0 busy 0',
      '1.50 s0 job ok (arrived 1.00, started 1.00)',
      '1.50 s0 busy 1',
      '1.50 s0 queue 0',
      '1.50 c0 succeeded (started 1.00, 2 attempts)',
      '2.00 s0 busy 0',
      '2.00 s0 job ok (arrived 1.20, started 1.50, wasted)',
    ]);
  });

  it('a failed attempt does not end the try while a hedge is still out', () => {
    // error_rate 100% for the first 1.1 s: the first attempt (t = 1) fails at 1.05 (latency 50 ms);
    // the try ends there (no hedge yet), so max_attempts 1 fails the request.
    // With the hedge sent before the failure comes back (after 10 ms), the hedge (t = 1.01) also
    // fails; only then is the try over.
    const s = (after: number) =>
      scenario({
        services: [service('api', 2, constant(0.5))],
        clients: [openClient('web', 'api', 1, { arrival: evenly(1), hedge: { after, maxExtra: 1, cancelLosers: false } })],
        duration: 1.5,
        faults: [{ kind: 'error_rate', service: 'api', rate: 1, latency: 0.05, at: 0, for: 1.1 }],
      });
    expect(runScenario(s(0.2)).summary.clients.web).toMatchObject({ attempts: 1, failed: 1 });
    expect(runScenario(s(0.01)).summary.clients.web).toMatchObject({ attempts: 2, failed: 1, failures: { error: 1 } });
  });
});

describe('retry budget inside a request', () => {
  it('token bucket (gRFC A6): a failure the policy does not retry takes no token, so timeouts are still retried', () => {
    // Half the attempts fail at once with `error` (not in retry_on); the rest are served, and
    // one in fifty takes 300 ms against a 200 ms timeout and is retried. If the errors took
    // tokens (one each, against 0.1 per success), the bucket would sit at the floor and no
    // timeout would be retried; counted as gRFC A6 says (timeouts take 0.01 a request, successes
    // add 0.049), none is refused.
    const slowFiftieth = { dist: 'mixture' as const, of: [{ weight: 0.98, value: constant(0.01) }, { weight: 0.02, value: constant(0.3) }] };
    const s = scenario({
      services: [service('api', 50, slowFiftieth)],
      clients: [openClient('web', 'api', 200, {
        timeout: 0.2,
        retry: { maxAttempts: 3, retryOn: ['timeout'], backoff: { kind: 'none' }, budget: { kind: 'token_bucket', maxTokens: 10, tokenRatio: 0.1 } },
      })],
      duration: 100,
      faults: [{ kind: 'error_rate', service: 'api', rate: 0.5, latency: 0, at: 0, for: 1000 }],
    });
    const web = runScenario(s).summary.clients.web;
    expect(web.failures.error).toBeGreaterThan(9000); // about half of 20,000 requests
    expect(web.failures.budget).toBe(0);
    // Retried timeouts (about 2% of the 10,000 served): each request's attempts beyond the first
    // that were not error retries (errors are not retried).
    expect(web.attempts - web.requests).toBeGreaterThan(150);
  });

  it('token bucket: the retry is refused once the count is at max / 2, and the request fails with `budget`', () => {
    // max_tokens 2: the first failure brings the count to 1 = max / 2, so no retry is allowed.
    const s = scenario({
      services: [service('api', 1, constant(0.1))],
      clients: [openClient('web', 'api', 1, { arrival: evenly(1), retry: retryOnError(4, { kind: 'token_bucket', maxTokens: 2, tokenRatio: 0.1 }) })],
      duration: 1.5,
      faults: [outage],
    });
    expect(runScenario(s).summary.clients.web).toMatchObject({ requests: 1, attempts: 1, failed: 1, failures: { budget: 1 } });
  });

  it('without the budget the same request uses all its attempts', () => {
    const s = scenario({
      services: [service('api', 1, constant(0.1))],
      clients: [openClient('web', 'api', 1, { arrival: evenly(1), retry: retryOnError(4) })],
      duration: 1.5,
      faults: [outage],
    });
    expect(runScenario(s).summary.clients.web).toMatchObject({ requests: 1, attempts: 4, failures: { error: 1 } });
  });
});

describe('circuit breaker inside a request', () => {
  it('opens after min_calls failures; then attempts fail locally with `circuit_open` and never reach the service', () => {
    // Requests at t = 1, 2, ..., 9 against an outage; min_calls 2 at 100%: requests 1 and 2 fail
    // with `error`, the breaker opens at t = 2 for 100 s, and requests 3..9 fail with circuit_open.
    const s = scenario({
      services: [service('api', 1, constant(0.1))],
      clients: [
        openClient('web', 'api', 1, {
          arrival: evenly(1),
          circuitBreaker: { failureRate: 1, minCalls: 2, window: 10, openFor: 100, openJitter: 0, halfOpenCalls: 1, halfOpenRule: 'all_succeed' },
        }),
      ],
      duration: 9.5,
      faults: [outage],
    });
    const log = eventLog(s);
    expect(log.filter((l) => l.includes('breaker'))).toEqual(['2.00 c0 breaker closed -> open']);
    const r = runScenario(s);
    expect(r.summary.clients.web).toMatchObject({ requests: 9, attempts: 2, failures: { error: 2, circuit_open: 7 } });
    expect(r.summary.services.api.arrivals).toBe(2);
    const row = r.series.find((x) => x.entity === 'clients.web' && x.t_s === 2);
    expect(row?.breaker_changes).toBe(1);
    expect(r.series.find((x) => x.entity === 'clients.web' && x.t_s === 5)?.breakers_open).toBe(1);
  });
});

describe('half-open rules inside requests', () => {
  // One request a second against an outage until 3.5 s; 0.1 s of work. The breaker (60%, 2 calls,
  // open 1 s, 2 trials) opens at 2. Its first trial (t = 3) fails at once, the next ones succeed.
  const s = (halfOpenRule: 'all_succeed' | 'failure_rate') => scenario({
    services: [service('api', 1, constant(0.1))],
    clients: [
      openClient('web', 'api', 1, {
        arrival: evenly(1),
        circuitBreaker: { failureRate: 0.6, minCalls: 2, window: 10, openFor: 1, openJitter: 0, halfOpenCalls: 2, halfOpenRule },
      }),
    ],
    duration: 6.5,
    faults: [{ kind: 'outage', service: 'api', at: 0, for: 3.5 }],
  });
  const breakerLines = (rule: 'all_succeed' | 'failure_rate') => eventLog(s(rule)).filter((l) => l.includes('breaker'));

  it('all_succeed: the failed trial reopens it; two later successes close it', () => {
    expect(breakerLines('all_succeed')).toEqual([
      '2.00 c0 breaker closed -> open',
      '3.00 c0 breaker open -> half_open',
      '3.00 c0 breaker half_open -> open',
      '4.00 c0 breaker open -> half_open',
      '5.10 c0 breaker half_open -> closed',
    ]);
  });

  it('failure_rate: one failed trial of two (50% < 60%) closes it when the second answers', () => {
    expect(breakerLines('failure_rate')).toEqual([
      '2.00 c0 breaker closed -> open',
      '3.00 c0 breaker open -> half_open',
      '4.10 c0 breaker half_open -> closed',
    ]);
  });
});

describe('breaker and throttle together', () => {
  it('a half-open trial refused by the throttle is given back: after the outage the breaker closes again', () => {
    // Found in review: the lost trial slot left the breaker half-open for good, refusing everything.
    const s = scenario({
      services: [service('api', 4, constant(0.01))],
      clients: [
        openClient('web', 'api', 100, {
          circuitBreaker: { failureRate: 0.5, minCalls: 20, window: 10, openFor: 1, openJitter: 0, halfOpenCalls: 1, halfOpenRule: 'all_succeed' },
          throttle: { kind: 'adaptive', k: 2, window: 10 },
        }),
      ],
      duration: 150,
      faults: [{ kind: 'outage', service: 'api', at: 10, for: 30 }],
    });
    const r = runScenario(s);
    // The throttle then lets traffic back exponentially (time constant window / k = 5 s).
    const late = r.series.filter((row) => row.entity === 'clients.web' && (row.t_s as number) >= 130 && (row.t_s as number) < 150);
    expect(late.every((row) => row.breakers_open === 0 && (row.succeeded_per_s as number) > 50)).toBe(true);
  });
});

describe('adaptive throttling inside a request', () => {
  it('against a dead service, most attempts are rejected locally and few reach it', () => {
    const s = scenario({
      services: [service('api', 1, constant(0.01))],
      clients: [openClient('web', 'api', 100, { throttle: { kind: 'adaptive', k: 2, window: 120 } })],
      duration: 60,
      faults: [outage],
    });
    const r = runScenario(s);
    const web = r.summary.clients.web;
    expect(web.failures.throttled).toBeGreaterThan(0.95 * web.requests);
    expect(r.summary.services.api.arrivals).toBeLessThan(0.05 * web.requests);
    expect(web.attempts).toBe(r.summary.services.api.arrivals); // throttled attempts are not sent
  });
});
