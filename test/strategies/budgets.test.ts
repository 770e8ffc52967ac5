import { describe, expect, it } from 'vitest';
import { ConcurrencyBudget, NO_BUDGET, RatioBudget, TokenBucketBudget } from '../../src/strategies/budgets.ts';

describe('token bucket budget (gRFC A6)', () => {
  it('starts full; failures take 1, successes add token_ratio; retries only above max / 2', () => {
    const b = new TokenBucketBudget(10, 0.1);
    expect(b.tryAcquire()).toBe(true);
    for (let i = 0; i < 4; i++) b.attemptEnded(0, false);
    expect(b.count).toBe(6);
    expect(b.tryAcquire()).toBe(true);
    b.attemptEnded(0, false);
    expect(b.count).toBe(5); // at max / 2: no retry (throttled when <= threshold)
    expect(b.tryAcquire()).toBe(false);
    b.attemptEnded(0, true);
    expect(b.count).toBeCloseTo(5.1, 12);
    expect(b.tryAcquire()).toBe(true);
    for (let i = 0; i < 20; i++) b.attemptEnded(0, false);
    expect(b.count).toBe(0);
    for (let i = 0; i < 200; i++) b.attemptEnded(0, true);
    expect(b.count).toBe(10);
  });
});

describe('ratio budget (Finagle RetryBudget)', () => {
  it('allows ratio × requests retries over ttl, plus min_per_second × ttl', () => {
    const b = new RatioBudget(0.2, 0, 10);
    for (let i = 0; i < 10; i++) b.requestStarted(1);
    expect([b.tryAcquire(1), b.tryAcquire(1), b.tryAcquire(1)]).toEqual([true, true, false]);
    const reserve = new RatioBudget(0.2, 1, 10); // 10 retries in reserve, nothing deposited
    const allowed = Array.from({ length: 12 }, () => reserve.tryAcquire(5)).filter(Boolean).length;
    expect(allowed).toBe(10);
  });

  it('deposits and withdrawals expire after ttl', () => {
    const b = new RatioBudget(0.5, 0, 10);
    for (let i = 0; i < 4; i++) b.requestStarted(0);
    expect(b.tryAcquire(0)).toBe(true);
    expect(b.tryAcquire(0)).toBe(true);
    expect(b.tryAcquire(0)).toBe(false);
    expect(b.tryAcquire(11)).toBe(false); // all expired: nothing to withdraw from
    for (let i = 0; i < 2; i++) b.requestStarted(11);
    expect(b.tryAcquire(11)).toBe(true);
  });
});

describe('concurrency budget (Envoy)', () => {
  it('active retries at most max(min_concurrent, ratio × active requests), counted until released', () => {
    const b = new ConcurrencyBudget(0.2, 3);
    for (let i = 0; i < 20; i++) b.requestStarted();
    expect(Array.from({ length: 5 }, () => b.tryAcquire()).filter(Boolean).length).toBe(4); // 0.2 × 20
    b.release();
    expect(b.tryAcquire()).toBe(true);
    for (let i = 0; i < 19; i++) b.requestEnded();
    for (let i = 0; i < 4; i++) b.release();
    expect(Array.from({ length: 5 }, () => b.tryAcquire()).filter(Boolean).length).toBe(3); // the minimum
  });

  it('truncates ratio × active requests to a whole number, as Envoy does (24 × 20% = 4.8 allows 4)', () => {
    const b = new ConcurrencyBudget(0.2, 3);
    for (let i = 0; i < 24; i++) b.requestStarted();
    expect(Array.from({ length: 6 }, () => b.tryAcquire()).filter(Boolean).length).toBe(4);
    // In doubles, as Envoy's budget_percent / 100.0 * active is: 15 × 20% = 3.0000000000000004
    // allows 3, and 100 × 29% = 28.999999999999996 allows 28, not 29.
    const c = new ConcurrencyBudget(0.2, 1);
    for (let i = 0; i < 15; i++) c.requestStarted();
    expect(Array.from({ length: 5 }, () => c.tryAcquire()).filter(Boolean).length).toBe(3);
    const d = new ConcurrencyBudget(29 / 100, 1);
    for (let i = 0; i < 100; i++) d.requestStarted();
    expect(Array.from({ length: 30 }, () => d.tryAcquire()).filter(Boolean).length).toBe(28);
  });

  it('the null budget always allows', () => {
    expect(NO_BUDGET.tryAcquire(0)).toBe(true);
  });
});
