/** Distributions of a duration (SCENARIO-FORMAT.md, "Units and values"). */
import type { DistributionKind, DistributionSpec } from '../engine/distribution.ts';
import * as msg from './messages.ts';
import { list } from './spec-collections.ts';
import { object, required, shape, tagged, type Shape } from './spec-object.ts';
import { duration, number } from './spec-values.ts';
import { INVALID, named, scalarOrMap, transform, type Spec } from './spec.ts';

type Mixture = Extract<DistributionSpec, { dist: 'mixture' }>;

const constantDuration: Spec<DistributionSpec> = transform(duration(), (value) => ({ dist: 'constant', value }));

export const distribution: Spec<DistributionSpec> = named('distribution', () =>
  scalarOrMap(constantDuration, transform(distributionMap(), normalizeMixture), 'a duration (constant), or a map with `dist`'),
);

function distributionMap() {
  const variants = {
    constant: shape({ value: required(duration()) }),
    exponential: shape({ mean: required(duration(), 'the mean (never a rate)') }),
    uniform: shape({ min: required(duration()), max: required(duration()) }, {
      check: ({ min, max }, at, ctx) => {
        if (min !== INVALID && max !== INVALID && min > max) ctx.report(at.anchor('max'), msg.uniformMinAboveMax(at.path('max'), min, max));
      },
    }),
    normal: shape({
      mean: required(duration({ positive: true })),
      stddev: required(duration()),
    }, { description: 'a normal distribution truncated at zero' }),
    lognormal: shape({ median: required(duration({ positive: true })), p99: required(duration()) }, {
      check: ({ median, p99 }, at, ctx) => {
        if (median !== INVALID && p99 !== INVALID && median > p99) ctx.report(at.anchor('p99'), msg.lognormalMedianAboveP99(at.path('p99'), median, p99));
      },
    }),
    mixture: shape({ of: required(list(mixtureComponent(), { what: 'component', minItems: 1 })) }),
    empirical: shape({ values: required(list(duration(), { what: 'value', minItems: 1 }), 'sampled uniformly') }),
  } satisfies Record<DistributionKind, Shape<any>>;
  return tagged('dist', variants, { what: 'distribution', description: 'a distribution of a duration' });
}

/** `{ weight, value }`, where `value` is itself a distribution (hence the named, lazy spec). */
function mixtureComponent() {
  return object({
    weight: required(number(0, true), 'relative; the weights are scaled to sum to 1'),
    value: required(distribution),
  });
}

/**
 * Mixture weights are relative, as in most samplers' APIs: they are divided by their sum here,
 * so the model can draw a component with one uniform number and `0.999`/`0.001` or `999`/`1`
 * mean the same.
 */
function normalizeMixture(spec: DistributionSpec): DistributionSpec {
  if (spec.dist !== 'mixture') return spec;
  const total = spec.of.reduce((sum, component) => sum + component.weight, 0);
  const of: Mixture['of'] = spec.of.map(({ weight, value }) => ({ weight: weight / total, value }));
  return { dist: 'mixture', of };
}
