/**
 * Wasted work: busy time spent on attempts whose response nobody waits for. It is decided when
 * the response reaches its caller, so a response held back by a `latency` fault past the
 * caller's timeout is wasted even though the caller still waited when the job ended.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { eventLog } from '../support/log-observer.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';

const evenly = (rate: number) => ({ kind: 'open' as const, rate, process: 'uniform' as const, schedule: [] });
const constant = (value: number) => ({ dist: 'constant' as const, value });

function withLatency(add: number, duration = 100) {
  return scenario({
    services: [service('api', 4, constant(0.01))],
    clients: [openClient('web', 'api', 10, { arrival: evenly(10), timeout: 0.2 })],
    duration,
    faults: [{ kind: 'latency', service: 'api', add, at: 0, for: 1000 }],
  });
}

describe('wasted work, decided at delivery', () => {
  it('a response delayed 300 ms past a 200 ms timeout wastes all the work (about 100%)', () => {
    const s = runScenario(withLatency(0.3)).summary;
    expect(s.clients.web.failures.timeout).toBe(s.clients.web.requests);
    expect(s.services.api.wasted_fraction).toBeCloseTo(1, 6);
  });

  it('a response delayed 100 ms, within the timeout, wastes nothing', () => {
    const s = runScenario(withLatency(0.1)).summary;
    expect(s.clients.web.succeeded).toBe(s.clients.web.requests);
    expect(s.services.api.wasted_fraction).toBe(0);
  });

  it('in the event log: the job ends in time, the timeout fires, the late response counts the 10 ms as wasted', () => {
    expect(eventLog(withLatency(0.3, 0.15))).toEqual([
      '0.10 c0 request',
      '0.10 c0 attempt',
      '0.10 s0 arrival',
      '0.10 s0 busy 1',
      '0.11 s0 busy 0',
      '0.11 s0 job ok (arrived 0.10, started 0.10)',
      '0.30 c0 failed timeout (started 0.10, 1 attempts)',
      '0.41 s0 late response (started 0.10, 0.01 s wasted)',
    ]);
  });
});
