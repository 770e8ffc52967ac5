/**
 * The `calls:` entries of docs/fan-out.md: a plain call reads exactly as in v1; `fan_out` and
 * `wait` make a parallel step of one branch; `parallel:` lists branches. Invalid inputs are in
 * test/fixtures/invalid (fan-out-*.yaml, parallel-*.yaml).
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.ts';

const DEFAULT_RETRY = { maxAttempts: 1, retryOn: ['timeout', 'rejected', 'error'], backoff: { kind: 'none' }, budget: null };
const UNPROTECTED = { circuitBreaker: null, hedge: null, throttle: null } as const;

function callsOf(calls: string): unknown {
  const text = `
name: steps
duration: 10s
services:
  front: { workers: 1, service_time: 1ms, calls: ${calls} }
  back: { workers: 1, service_time: 1ms }
  side: { workers: 1, service_time: 1ms }
clients:
  web: { target: front, arrival: { kind: open, rate: 1/s } }
`;
  const result = loadScenario(text, 'steps.yaml');
  if (!result.ok) return result.problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
  return result.scenario.services[0].calls;
}

const plain = (service: string, timeout: number | null = null) => ({ service, timeout, retry: DEFAULT_RETRY, ...UNPROTECTED });

describe('call steps', () => {
  it('a plain call is read as before, with no fan-out keys', () => {
    expect(callsOf('[ { service: back, timeout: 100ms } ]')).toEqual([plain('back', 0.1)]);
  });

  it('`fan_out` sends k identical calls; `wait` defaults to all', () => {
    expect(callsOf('[ { service: back, fan_out: 100 } ]')).toEqual([{ parallel: [{ ...plain('back'), count: 100 }], quorum: 100 }]);
    expect(callsOf('[ { service: back, fan_out: 5, wait: any } ]')).toEqual([{ parallel: [{ ...plain('back'), count: 5 }], quorum: 1 }]);
    expect(callsOf('[ { service: back, fan_out: 5, wait: 3 } ]')).toEqual([{ parallel: [{ ...plain('back'), count: 5 }], quorum: 3 }]);
  });

  it('`parallel` lists branches, each with its own policy and optional fan_out', () => {
    expect(callsOf('[ { service: side }, { parallel: [ { service: back, fan_out: 2, timeout: 1s }, { service: side } ], wait: any } ]')).toEqual([
      plain('side'),
      { parallel: [{ ...plain('back', 1), count: 2 }, { ...plain('side'), count: 1 }], quorum: 1 },
    ]);
    expect(callsOf('[ { parallel: [ { service: back }, { service: side } ] } ]')).toEqual([
      { parallel: [{ ...plain('back'), count: 1 }, { ...plain('side'), count: 1 }], quorum: 2 },
    ]);
  });

  it('reports a misplaced key, a quorum of 0, an empty list and an unknown service in a branch', () => {
    expect(callsOf('[ { parallel: [ { service: back } ], fan_out: 2 } ]')).toEqual([
      expect.stringMatching(/unknown key `fan_out` in `services.front.calls\[0\]`.*allowed keys: `parallel`, `wait`/),
    ]);
    expect(callsOf('[ { service: back, fan_out: 2, wait: 0 } ]')).toEqual([
      expect.stringContaining('`services.front.calls[0].wait`: 0 is too small; it must be >= 1'),
    ]);
    expect(callsOf('[ { parallel: [], wait: any } ]')).toEqual([
      expect.stringContaining('`services.front.calls[0].parallel`: needs at least one call'),
    ]);
    expect(callsOf('[ { parallel: [ { service: bak } ] } ]')).toEqual([
      expect.stringContaining('`services.front.calls[0].parallel[0].service`: there is no service named `bak`; did you mean `back`?'),
    ]);
  });

  it('finds a call cycle through a parallel branch', () => {
    const text = `
name: cycle
duration: 10s
services:
  front: { workers: 1, service_time: 1ms, calls: [ { parallel: [ { service: back }, { service: front } ], wait: any } ] }
  back: { workers: 1, service_time: 1ms }
clients:
  web: { target: front, arrival: { kind: open, rate: 1/s } }
`;
    const result = loadScenario(text, 'cycle.yaml');
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([expect.stringContaining('calls between services form a cycle: front -> front')]);
  });
});
