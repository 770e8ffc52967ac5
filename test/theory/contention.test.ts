/**
 * Contention against its closed forms (docs/contention.md). A closed loop of N users with no
 * think time and at least N workers keeps exactly N jobs at work (a user sends its next request
 * the instant its last one ends), so each job takes E[S] × stretch(N) on average and nothing
 * queues:
 *   USL (Gunther, Guerrilla Capacity Planning, ch. 4): throughput X(N) / E[S] with
 *       X(N) = N / (1 + σ(N − 1) + κN(N − 1));
 *   linear (Brooker's collapse model): mean service time E[S] + c·N.
 * Each case runs about 40,000 requests with exponential service times, so by the renewal
 * central limit theorem the relative standard error of the throughput (and of the mean time) is
 * about 1 / √40,000 = 0.5%: the 2% tolerance is four standard errors. Measured on seed 1
 * (about 37,700 requests each): USL −0.73% at every N (the runs scale the same service-time
 * draws, so their errors are one and the same sample); linear +0.65%, +0.34%, +0.12% at N = 1,
 * 10, 50.
 */
import { describe, expect, it } from 'vitest';
import type { ContentionConfig } from '../../src/model/config.ts';
import { runScenario } from '../../src/run.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';

const MEAN = 0.01;
const REQUESTS = 40_000;
const TOLERANCE = 0.02;

function closedLoop(users: number, contention: ContentionConfig, meanTime: number) {
  const duration = (REQUESTS * meanTime) / users;
  return runScenario(scenario({
    services: [service('api', users, { dist: 'exponential', mean: MEAN }, { contention })],
    clients: [openClient('users', 'api', 0, { arrival: { kind: 'closed', users, think: { dist: 'constant', value: 0 } } })],
    duration,
    warmup: duration * 0.05,
    window: duration / 20,
  })).summary;
}

const relativeError = (observed: number, expected: number) => Math.abs(observed / expected - 1);

describe('Universal Scalability Law: throughput of N jobs always at work is X(N) / E[S] (2%)', () => {
  const usl: ContentionConfig = { kind: 'usl', sigma: 0.05, kappa: 0.001 };
  const X = (n: number) => n / (1 + usl.sigma * (n - 1) + usl.kappa * n * (n - 1));
  // N* = √((1 − σ) / κ) ≈ 31: throughput rises to it and falls past it (64 does less than 32).
  it.each([1, 4, 16, 32, 64])('N = %i', (n) => {
    const summary = closedLoop(n, usl, (MEAN * n) / X(n));
    const expected = X(n) / MEAN;
    expect(relativeError(summary.clients.users.goodput_per_s, expected)).toBeLessThan(TOLERANCE);
    expect(summary.services.api.rejected).toBe(0);
  });
});

describe('linear contention: the mean service time of N jobs always at work is E[S] + c·N (2%)', () => {
  const linear: ContentionConfig = { kind: 'linear', perAttempt: 0.001 };
  it.each([1, 10, 50])('N = %i', (n) => {
    const expected = MEAN + linear.perAttempt * n;
    const summary = closedLoop(n, linear, expected);
    // Nothing waits, so the latency of a request is its service time.
    expect(relativeError(summary.clients.users.latency.mean as number, expected)).toBeLessThan(TOLERANCE);
  });
});
