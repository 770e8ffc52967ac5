/** The strategy keys (SCENARIO-FORMAT.md, "Strategies") into the strategies layer's config types. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.ts';
import type { ClientConfig, ServiceConfig } from '../../src/model/config.ts';
import { loadFixture, problemsOf } from './helpers.ts';

const ALL_REASONS = ['timeout', 'rejected', 'error'] as const;
const CONSTANT_1MS = { dist: 'constant', value: 0.001 } as const;

const SERVICES: ServiceConfig[] = [
  {
    name: 'api',
    workers: 8,
    serviceTime: { dist: 'constant', value: 0.01 },
    queue: { capacity: null, discipline: 'fifo' },
    calls: [
      {
        service: 'db',
        timeout: 0.1,
        retry: {
          maxAttempts: 3,
          retryOn: [...ALL_REASONS],
          backoff: { kind: 'exponential', base: 0.005, multiplier: 2, cap: null, jitter: 'none' },
          budget: { kind: 'concurrency', ratio: 0.2, minConcurrent: 3 },
        },
        circuitBreaker: { failureRate: 0.5, minCalls: 20, window: 10, openFor: 5, openJitter: 0, halfOpenCalls: 1, halfOpenRule: 'all_succeed' },
        hedge: { after: 0.02, maxExtra: 1, cancelLosers: false },
        throttle: { kind: 'adaptive', k: 2, window: 120 },
      },
      {
        service: 'cache',
        timeout: null,
        retry: {
          maxAttempts: 1,
          retryOn: [...ALL_REASONS],
          backoff: { kind: 'none' },
          budget: { kind: 'token_bucket', maxTokens: 10, tokenRatio: 0.1 },
        },
        circuitBreaker: { failureRate: 0.25, minCalls: 5, window: 30, openFor: 2, openJitter: 0.1, halfOpenCalls: 3, halfOpenRule: 'failure_rate' },
        hedge: { after: 0.005, maxExtra: 2, cancelLosers: true },
        throttle: { kind: 'adaptive', k: 1.5, window: 30 },
      },
    ],
    shedding: { kind: 'concurrency_limit', algorithm: 'gradient', initial: 10, min: 2, max: 100, backoffRatio: 0.8, timeout: 0.5 },
    cancelOnTimeout: true,
  },
  {
    name: 'db', workers: 4, serviceTime: { dist: 'constant', value: 0.002 }, queue: { capacity: null, discipline: 'fifo' }, calls: [],
    shedding: { kind: 'codel', target: 0.01, interval: 0.1 }, cancelOnTimeout: false,
  },
  {
    name: 'cache', workers: 2, serviceTime: CONSTANT_1MS, queue: { capacity: null, discipline: 'fifo' }, calls: [],
    shedding: { kind: 'adaptive_lifo', threshold: 0.05 }, cancelOnTimeout: false,
  },
  {
    name: 'auth', workers: 2, serviceTime: CONSTANT_1MS, queue: { capacity: null, discipline: 'fifo' }, calls: [],
    shedding: { kind: 'deadline' }, cancelOnTimeout: false,
  },
  {
    name: 'search', workers: 2, serviceTime: CONSTANT_1MS, queue: { capacity: null, discipline: 'fifo' }, calls: [],
    shedding: { kind: 'concurrency_limit', algorithm: 'aimd', initial: 20, min: 1, max: 1000, backoffRatio: 0.9, timeout: null },
    cancelOnTimeout: false,
  },
];

const CLIENTS: ClientConfig[] = [
  {
    name: 'web',
    target: 'api',
    arrival: { kind: 'open', rate: 100, process: 'poisson', schedule: [] },
    timeout: 0.2,
    retry: {
      maxAttempts: 4,
      retryOn: [...ALL_REASONS],
      backoff: { kind: 'exponential', base: 0.01, multiplier: 3, cap: 1, jitter: 'decorrelated' },
      budget: { kind: 'ratio', ratio: 0.2, minPerSecond: 10, ttl: 10 },
    },
    circuitBreaker: { failureRate: 0.5, minCalls: 10, window: 10, openFor: 5, openJitter: 0, halfOpenCalls: 1, halfOpenRule: 'all_succeed' },
    hedge: { after: 0.05, maxExtra: 1, cancelLosers: false },
    throttle: { kind: 'adaptive', k: 2, window: 120 },
  },
  {
    name: 'mobile',
    target: 'auth',
    arrival: { kind: 'open', rate: 10, process: 'poisson', schedule: [] },
    timeout: null,
    retry: {
      maxAttempts: 2,
      retryOn: [...ALL_REASONS],
      backoff: { kind: 'exponential', base: 0.001, multiplier: 1.5, cap: null, jitter: 'full' },
      budget: { kind: 'ratio', ratio: 0.1, minPerSecond: 0, ttl: 1 },
    },
    circuitBreaker: null,
    hedge: null,
    throttle: null,
  },
  {
    name: 'batch',
    target: 'search',
    arrival: { kind: 'closed', users: 2, think: { dist: 'constant', value: 0 } },
    timeout: null,
    retry: {
      maxAttempts: 1,
      retryOn: [...ALL_REASONS],
      backoff: { kind: 'exponential', base: 1, multiplier: 2, cap: null, jitter: 'equal' },
      budget: { kind: 'concurrency', ratio: 0.5, minConcurrent: 0 },
    },
    circuitBreaker: null,
    hedge: null,
    throttle: null,
  },
];

const BASE = `name: strategies
duration: 10s
services:
  api:
    workers: 1
    service_time: 1ms
    calls: [ { service: db } ]
  db: { workers: 1, service_time: 1ms }
clients:
  web: { target: api, arrival: { kind: open, rate: 1/s } }
`;

/** BASE with `yaml` added to the client `web`. */
const inClient = (yaml: string): string => BASE.replace('rate: 1/s } }', `rate: 1/s }, ${yaml} }`);
/** BASE with `yaml` added to the call from api to db. */
const inCall = (yaml: string): string => BASE.replace('{ service: db }', `{ service: db, ${yaml} }`);
/** BASE with `yaml` added to the service `db`. */
const inService = (yaml: string): string => BASE.replace('service_time: 1ms }', `service_time: 1ms, ${yaml} }`);

function messagesFor(text: string): string[] {
  return problemsOf(loadScenario(text, 'strategies.yaml')).map((p) => p.message);
}

describe('strategy keys', () => {
  it('valid/strategies.yaml parses to the exact typed object, defaults filled', () => {
    const result = loadFixture('valid/strategies.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
    expect(result.scenario.services).toEqual(SERVICES);
    expect(result.scenario.clients).toEqual(CLIENTS);
  });

  const cases: [text: string, message: string][] = [
    [inClient('retry: { backoff: { kind: exponential } }'), '`clients.web.retry.backoff`: missing required key `base`'],
    [inClient('retry: { backoff: { kind: exponential, base: 1ms, multiplier: 0 } }'),
      '`clients.web.retry.backoff.multiplier`: 0 is too small; it must be > 0'],
    [inClient('retry: { backoff: { kind: exponential, base: 1ms, cap: 0s } }'), '`clients.web.retry.backoff.cap`: must be greater than 0'],
    [inClient('retry: { budget: { kind: token_bucket, max_tokens: 10 } }'), '`clients.web.retry.budget`: missing required key `token_ratio`'],
    [inClient('retry: { budget: { kind: retry_ratio, ratio: 1 } }'), 'unknown budget kind `retry_ratio`'],
    [inClient('retry: { budget: { kind: concurrency, ratio: 10%, min_concurrent: 1.5 } }'),
      '`clients.web.retry.budget.min_concurrent`: expected an integer >= 0, got `1.5`'],
    [inClient('circuit_breaker: { min_calls: 5 }'), '`clients.web.circuit_breaker`: missing required key `failure_rate`'],
    [inClient('circuit_breaker: { failure_rate: 50%, window: 10 }'), '`clients.web.circuit_breaker.window`: 10 has no unit'],
    [inClient('circuit_breaker: { failure_rate: 50%, half_open_rule: failure_rat }'),
      '`clients.web.circuit_breaker.half_open_rule`: unknown half-open rule `failure_rat`; did you mean `failure_rate`? (expected one of `all_succeed`, `failure_rate`)'],
    [inCall('circuit_breaker: { failure_rate: 50%, half_open_rule: 1 }'),
      '`services.api.calls[0].circuit_breaker.half_open_rule`: expected one of all_succeed, failure_rate, got `1`'],
    [inClient('circuit_breaker: { failure_rate: 0 }'), '`clients.web.circuit_breaker.failure_rate`: `0` is too small; expected a fraction above 0'],
    [inCall('circuit_breaker: { failure_rate: 0.0% }'), '`services.api.calls[0].circuit_breaker.failure_rate`: `0.0%` is too small'],
    [inClient('hedge: { after: 0s }'), '`clients.web.hedge.after`: must be greater than 0'],
    [inClient('hedge: { after: 5ms, cancel_losers: yes }'), '`clients.web.hedge.cancel_losers`: expected `true` or `false`, got the text `yes`'],
    [inClient('retry: { budget: { kind: ratio, ratio: 0%, min_per_second: 0.05, ttl: 10s } }'),
      '`clients.web.retry.budget.ratio`: a ratio of 0 leaves only the reserve, min_per_second × ttl = 0.5 retries'],
    [inCall('retry: { budget: { kind: concurrency, ratio: 0, min_concurrent: 0 } }'),
      '`services.api.calls[0].retry.budget.ratio`: a ratio of 0 with `min_concurrent: 0`'],
    [inClient('circuit_breaker: { failure_rate: 50%, half_open_calls: 0 }'),
      '`clients.web.circuit_breaker.half_open_calls`: 0 is too small; it must be >= 1 (with no trial a half-open breaker would refuse every attempt'],
    [inClient('retry: { budget: { kind: token_bucket, max_tokens: 10, token_ratio: 0 } }'),
      '`clients.web.retry.budget.token_ratio`: 0 is too small; it must be > 0 (at 0 successes never refill the bucket'],
    [inClient('retry: { budget: { kind: token_bucket, max_tokens: 0, token_ratio: 0.1 } }'),
      '`clients.web.retry.budget.max_tokens`: 0 is too small; it must be > 0 (an empty bucket'],
    [inCall('throttle: { kind: adaptive, k: 0 }'), '`services.api.calls[0].throttle.k`: 0 is too small; it must be > 1'],
    [inClient('throttle: { kind: adaptive, k: 0.5 }'), '`clients.web.throttle.k`: 0.5 is too small; it must be > 1 (with k <= 1 the throttle'],
    [inCall('throttle: { k: 2 }'), '`services.api.calls[0].throttle`: missing required key `kind`'],
    [inService('shedding: { kind: adaptive_lifo }'), '`services.db.shedding`: missing required key `threshold`'],
    [inService('shedding: { kind: concurrency_limit, backoff_ratio: 1 }'),
      '`services.db.shedding.backoff_ratio`: 1 is out of range; it must be > 0 and < 1'],
    [inService('shedding: { kind: concurrency_limit, backoff_ratio: 0 }'),
      '`services.db.shedding.backoff_ratio`: 0 is out of range; it must be > 0 and < 1'],
    [inService('shedding: { kind: concurrency_limit, min: 0 }'),
      '`services.db.shedding.min`: 0 is too small; it must be >= 1 (a limit of 0 admits nothing'],
    [inService('shedding: { kind: codel, target: 0s }'), '`services.db.shedding.target`: must be greater than 0'],
    [inService('shedding: { kind: concurrency_limit, algorithm: vegas }'), 'unknown limit algorithm `vegas`'],
    [inService('shedding: { kind: concurrency_limit, max: 10 }'),
      '`services.db.shedding.initial`: 20 is more than `max` (10); the limits must keep min <= initial <= max'],
    [inService('shedding: { kind: concurrency_limit, initial: 2, min: 5 }'),
      '`services.db.shedding.initial`: 2 is less than `min` (5); the limits must keep min <= initial <= max'],
    [inService('cancel_on_timeout: 1'), '`services.db.cancel_on_timeout`: expected `true` or `false`, got `1`'],
  ];
  it.each(cases.map(([text, message]) => [message, text]))('reports %s', (message, text) => {
    expect(messagesFor(text)).toEqual([expect.stringContaining(message)]);
  });

  it.each([
    ['a ratio budget of 0 with a reserve of one retry per ttl', inClient('retry: { budget: { kind: ratio, ratio: 0, min_per_second: 0.1, ttl: 10s } }')],
    ['a ratio budget without a reserve', inClient('retry: { budget: { kind: ratio, ratio: 1%, min_per_second: 0 } }')],
    ['a concurrency budget of 0 with one retry in flight', inClient('retry: { budget: { kind: concurrency, ratio: 0, min_concurrent: 1 } }')],
    ['a breaker that opens only when every attempt failed', inClient('circuit_breaker: { failure_rate: 100%, min_calls: 1, open_jitter: 100% }')],
    ['no retries', inClient('retry: { max_attempts: 1 }')],
    ['adaptive LIFO from the first wait', inService('shedding: { kind: adaptive_lifo, threshold: 0s }')],
    ['error-rate faults of 0 and 100%', `${BASE}faults:
  - { kind: error_rate, service: db, rate: 0, at: 1s, for: 1s }
  - { kind: error_rate, service: db, rate: 100%, at: 2s, for: 1s }
`],
  ])('keeps %s', (_what, text) => {
    expect(loadScenario(text, 'strategies.yaml').ok).toBe(true);
  });

  it('the same keys work in a client and in a call', () => {
    const keys = 'circuit_breaker: { failure_rate: 1 }, hedge: { after: 1ms }, throttle: { kind: adaptive }';
    const client = loadScenario(inClient(keys), 'c.yaml');
    const call = loadScenario(inCall(keys), 'c.yaml');
    if (!client.ok || !call.ok) throw new Error('expected both to be valid');
    const { circuitBreaker, hedge, throttle } = client.scenario.clients[0];
    expect(call.scenario.services[0].calls[0]).toMatchObject({ circuitBreaker, hedge, throttle });
  });
});
