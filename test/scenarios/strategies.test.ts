/**
 * The strategy scenarios (scenarios/strategies/), each the retry storm with one defence, over
 * seeds 1-3: which recover after the trigger and which stay metastable. The expectations are
 * what the descriptions claim; a change in the model that moves any of them fails here.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { bundledVariants, runBundled } from '../support/bundled.ts';

const SEEDS = [1, 2, 3];

export const VERDICTS: Record<string, 'recovers' | 'metastable'> = {
  'backoff-jitter.yaml': 'metastable',
  'token-bucket.yaml': 'recovers',
  'ratio-budget.yaml': 'recovers',
  'concurrency-budget.yaml': 'metastable',
  'circuit-breaker.yaml': 'recovers',
  'adaptive-throttle.yaml': 'metastable',
  'closed-loop.yaml': 'metastable',
  'closed-loop-backoff.yaml': 'recovers',
  'hedge.yaml': 'metastable',
  'deadline-shedding.yaml': 'metastable',
  'codel.yaml': 'recovers',
  'adaptive-lifo.yaml': 'recovers',
  'concurrency-limit.yaml': 'recovers',
  'concurrency-limit-gradient.yaml': 'recovers',
  'cancel-on-timeout.yaml': 'recovers',
};

describe('defences against the retry storm, seeds 1-3', () => {
  for (const [file, verdict] of Object.entries(VERDICTS)) {
    it(`${file} ${verdict}`, () => {
      for (const seed of SEEDS) {
        const m = runBundled(`strategies/${file}`, seed).summary.metastability;
        expect(m.no_verdict, `seed ${seed}`).toBeNull();
        expect(m.recovered, `seed ${seed}`).toBe(verdict === 'recovers');
        expect(m.metastable, `seed ${seed}`).toBe(verdict === 'metastable');
      }
    });
  }
  // That each file also holds its own assertions is golden.test.ts's job.
});

describe('deadline propagation through a call tree (client -> a -> b), seeds 1-3', () => {
  // Verdicts per variant of deadline-propagation.yaml, and what b spends its time on.
  const variants = bundledVariants('strategies/deadline-propagation.yaml');
  it.each(SEEDS)('seed %i: storms without it and with cancel_on_timeout at b only; recovers with it on a and b', (seed) => {
    expect([...variants.keys()]).toEqual(['no-propagation', 'b-only', 'propagation']);
    const run = (name: string) => runScenario({ ...variants.get(name)!, seed }).summary;
    const none = run('no-propagation');
    const bOnly = run('b-only');
    const both = run('propagation');
    expect(none.metastability.metastable).toBe(true);
    expect(bOnly.metastability.metastable).toBe(true);
    expect(both.metastability.recovered).toBe(true);
    expect(both.metastability.recovery_time_s).toBeLessThan(5);
    // Without propagation nearly all of b's time is wasted; with it, only attempts cut short.
    expect(none.services.b.wasted_fraction).toBeGreaterThan(0.9);
    expect(both.services.b.wasted_fraction).toBeLessThan(0.05);
    // At b only, b drops what a gave up on (after a's own 1 s), but a's client left long before.
    expect(bOnly.services.b.shed).toBeGreaterThan(20000);
    expect(bOnly.clients.web.goodput_ratio).toBeLessThan(0.2);
    expect(both.clients.web.amplification).toBeLessThan(1.1);
  });
});

describe('retries multiply across layers', () => {
  it('4 attempts at each of 3 layers: 64 attempts at the bottom per request; budgets at each layer bound it', () => {
    const plain = runBundled('strategies/three-layer.yaml').summary;
    const budget = runBundled('strategies/three-layer-budget.yaml').summary;
    const perRequest = (s: typeof plain, svc: string) => s.services[svc].arrivals / s.clients.web.requests;
    expect([perRequest(plain, 'a'), perRequest(plain, 'b'), perRequest(plain, 'c')]).toEqual([4, 16, 64]);
    expect(perRequest(budget, 'c')).toBeLessThan(1.2);
  });
});

describe('synchronized clients: the retry spike after an outage', () => {
  function peakAfterOutage(file: string): number {
    const r = runBundled(`strategies/${file}`);
    const rows = r.series.filter((row) => row.entity === 'services.api' && (row.t_s as number) >= 5);
    return Math.max(...rows.map((row) => (row.attempts_per_s as number) * 0.1));
  }

  it('without jitter all 500 users retry in the same 100 ms window; full and decorrelated jitter spread them', () => {
    const none = peakAfterOutage('sync-retries.yaml');
    const full = peakAfterOutage('sync-retries-full-jitter.yaml');
    const decorrelated = peakAfterOutage('sync-retries-decorrelated-jitter.yaml');
    expect(none).toBe(500);
    expect(full).toBeLessThan(none / 5);
    expect(decorrelated).toBeLessThan(none / 5);
  });
});
