/**
 * Parallel call steps (fan-out.ts, docs/fan-out.md) in tiny worlds with exact event logs: the
 * step is decided by its quorum, at once, and the calls still out are then abandoned (the
 * downstream told only with cancel_on_timeout); a cancelled job cancels every call of its step.
 *
 * In each world web sends one request at 0.25 to api (s0, 0.1 s of work), whose one step calls
 * a (s1, 0.1 s) and b (s2, 1 s) at once, at 0.35.
 */
import { describe, expect, it } from 'vitest';
import type { DownstreamCall, ParallelStep, ServiceConfig } from '../../src/model/config.ts';
import type { FaultConfig } from '../../src/model/config.ts';
import { NO_RETRY } from '../../src/strategies/config.ts';
import { eventLog } from '../support/log-observer.ts';
import { NO_STRATEGIES, openClient, scenario, service } from '../support/scenarios.ts';

const evenly = (rate: number) => ({ kind: 'open' as const, rate, process: 'uniform' as const, schedule: [] });
const constant = (value: number) => ({ dist: 'constant' as const, value });
const call = (to: string, count = 1): DownstreamCall & { count: number } => ({ ...NO_STRATEGIES, service: to, timeout: null, retry: NO_RETRY, count });
const both = (quorum: number): ParallelStep => ({ parallel: [call('a'), call('b')], quorum });

function world(step: ParallelStep, api: Partial<ServiceConfig> = {}, timeout: number | null = null, faults: FaultConfig[] = []) {
  return scenario({
    services: [service('api', 1, constant(0.1), { calls: [step], ...api }), service('a', 1, constant(0.1)), service('b', 1, constant(1))],
    clients: [openClient('web', 'api', 4, { arrival: evenly(4), timeout })],
    duration: 0.3,
    faults,
  });
}

const START = [
  '0.25 c0 request',
  '0.25 c0 attempt',
  '0.25 s0 arrival',
  '0.25 s0 busy 1',
  '0.35 s1 arrival',
  '0.35 s1 busy 1',
  '0.35 s2 arrival',
  '0.35 s2 busy 1',
];

describe('a parallel step', () => {
  it('with `wait: any` ends at the first success; the slower call, untold, is served for nobody', () => {
    expect(eventLog(world(both(1)))).toEqual([
      ...START,
      '0.45 s1 busy 0',
      '0.45 s1 job ok (arrived 0.35, started 0.35)',
      '0.45 s0 busy 0',
      '0.45 s0 job ok (arrived 0.25, started 0.25)',
      '0.45 c0 succeeded (started 0.25, 1 attempts)',
      '1.35 s2 busy 0',
      '1.35 s2 job ok (arrived 0.35, started 0.35, wasted)',
    ]);
  });

  it('with `wait: any` at a service with cancel_on_timeout cancels the slower call at once', () => {
    expect(eventLog(world(both(1), { cancelOnTimeout: true }))).toEqual([
      ...START,
      '0.45 s1 busy 0',
      '0.45 s1 job ok (arrived 0.35, started 0.35)',
      '0.45 s2 busy 0',
      '0.45 s2 shed',
      '0.45 s0 busy 0',
      '0.45 s0 job ok (arrived 0.25, started 0.25)',
      '0.45 c0 succeeded (started 0.25, 1 attempts)',
    ]);
  });

  it('with `wait: all` waits for the slowest call', () => {
    expect(eventLog(world(both(2))).slice(START.length)).toEqual([
      '0.45 s1 busy 0',
      '0.45 s1 job ok (arrived 0.35, started 0.35)',
      '1.35 s2 busy 0',
      '1.35 s2 job ok (arrived 0.35, started 0.35)',
      '1.35 s0 busy 0',
      '1.35 s0 job ok (arrived 0.25, started 0.25)',
      '1.35 c0 succeeded (started 0.25, 1 attempts)',
    ]);
  });

  it('with `wait: all` fails with `error` as soon as one call failed, without waiting for the rest', () => {
    const outage: FaultConfig[] = [{ kind: 'outage', service: 'a', at: 0, for: 100 }];
    expect(eventLog(world(both(2), {}, null, outage))).toEqual([
      ...START.slice(0, 4),
      '0.35 s1 arrival',
      '0.35 s1 refused error',
      '0.35 s2 arrival',
      '0.35 s2 busy 1',
      '0.35 s0 busy 0',
      '0.35 s0 job error (arrived 0.25, started 0.25)',
      '0.35 c0 failed error (started 0.25, 1 attempts)',
      '1.35 s2 busy 0',
      '1.35 s2 job ok (arrived 0.35, started 0.35, wasted)',
    ]);
  });

  it('with `wait: any` fails only when every call has failed', () => {
    const outages: FaultConfig[] = [{ kind: 'outage', service: 'a', at: 0, for: 100 }, { kind: 'error_rate', service: 'b', rate: 1, latency: 0.5, at: 0, for: 100 }];
    expect(eventLog(world(both(1), {}, null, outages)).slice(4)).toEqual([
      '0.35 s1 arrival',
      '0.35 s1 refused error',
      '0.35 s2 arrival',
      '0.35 s2 refused error',
      '0.85 s0 busy 0',
      '0.85 s0 job error (arrived 0.25, started 0.25)',
      '0.85 c0 failed error (started 0.25, 1 attempts)',
    ]);
  });

  it('is cancelled whole when its job is (cancel_on_timeout): every call still out is cancelled', () => {
    // The client gives up at 0.75 (timeout 0.5): a's call is over, b's is cancelled at b.
    expect(eventLog(world(both(2), { cancelOnTimeout: true }, 0.5)).slice(START.length)).toEqual([
      '0.45 s1 busy 0',
      '0.45 s1 job ok (arrived 0.35, started 0.35)',
      '0.75 s2 busy 0',
      '0.75 s2 shed',
      '0.75 s0 busy 0',
      '0.75 s0 shed',
      '0.75 c0 failed timeout (started 0.25, 1 attempts)',
    ]);
  });

  it('of k calls to one service waits for a quorum of them (2 of 3, one worker: the second one)', () => {
    const step: ParallelStep = { parallel: [call('a', 3)], quorum: 2 };
    const log = eventLog(world(step));
    expect(log.filter((line) => line.includes('s1 job') || line.includes('c0 succeeded'))).toEqual([
      '0.45 s1 job ok (arrived 0.35, started 0.35)',
      '0.55 s1 job ok (arrived 0.35, started 0.45)',
      '0.55 c0 succeeded (started 0.25, 1 attempts)',
      '0.65 s1 job ok (arrived 0.35, started 0.55, wasted)',
    ]);
  });
});
