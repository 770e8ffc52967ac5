/** Baselines over seeds: which changes of the verdict regress, from summaries built by hand. */
import { describe, expect, it } from 'vitest';
import { compareToBaseline, scenarioBaseline } from '../../src/check/baseline.ts';
import type { Outcome } from '../../src/metrics/metastability.ts';
import type { Summary } from '../../src/metrics/summary.ts';
import type { Scenario } from '../../src/scenario/types.ts';

/** A run's summary with just the verdict set; its one client identical on every seed. */
function run(outcome: Outcome, recovery: number | null = null): Summary {
  return {
    scenario: 's', seed: 1, duration_s: 100, warmup_s: 0,
    clients: { web: { requests: 100, attempts: 100, amplification: 1, succeeded: 100, failed: 0, goodput_ratio: 1, goodput_per_s: 1, peak_attempts_per_s: 1,
      latency: { mean: 0.01, p50: 0.01, p90: 0.01, p99: 0.01, p999: 0.01, max: 0.01 } } as Summary['clients'][string] },
    services: {},
    metastability: {
      baseline_goodput_per_s: 1, recovered: outcome === 'recovered', recovery_time_s: recovery, metastable: outcome === 'metastable',
      no_verdict: outcome === 'still_recovering' ? 'still_recovering' : outcome === 'no_verdict' ? 'overloaded_before_trigger' : null,
      outcome, still_recovering: outcome === 'still_recovering', projected_recovery_s: null, late_recovery_time_s: null,
      baseline_offered_per_s: 1, evidence: null, saturation: null, backlog: { baseline: null, final: null, trend_per_s: null },
    },
    assertions: [],
  };
}

const scenario = { name: 's', check: { seeds: 3, tolerances: {} } } as unknown as Scenario;

describe('baselines and the verdict', () => {
  const base = scenarioBaseline([run('recovered', 14), run('recovered', 14), run('recovered', 14)]);

  it('records the shares of seeds recovered, metastable and still recovering', () => {
    expect(base).toMatchObject({ recovery_time_s: 14, metastable_share: 0, recovered_share: 1, still_recovering_share: 0 });
  });

  it('a seed of three that no longer recovers regresses, whether it is now still recovering, metastable or without a verdict', () => {
    for (const now of ['still_recovering', 'metastable', 'no_verdict'] as const) {
      const current = scenarioBaseline([run('recovered', 13), run('recovered', 14), run(now)]);
      expect(compareToBaseline(scenario, base, current).map((r) => r.metric), now).toContain('recovered_share');
    }
  });

  it('every seed recovering again is no regression; a baseline written before recovered_share is not compared on it', () => {
    expect(compareToBaseline(scenario, base, scenarioBaseline([run('recovered', 13), run('recovered', 14), run('recovered', 15)]))).toEqual([]);
    const old = { ...base, recovered_share: undefined };
    const current = scenarioBaseline([run('recovered', 14), run('recovered', 14), run('still_recovering')]);
    expect(compareToBaseline(scenario, old, current).map((r) => r.metric)).not.toContain('recovered_share');
  });
});

describe('outcomes over seeds, in words', () => {
  it('counts each outcome, with its times, and says why there was no verdict', async () => {
    const { outcomeCounts, outcomesText } = await import('../../src/check/verdicts.ts');
    const still = { ...run('still_recovering'), metastability: { ...run('still_recovering').metastability, projected_recovery_s: 36 } };
    const counts = outcomeCounts([run('recovered', 35), still, run('no_verdict'), run('recovered', 40)]);
    expect(outcomesText(counts, 4)).toBe('recovered on 2/4 seeds (35-40 s), still recovering on 1/4 seeds (projected 36 s), no verdict (overloaded before trigger) on 1/4 seeds');
  });
});
