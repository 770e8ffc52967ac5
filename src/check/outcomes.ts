/**
 * What `simulate check` concludes from the runs of one scenario over several seeds.
 * A string assertion must hold on every seed; a map assertion `{ expr, probability }` passes when
 * the share of seeds on which it holds is at least `probability` (near a tipping point the same
 * scenario storms on some seeds and recovers on others: the share is the honest verdict).
 */
import type { Summary } from '../metrics/summary.ts';
import { formatMetric } from '../report/table.ts';
import type { MetricUnit } from '../scenario/metric-paths.ts';
import type { Assertion } from '../scenario/types.ts';

export interface AssertionOutcome {
  expr: string;
  /** One per seed, in seed order; null where the metric had no value. */
  values: (number | boolean | null)[];
  held: number;
  seeds: number;
  /** Share of seeds required: 1 for the string form. */
  required: number;
  pass: boolean;
  unit: MetricUnit;
}

/** `units[i]`: the unit of assertion i's metric. */
export function assertionOutcomes(assertions: readonly Assertion[], summaries: readonly Summary[], units: readonly MetricUnit[]): AssertionOutcome[] {
  return assertions.map((a, i) => {
    const results = summaries.map((s) => s.assertions[i]);
    const held = results.filter((r) => r.pass).length;
    const required = a.probability ?? 1;
    return {
      expr: a.expr,
      values: results.map((r) => r.value),
      held,
      seeds: summaries.length,
      required,
      pass: held >= required * summaries.length - 1e-9,
      unit: units[i],
    };
  });
}

/** The observed value, or its range over seeds, as text. */
export function observedText(o: AssertionOutcome): string {
  const shown = (v: number | boolean | null) => formatMetric(v, o.unit);
  const distinct = [...new Set(o.values.map(shown))];
  let text: string;
  if (distinct.length === 1) text = distinct[0];
  else if (o.values.every((v) => typeof v === 'number')) {
    const nums = o.values as number[];
    text = `${shown(Math.min(...nums))} .. ${shown(Math.max(...nums))}`;
  } else {
    const trues = o.values.filter((v) => v === true).length;
    text = `true on ${trues}/${o.seeds}`;
  }
  if (o.seeds === 1) return text;
  const share = `held on ${o.held}/${o.seeds}`;
  return o.required < 1 ? `${text}; ${share}, needs ${Math.round(o.required * 100)}%` : `${text}; ${share}`;
}
