/**
 * Deadline propagation through the call tree (cancel_on_timeout on a service that makes calls):
 * a cancelled job cancels the call it waits on at once, all the way down, pending backoff
 * retries included; and its calls' attempts time out at min(own timeout, the job's remaining
 * time), as gRPC passes a server's deadline on to the calls its handler makes. Tiny worlds with
 * exact event logs, each worked out by hand first (see the comments); services are s0, s1, s2
 * in the order given, clients c0, c1. (Conservation in a busy world: deadline-conservation.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.ts';
import type { DownstreamCall } from '../../src/model/config.ts';
import { CallDeadlines } from '../../src/model/deadlines.ts';
import { NullObserver } from '../../src/model/observer.ts';
import type { Route } from '../../src/model/request.ts';
import { TimeoutQueue } from '../../src/model/timeouts.ts';
import { runScenario } from '../../src/run.ts';
import type { HedgeSpec, RetrySpec } from '../../src/strategies/config.ts';
import { NO_RETRY } from '../../src/strategies/config.ts';
import { eventLog } from '../support/log-observer.ts';
import { NO_STRATEGIES, openClient, scenario, service } from '../support/scenarios.ts';

const evenly = (rate: number) => ({ kind: 'open' as const, rate, process: 'uniform' as const, schedule: [] });
const constant = (value: number) => ({ dist: 'constant' as const, value });
const call = (to: string, timeout: number | null, retry: RetrySpec = NO_RETRY): DownstreamCall => ({ ...NO_STRATEGIES, service: to, timeout, retry });
const key = { cancelOnTimeout: true };
/** The client's hedge after 50 ms; losers are not cancelled unless asked. */
const hedge = (cancelLosers: boolean): HedgeSpec => ({ after: 0.05, maxExtra: 1, cancelLosers });

describe('a cancelled job cancels the call it waits on, at once', () => {
  it('its attempt still queued below leaves the queue at the same instant', () => {
    // batch keeps db's one worker busy from 0.2 to 1.2. web's request (0.25, timeout 0.5) is
    // served by api until 0.35, whose call then queues at db. At 0.75 the client gives up: api
    // cancels the call, the attempt leaves db's queue (shed, queue 0), api's worker is freed.
    const s = scenario({
      services: [service('api', 1, constant(0.1), { ...key, calls: [call('db', null)] }), service('db', 1, constant(1))],
      clients: [openClient('web', 'api', 4, { arrival: evenly(4), timeout: 0.5 }), openClient('batch', 'db', 5, { arrival: evenly(5) })],
      duration: 0.3,
    });
    expect(eventLog(s)).toEqual([
      '0.20 c1 request',
      '0.20 c1 attempt',
      '0.20 s1 arrival',
      '0.20 s1 busy 1',
      '0.25 c0 request',
      '0.25 c0 attempt',
      '0.25 s0 arrival',
      '0.25 s0 busy 1',
      '0.35 s1 arrival',
      '0.35 s1 queue 1',
      '0.75 s1 shed',
      '0.75 s1 queue 0',
      '0.75 s0 busy 0',
      '0.75 s0 shed',
      '0.75 c0 failed timeout (started 0.25, 1 attempts)',
      '1.20 s1 busy 0',
      '1.20 s1 job ok (arrived 0.20, started 0.20)',
      '1.20 c1 succeeded (started 0.20, 1 attempts)',
    ]);
  });

  it('a retry of the call waiting out its backoff is never sent', () => {
    // db is in an outage: api's call (at 0.35) fails at once with error and waits 0.5 s to retry
    // (due at 0.85). The client gives up at 0.75: the retry leaves its wait then, and db never
    // sees it (no arrival at 0.85).
    const retry: RetrySpec = { maxAttempts: 3, retryOn: ['error'], backoff: { kind: 'constant', delay: 0.5 }, budget: null };
    const s = scenario({
      services: [service('api', 1, constant(0.1), { ...key, calls: [call('db', null, retry)] }), service('db', 1, constant(1))],
      clients: [openClient('web', 'api', 4, { arrival: evenly(4), timeout: 0.5 })],
      duration: 0.3,
      faults: [{ kind: 'outage', service: 'db', at: 0, for: 100 }],
    });
    expect(eventLog(s)).toEqual([
      '0.25 c0 request',
      '0.25 c0 attempt',
      '0.25 s0 arrival',
      '0.25 s0 busy 1',
      '0.35 s1 arrival',
      '0.35 s1 refused error',
      '0.35 retry waits',
      '0.75 retry leaves its wait',
      '0.75 s0 busy 0',
      '0.75 s0 shed',
      '0.75 c0 failed timeout (started 0.25, 1 attempts)',
    ]);
  });

  it('recursively: three levels down, every worker is freed at the instant the client gives up', () => {
    // a and b propagate, c does not (but honours the cancellation). a works 0.25-0.35, b
    // 0.35-0.45, c would work 0.45-1.45. At 0.75 the client gives up: a cancels its call to b,
    // b cancels its call to c; c's worker is freed first, then b's, then a's.
    const s = scenario({
      services: [
        service('a', 1, constant(0.1), { ...key, calls: [call('b', null)] }),
        service('b', 1, constant(0.1), { ...key, calls: [call('c', null)] }),
        service('c', 1, constant(1)),
      ],
      clients: [openClient('web', 'a', 4, { arrival: evenly(4), timeout: 0.5 })],
      duration: 0.3,
    });
    expect(eventLog(s)).toEqual([
      '0.25 c0 request',
      '0.25 c0 attempt',
      '0.25 s0 arrival',
      '0.25 s0 busy 1',
      '0.35 s1 arrival',
      '0.35 s1 busy 1',
      '0.45 s2 arrival',
      '0.45 s2 busy 1',
      '0.75 s2 busy 0',
      '0.75 s2 shed',
      '0.75 s1 busy 0',
      '0.75 s1 shed',
      '0.75 s0 busy 0',
      '0.75 s0 shed',
      '0.75 c0 failed timeout (started 0.25, 1 attempts)',
    ]);
    const services = runScenario(s).summary.services;
    for (const name of ['a', 'b', 'c']) expect(services[name], name).toMatchObject({ arrivals: 1, completed: 0, shed: 1 });
  });

  it('a lost hedge (cancel_losers) waiting on a call cancels it at once too', () => {
    // api has 2 workers. A (0.25) calls db at 0.35 (db works 0.35-0.65); the hedge B (0.30)
    // calls db at 0.40 and queues. At 0.65 db takes B's call, A succeeds, B is cancelled: api
    // cancels B's call (db frees its worker) and frees B's worker, all at 0.65 (not at 0.95).
    const s = scenario({
      services: [service('api', 2, constant(0.1), { ...key, calls: [call('db', null)] }), service('db', 1, constant(0.3))],
      clients: [openClient('web', 'api', 4, { arrival: evenly(4), timeout: 0.6, hedge: hedge(true) })],
      duration: 0.3,
    });
    expect(eventLog(s).filter((l) => l.startsWith('0.65'))).toEqual([
      '0.65 s1 busy 0',
      '0.65 s1 job ok (arrived 0.35, started 0.35)',
      '0.65 s1 busy 1',
      '0.65 s1 queue 0',
      '0.65 s0 busy 1',
      '0.65 s0 job ok (arrived 0.25, started 0.25)',
      '0.65 s1 busy 0',
      '0.65 s1 shed',
      '0.65 s0 busy 0',
      '0.65 s0 shed',
      '0.65 c0 succeeded (started 0.25, 2 attempts)',
    ]);
    expect(runScenario(s).endTime).toBeCloseTo(0.65, 12);
  });
});

describe("a call's attempts time out at min(own timeout, the caller's remaining time)", () => {
  // Only a job nobody cancels shows the bound: a hedge that lost without cancel_losers goes on
  // at api. api has 2 workers; the client's timeout is 0.6. A (0.25, deadline 0.85) calls db at
  // 0.35 and is served 0.35-0.65; the hedge B (0.30, deadline 0.90) calls db at 0.40, waits,
  // and is served 0.65-0.95. A succeeds at 0.65; B's job goes on, for nobody. Its call's attempt
  // times out at min(0.40 + own, 0.90): at 0.90 for an own timeout of 1 s or none, at 0.80 for
  // 0.4 s; B's job then fails (error, wasted) at once. db does not propagate: it serves on.
  it.each([
    ['an own timeout longer than the time left: the time left', 1, '0.90'],
    ['timeout: none: the time left', null, '0.90'],
    ['an own timeout shorter than the time left: its own', 0.4, '0.80'],
  ])('%s', (_, timeout, at) => {
    const s = scenario({
      services: [service('api', 2, constant(0.1), { ...key, calls: [call('db', timeout)] }), service('db', 1, constant(0.3))],
      clients: [openClient('web', 'api', 4, { arrival: evenly(4), timeout: 0.6, hedge: hedge(false) })],
      duration: 0.3,
    });
    expect(eventLog(s)).toEqual([
      '0.25 c0 request',
      '0.25 c0 attempt',
      '0.25 s0 arrival',
      '0.25 s0 busy 1',
      '0.30 c0 attempt',
      '0.30 s0 arrival',
      '0.30 s0 busy 2',
      '0.35 s1 arrival',
      '0.35 s1 busy 1',
      '0.40 s1 arrival',
      '0.40 s1 queue 1',
      '0.65 s1 busy 0',
      '0.65 s1 job ok (arrived 0.35, started 0.35)',
      '0.65 s1 busy 1',
      '0.65 s1 queue 0',
      '0.65 s0 busy 1',
      '0.65 s0 job ok (arrived 0.25, started 0.25)',
      '0.65 c0 succeeded (started 0.25, 2 attempts)',
      `${at} s0 busy 0`,
      `${at} s0 job error (arrived 0.30, started 0.30, wasted)`,
      '0.95 s1 busy 0',
      '0.95 s1 job ok (arrived 0.40, started 0.65, wasted)',
    ]);
  });

  it('once the time left is gone, the call fails at once with timeout, unsent and not retried', () => {
    // api has 1 worker and 0.15 s of work. A (0.25, deadline 0.75) is served 0.25-0.40, its call
    // 0.40-0.70: A succeeds at 0.70. The hedge B (0.30, deadline 0.80) lost, uncancelled; it is
    // served 0.70-0.85, past its deadline: its call is not sent (db sees no arrival at 0.85), not
    // retried though it retries timeouts, and B's job fails (error) at once.
    const retry: RetrySpec = { maxAttempts: 3, retryOn: ['timeout'], backoff: { kind: 'none' }, budget: null };
    const s = scenario({
      services: [service('api', 1, constant(0.15), { ...key, calls: [call('db', 1, retry)] }), service('db', 1, constant(0.3))],
      clients: [openClient('web', 'api', 4, { arrival: evenly(4), timeout: 0.5, hedge: hedge(false) })],
      duration: 0.3,
    });
    expect(eventLog(s)).toEqual([
      '0.25 c0 request',
      '0.25 c0 attempt',
      '0.25 s0 arrival',
      '0.25 s0 busy 1',
      '0.30 c0 attempt',
      '0.30 s0 arrival',
      '0.30 s0 queue 1',
      '0.40 s1 arrival',
      '0.40 s1 busy 1',
      '0.70 s1 busy 0',
      '0.70 s1 job ok (arrived 0.40, started 0.40)',
      '0.70 s0 busy 0',
      '0.70 s0 job ok (arrived 0.25, started 0.25)',
      '0.70 s0 busy 1',
      '0.70 s0 queue 0',
      '0.70 c0 succeeded (started 0.25, 2 attempts)',
      '0.85 s0 busy 0',
      '0.85 s0 job error (arrived 0.30, started 0.70, wasted)',
    ]);
  });
});

describe('a service without cancel_on_timeout behaves exactly as before', () => {
  it('its job calling goes on after its caller gave up; its calls keep their own timeout, by the FIFO TimeoutQueue', () => {
    // The world of the first cancellation test, api without the key and its calls with a 2 s
    // timeout: the client gives up at 0.75, but api is not told; db serves 0.35-1.35, api's
    // second call 1.35-2.35 (its timeout, 3.35, not bounded by anything), and api's job ends
    // at 2.35, wasted.
    const s = scenario({
      services: [service('api', 1, constant(0.1), { calls: [call('db', 2), call('db', 2)] }), service('db', 1, constant(1))],
      clients: [openClient('web', 'api', 4, { arrival: evenly(4), timeout: 0.5 })],
      duration: 0.3,
    });
    expect(eventLog(s)).toEqual([
      '0.25 c0 request',
      '0.25 c0 attempt',
      '0.25 s0 arrival',
      '0.25 s0 busy 1',
      '0.35 s1 arrival',
      '0.35 s1 busy 1',
      '0.75 c0 failed timeout (started 0.25, 1 attempts)',
      '1.35 s1 busy 0',
      '1.35 s1 job ok (arrived 0.35, started 0.35)',
      '1.35 s1 arrival',
      '1.35 s1 busy 1',
      '2.35 s1 busy 0',
      '2.35 s1 job ok (arrived 1.35, started 1.35)',
      '2.35 s0 busy 0',
      '2.35 s0 job ok (arrived 0.25, started 0.25, wasted)',
    ]);
    const plain = buildModel(s, new NullObserver()).services[0].calls[0] as Route;
    expect(plain.timeouts).toBeInstanceOf(TimeoutQueue);
    expect(plain.deadlines).toBeNull();
    const propagating = buildModel({ ...s, services: [{ ...s.services[0], ...key }, s.services[1]] }, new NullObserver()).services[0].calls[0] as Route;
    expect(propagating.timeouts).toBeInstanceOf(CallDeadlines);
    expect(propagating.timeouts).toBe(propagating.deadlines);
  });

  it('a lost hedge waiting on a call there leaves when the call returns, and cancels nothing below', () => {
    // The hedging world above, api without the key: B's job is cancelled at 0.65, but its call
    // goes on at db (0.65-0.95); api frees B's worker when it returns.
    const s = scenario({
      services: [service('api', 2, constant(0.1), { calls: [call('db', null)] }), service('db', 1, constant(0.3))],
      clients: [openClient('web', 'api', 4, { arrival: evenly(4), timeout: 0.6, hedge: hedge(true) })],
      duration: 0.3,
    });
    expect(eventLog(s).filter((l) => l >= '0.65')).toEqual([
      '0.65 s1 busy 0',
      '0.65 s1 job ok (arrived 0.35, started 0.35)',
      '0.65 s1 busy 1',
      '0.65 s1 queue 0',
      '0.65 s0 busy 1',
      '0.65 s0 job ok (arrived 0.25, started 0.25)',
      '0.65 c0 succeeded (started 0.25, 2 attempts)',
      '0.95 s1 busy 0',
      '0.95 s1 job ok (arrived 0.40, started 0.65)',
      '0.95 s0 busy 0',
      '0.95 s0 shed',
    ]);
  });
});
