import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { NO_RETRY } from '../../src/strategies/config.ts';
import { loadFixture } from './helpers.ts';

const ALL_REASONS = ['timeout', 'rejected', 'error'];
const DEFAULT_RETRY = { maxAttempts: 1, retryOn: ALL_REASONS, backoff: { kind: 'none' }, budget: null };
/** A caller without circuit breaker, hedging or throttling. */
const UNPROTECTED = { circuitBreaker: null, hedge: null, throttle: null } as const;
/** A service that sheds nothing and never learns that a caller gave up. */
const UNSHED = { shedding: null, cancelOnTimeout: false } as const;

const FULL: Scenario = {
  name: 'retry-storm',
  description: 'A 10 s slowdown tips a service at 80% load into a retry storm that outlives it.',
  seed: 7,
  duration: 300,
  warmup: 30,
  window: 0.5,
  services: [
    {
      name: 'api',
      workers: 10,
      serviceTime: { dist: 'exponential', mean: 0.01 },
      queue: { capacity: 100, discipline: 'lifo' },
      calls: [{
        service: 'db',
        timeout: 0.1,
        retry: { maxAttempts: 2, retryOn: ['timeout'], backoff: { kind: 'constant', delay: 0.005 }, budget: null },
        ...UNPROTECTED,
      }],
      ...UNSHED,
    },
    {
      name: 'db',
      workers: 4,
      serviceTime: {
        dist: 'mixture',
        of: [
          { weight: 0.75, value: { dist: 'constant', value: 0.002 } },
          { weight: 0.25, value: { dist: 'lognormal', median: 0.005, p99: 0.05 } },
        ],
      },
      queue: { capacity: null, discipline: 'fifo' },
      calls: [],
      ...UNSHED,
    },
    {
      name: 'cache',
      workers: 2,
      serviceTime: { dist: 'empirical', values: [0.001, 0.002, 0.00025] },
      queue: { capacity: null, discipline: 'fifo' },
      calls: [],
      ...UNSHED,
    },
  ],
  clients: [
    {
      name: 'web',
      target: 'api',
      arrival: { kind: 'open', rate: 800, process: 'uniform', schedule: [{ at: 60, rate: 2000 }, { at: 70, rate: 800 }] },
      timeout: 0.2,
      retry: { maxAttempts: 4, retryOn: ['timeout', 'rejected', 'error'], backoff: { kind: 'none' }, budget: null },
      ...UNPROTECTED,
    },
    {
      name: 'batch',
      target: 'cache',
      arrival: { kind: 'closed', users: 50, think: { dist: 'uniform', min: 0.001, max: 0.003 } },
      timeout: null,
      retry: { maxAttempts: 1, retryOn: ['timeout', 'rejected', 'error'], backoff: { kind: 'none' }, budget: null },
      ...UNPROTECTED,
    },
  ],
  faults: [
    { kind: 'slowdown', service: 'api', factor: 2, at: 60, for: 10 },
    { kind: 'workers', service: 'db', count: 2, factor: null, at: 100, for: 5 },
    { kind: 'workers', service: 'db', count: null, factor: 0.5, at: 110, for: 5 },
    { kind: 'load_spike', client: 'web', factor: 3, at: 120, for: 60 },
    { kind: 'error_rate', service: 'db', rate: 0.2, latency: 0, at: 200, for: 10 },
    { kind: 'outage', service: 'cache', at: 220, for: 1 },
    { kind: 'latency', service: 'api', add: 0.05, at: 240, for: 2 },
  ],
  metastability: { tolerance: 0.05, hold: 20, limit: 120 },
  check: { seeds: 5, tolerances: { goodput_ratio: 0.05, latency_p99: 0.2, recovery_time_s: 0.5, metastable_share: 0 } },
  assertions: [
    { expr: 'clients.web.goodput_ratio >= 0.9', path: 'clients.web.goodput_ratio', op: '>=', value: 0.9, probability: null },
    { expr: 'clients.web.latency.p99 < 300ms', path: 'clients.web.latency.p99', op: '<', value: 0.3, probability: null },
    { expr: 'metastability.metastable == false', path: 'metastability.metastable', op: '==', value: 0, probability: 0.95 },
  ],
};

describe('a valid scenario', () => {
  it('parses to the exact typed object, every key given', () => {
    expect(loadFixture('valid/full.yaml')).toEqual({ ok: true, scenario: FULL, variants: [] });
  });

  it('fills every default', () => {
    expect(loadFixture('valid/minimal.yaml')).toEqual({
      ok: true,
      scenario: {
        name: 'minimal',
        description: '',
        seed: 1,
        duration: 60,
        warmup: 0,
        window: 1,
        services: [{
          name: 'api', workers: 2, serviceTime: { dist: 'constant', value: 0.01 },
          queue: { capacity: null, discipline: 'fifo' }, calls: [], ...UNSHED,
        }],
        clients: [{
          name: 'web', target: 'api',
          arrival: { kind: 'open', rate: 100, process: 'poisson', schedule: [] },
          timeout: null, retry: DEFAULT_RETRY, ...UNPROTECTED,
        }],
        faults: [],
        metastability: { tolerance: 0.1, hold: 10, limit: null },
        check: { seeds: 1, tolerances: {} },
        assertions: [],
      },
      variants: [],
    });
  });

  it('the default retry is the strategies layer NO_RETRY', () => {
    const result = loadFixture('valid/minimal.yaml');
    expect(result.ok && result.scenario.clients[0].retry).toEqual(NO_RETRY);
  });

  it('closed arrivals think for 0s by default; a call may use `none` and the defaults', () => {
    const text = `
name: closed
duration: 10s
services:
  front: { workers: 1, service_time: 1ms, calls: [ { service: back }, { service: back, timeout: none } ] }
  back: { workers: 1, service_time: 1ms, queue: { capacity: 0 } }
clients:
  users: { target: front, arrival: { kind: closed, users: 3 }, timeout: 1s }
`;
    const result = loadScenario(text, 'closed.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.scenario.clients[0].arrival).toEqual({ kind: 'closed', users: 3, think: { dist: 'constant', value: 0 } });
    expect(result.scenario.services[0].calls).toEqual([
      { service: 'back', timeout: null, retry: DEFAULT_RETRY, ...UNPROTECTED },
      { service: 'back', timeout: null, retry: DEFAULT_RETRY, ...UNPROTECTED },
    ]);
    expect(result.scenario.services[1].queue).toEqual({ capacity: 0, discipline: 'fifo' });
  });

  it('is pure: loading twice gives equal results', () => {
    expect(loadFixture('valid/full.yaml')).toEqual(loadFixture('valid/full.yaml'));
  });
});
