import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/engine/random.ts';
import { CircuitBreaker } from '../../src/strategies/circuit-breaker.ts';
import type { CircuitBreakerSpec } from '../../src/strategies/config.ts';
import { AdaptiveThrottle } from '../../src/strategies/throttle.ts';

const spec: CircuitBreakerSpec = { failureRate: 0.5, minCalls: 4, window: 10, openFor: 5, openJitter: 0, halfOpenCalls: 2, halfOpenRule: 'all_succeed' };

/** One attempt through the breaker: let through (or not) at `t`, answered `ok` at `t`. */
function attempt(b: CircuitBreaker, t: number, ok: boolean): void {
  b.record(t, ok, b.allow(t));
}

describe('circuit breaker', () => {
  it('closed → open at the failure rate once min_calls ended → half-open after open_for → closed after the trials', () => {
    const log: string[] = [];
    const b = new CircuitBreaker(spec, new RandomStream(1, 'b'), (t, from, to) => log.push(`${t} ${from}->${to}`));
    for (const ok of [false, false, false]) attempt(b, 1, ok);
    expect(b.state).toBe('closed'); // 3 failures, but 3 calls < min_calls
    attempt(b, 1.5, true); // the fourth call: 3 of 4 failed
    expect(b.state).toBe('open');
    const c = new CircuitBreaker(spec, new RandomStream(1, 'c'), () => {});
    for (const ok of [true, true, true, false, false]) attempt(c, 1, ok);
    expect(c.state).toBe('closed'); // 2 of 5 failed: under 50%
    attempt(c, 1, false);
    expect(c.state).toBe('open'); // 3 of 6: the rate is reached
    expect(b.allow(6.4)).toBe(-1);
    const trial1 = b.allow(7); // half-open: trial 1
    const trial2 = b.allow(7); // trial 2
    expect(trial1).toBeGreaterThanOrEqual(0);
    expect(trial2).toBe(trial1);
    expect(b.allow(7)).toBe(-1); // no more trials
    b.record(7.1, true, trial1);
    b.record(7.2, true, trial2);
    expect(b.state).toBe('closed');
    expect(log).toEqual(['1.5 closed->open', '7 open->half_open', '7.2 half_open->closed']);
  });

  it('a failure rate reached exactly opens it, whatever the rounding of rate × calls', () => {
    // 0.07 × 100 is 7.000000000000001 in binary floating point; 7 failures of 100 are 7%.
    const b = new CircuitBreaker({ ...spec, failureRate: 0.07, minCalls: 100 }, new RandomStream(1, 'x'), () => {});
    for (let i = 0; i < 93; i++) attempt(b, 1, true);
    for (let i = 0; i < 6; i++) attempt(b, 1, false);
    expect(b.state).toBe('closed'); // 6 of 99: below min_calls
    attempt(b, 1, false);
    expect(b.state).toBe('open');
  });

  it('a failed trial opens it again; outcomes leave the window after it', () => {
    const log: string[] = [];
    const b = new CircuitBreaker(spec, new RandomStream(1, 'b'), (t, from, to) => log.push(`${t} ${from}->${to}`));
    for (let i = 0; i < 4; i++) attempt(b, 0, false);
    const trial = b.allow(5);
    b.record(5.5, false, trial);
    expect(log).toEqual(['0 closed->open', '5 open->half_open', '5.5 half_open->open']);
    const c = new CircuitBreaker(spec, new RandomStream(1, 'c'), () => {});
    for (let i = 0; i < 3; i++) attempt(c, 0, false);
    attempt(c, 20, false); // the three failures at t = 0 have left the 10 s window
    expect(c.state).toBe('closed');
  });

  it('an answer to an attempt let through in an earlier episode does not count', () => {
    const b = new CircuitBreaker({ ...spec, halfOpenCalls: 1 }, new RandomStream(1, 'e'), () => {});
    const old = b.allow(0); // sent while closed, answered much later
    for (let i = 0; i < 4; i++) attempt(b, 0, false);
    expect(b.state).toBe('open');
    const trial = b.allow(6);
    b.record(6.1, true, old); // the old attempt's success must not close it
    expect(b.state).toBe('half_open');
    b.record(6.2, true, trial);
    expect(b.state).toBe('closed');
  });

  it('a trial that ends without an answer gives its slot back, so half-open cannot get stuck', () => {
    const b = new CircuitBreaker({ ...spec, halfOpenCalls: 1 }, new RandomStream(1, 'r'), () => {});
    for (let i = 0; i < 4; i++) attempt(b, 0, false);
    const trial = b.allow(6);
    expect(b.allow(6)).toBe(-1);
    b.release(trial); // e.g. refused by the throttle, or a losing hedge
    expect(b.allow(6)).toBeGreaterThanOrEqual(0);
  });

  it('open_for is jittered within ± open_jitter', () => {
    const waits: number[] = [];
    for (let seed = 1; seed <= 200; seed++) {
      const b = new CircuitBreaker({ ...spec, openJitter: 0.2 }, new RandomStream(seed, 'j'), () => {});
      for (let i = 0; i < 4; i++) attempt(b, 0, false);
      let t = 3.9;
      while (b.allow(t) < 0) t += 0.01;
      waits.push(t);
    }
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(4 - 0.011);
    expect(Math.max(...waits)).toBeLessThanOrEqual(6 + 0.011);
    expect(Math.max(...waits) - Math.min(...waits)).toBeGreaterThan(1.5);
  });
});

describe('half-open rules', () => {
  /**
   * A breaker opened at t = 0 by four failures (open_for 5 s, 3 trials, failure_rate 50%); at
   * t = 5 it lets three trials through, answered in order at 5.1, 5.2, 5.3. The log of its states.
   */
  function trials(halfOpenRule: CircuitBreakerSpec['halfOpenRule'], outcomes: boolean[], failureRate = 0.5): string[] {
    const log: string[] = [];
    const b = new CircuitBreaker({ ...spec, failureRate, halfOpenCalls: 3, halfOpenRule }, new RandomStream(1, 'h'), (t, from, to) =>
      log.push(`${t} ${from}->${to}`));
    for (let i = 0; i < 4; i++) attempt(b, 0, false);
    const permits = outcomes.map(() => b.allow(5));
    expect(permits.every((p) => p >= 0)).toBe(true);
    expect(b.allow(5)).toBe(-1); // all three trial slots are out
    outcomes.forEach((ok, i) => b.record([5.1, 5.2, 5.3][i], ok, permits[i]));
    return log;
  }

  const OPENED = ['0 closed->open', '5 open->half_open'];

  it.each([
    // all_succeed (Nygard): the first failed trial reopens; the later answers belong to a past episode.
    ['all_succeed', [true, false, true], 0.5, ['5.2 half_open->open']],
    ['all_succeed', [false, true, true], 0.5, ['5.1 half_open->open']],
    ['all_succeed', [true, true, true], 0.5, ['5.3 half_open->closed']],
    ['all_succeed', [true, true, false], 1, ['5.3 half_open->open']],
    // failure_rate (Resilience4j): nothing until all three ended, then failures / 3 against the rate.
    ['failure_rate', [true, false, true], 0.5, ['5.3 half_open->closed']], // 1/3 < 50%
    ['failure_rate', [false, true, false], 0.5, ['5.3 half_open->open']], // 2/3 >= 50%
    ['failure_rate', [true, true, true], 0.5, ['5.3 half_open->closed']],
    ['failure_rate', [false, false, true], 1, ['5.3 half_open->closed']], // 2/3 < 100%
    ['failure_rate', [false, false, false], 1, ['5.3 half_open->open']],
    ['failure_rate', [true, true, false], 1 / 3, ['5.3 half_open->open']], // exactly the rate: open, as in Resilience4j (>=)
  ] as const)('%s, trials %j at failure_rate %d', (rule, outcomes, rate, after) => {
    expect(trials(rule, [...outcomes], rate)).toEqual([...OPENED, ...after]);
  });

  it('failure_rate: a failed trial leaves it half-open and refusing until every trial has ended', () => {
    const b = new CircuitBreaker({ ...spec, halfOpenCalls: 2, halfOpenRule: 'failure_rate' }, new RandomStream(1, 'w'), () => {});
    for (let i = 0; i < 4; i++) attempt(b, 0, false);
    const first = b.allow(5);
    const second = b.allow(5);
    b.record(5.1, false, first);
    expect(b.state).toBe('half_open');
    expect(b.allow(5.2)).toBe(-1);
    b.record(5.3, true, second); // 1 of 2 = 50%: the rate is reached
    expect(b.state).toBe('open');
  });

  it('failure_rate: a trial given back is replaced, and only trials with an answer are judged', () => {
    const log: string[] = [];
    const b = new CircuitBreaker({ ...spec, halfOpenCalls: 2, halfOpenRule: 'failure_rate' }, new RandomStream(1, 'g'), (t, from, to) =>
      log.push(`${t} ${from}->${to}`));
    for (let i = 0; i < 4; i++) attempt(b, 0, false);
    const lost = b.allow(5);
    const kept = b.allow(5);
    b.release(lost); // e.g. refused by the throttle
    b.record(5.1, true, kept);
    expect(b.state).toBe('half_open'); // one answer of two
    const replacement = b.allow(5.2);
    expect(replacement).toBeGreaterThanOrEqual(0);
    expect(b.allow(5.2)).toBe(-1);
    b.record(5.3, true, replacement);
    expect(log).toEqual(['0 closed->open', '5 open->half_open', '5.3 half_open->closed']);
  });

  it('failure_rate: reopened, the next half-open episode judges only its own trials', () => {
    const log: string[] = [];
    const b = new CircuitBreaker({ ...spec, halfOpenCalls: 2, halfOpenRule: 'failure_rate' }, new RandomStream(1, 'n'), (t, from, to) =>
      log.push(`${t} ${from}->${to}`));
    for (let i = 0; i < 4; i++) attempt(b, 0, false);
    const [a, c] = [b.allow(5), b.allow(5)];
    b.record(5.1, false, a);
    b.record(5.2, false, c); // 2 of 2 failed: open again until 10.2
    expect(b.allow(10.1)).toBe(-1);
    const [d, e] = [b.allow(10.2), b.allow(10.2)];
    b.record(10.3, true, d);
    b.record(10.4, false, e); // 1 of 2 = 50%: open again
    const [f, g] = [b.allow(15.4), b.allow(15.4)];
    b.record(15.5, true, f);
    b.record(15.6, true, g);
    expect(log).toEqual([
      '0 closed->open', '5 open->half_open', '5.2 half_open->open',
      '10.2 open->half_open', '10.4 half_open->open', '15.4 open->half_open', '15.6 half_open->closed',
    ]);
  });
});

describe('adaptive throttling (SRE book)', () => {
  it('rejects with probability max(0, (requests − k·accepts) / (requests + 1)) over the window', () => {
    const t = new AdaptiveThrottle(2, 120, new RandomStream(1, 't'));
    expect(t.rejectProbability(0)).toBe(0);
    for (let i = 0; i < 100; i++) t.admit(0);
    for (let i = 0; i < 30; i++) t.record(0, true);
    expect(t.rejectProbability(1)).toBeCloseTo((100 - 2 * 30) / 101, 12);
    for (let i = 0; i < 20; i++) t.record(1, true);
    expect(t.rejectProbability(1)).toBe(0);
    expect(t.rejectProbability(200)).toBe(0); // the window has passed
  });

  it('the share rejected matches the probability (binomial, 4σ)', () => {
    const t = new AdaptiveThrottle(2, 120, new RandomStream(3, 't'));
    for (let i = 0; i < 1000; i++) t.admit(0);
    for (let i = 0; i < 250; i++) t.record(0, true);
    const p = t.rejectProbability(0); // (1000 − 500) / 1001, rising as requests are counted
    let rejected = 0;
    const n = 2000;
    for (let i = 0; i < n; i++) if (!t.admit(0)) rejected++;
    const pEnd = (3000 - 500) / 3001;
    const mean = (p + pEnd) / 2;
    expect(Math.abs(rejected / n - mean)).toBeLessThan(4 * Math.sqrt((mean * (1 - mean)) / n) + 0.02);
  });
});
