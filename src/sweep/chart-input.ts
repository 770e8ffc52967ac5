/**
 * What the sweep charts (src/report/charts/sweep-charts.ts) read, from a `SweepResult`.
 * Offered load and goodput are the scenario's total over its clients: summed per seed first,
 * then averaged over the seeds with their interval (for one client, that client's numbers).
 */
import type { SweepChartInput } from '../report/charts/sweep-charts.ts';
import { meanInterval } from './stats.ts';
import type { ClientMetric, SweepResult, SweepRow } from './result.ts';

function total(row: SweepRow, metric: ClientMetric): number | null {
  const values = Object.values(row.clients).map((c) => c[metric]);
  return values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + (v as number), 0);
}

export function sweepChartInput(result: SweepResult): SweepChartInput {
  return {
    scenario: result.scenario,
    vary: result.vary.map((v) => ({ path: v.path, values: [...v.values] })),
    points: result.points.map((p) => {
      const rows = result.rows.filter((r) => r.point === p.point);
      const offered = meanInterval(rows.map((r) => total(r, 'offered_per_s')));
      const goodput = meanInterval(rows.map((r) => total(r, 'goodput_per_s')));
      const share = p.aggregates.metastable_share;
      return {
        values: p.values,
        numeric: Object.fromEntries(result.vary.map((v) => [v.path, v.numbers[v.values.indexOf(p.values[v.path])] ?? null])),
        offered_per_s: offered.mean,
        goodput_per_s: goodput.mean === null ? null : { mean: goodput.mean, lo: goodput.ci_low, hi: goodput.ci_high },
        metastable_share: share.share === null ? null : { share: share.share, lo: share.ci_low ?? 0, hi: share.ci_high ?? 1 },
        still_recovering: rows.filter((r) => r.outcome === 'still_recovering').length,
        no_verdict: rows.filter((r) => r.outcome === 'no_verdict').length,
        seeds: rows.length,
      };
    }),
  };
}
