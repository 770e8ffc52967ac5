/** Service-side protection (SCENARIO-FORMAT.md, "Strategies"): `shedding` in a service. */
import { SHEDDING_KINDS, type SheddingSpec } from '../strategies/config.ts';
import * as msg from './messages.ts';
import { optional, required, shape, tagged, type FieldLocator, type ParsedFields, type Shape } from './spec-object.ts';
import { duration, either, integer, numberBetween, oneOf } from './spec-values.ts';
import { INVALID, transform, type Context, type Spec } from './spec.ts';

const limitFields = {
  algorithm: optional(oneOf(['aimd', 'gradient'] as const, 'limit algorithm'), 'aimd',
    'aimd: additive increase, multiplicative decrease by backoff_ratio; gradient: follows the change in latency'),
  initial: optional(integer(1), 20, 'the concurrency limit at the start'),
  min: optional(integer(1, msg.DEGENERATE.limitMin), 1, 'the limit never goes below this'),
  max: optional(integer(1), 1000, 'the limit never goes above this'),
  backoff_ratio: optional(numberBetween(0, 1), 0.9, 'the limit is multiplied by this when it shrinks'),
  timeout: optional(either('none', null, duration({ positive: true })), 'none',
    'an attempt slower than this counts as a drop; `none` for no timeout'),
};

/** min <= initial <= max; each broken inequality is reported once, at the key that breaks it. */
function checkLimits(
  { initial, min, max }: ParsedFields<typeof limitFields>, at: FieldLocator<typeof limitFields>, ctx: Context,
): void {
  if (min !== INVALID && max !== INVALID && min > max) {
    ctx.report(at.anchor('max'), msg.limitOutOfOrder(at.path('max'), max, 'less', 'min', min));
    return;
  }
  if (initial === INVALID) return;
  if (min !== INVALID && initial < min) ctx.report(at.anchor('initial'), msg.limitOutOfOrder(at.path('initial'), initial, 'less', 'min', min));
  if (max !== INVALID && initial > max) ctx.report(at.anchor('initial'), msg.limitOutOfOrder(at.path('initial'), initial, 'more', 'max', max));
}

const sheddingVariants = {
  deadline: shape({}, { description: 'drop at dequeue an attempt whose caller has already given up' }),
  codel: shape({
    target: optional(duration({ positive: true }), '5ms', 'acceptable standing queue delay'),
    interval: optional(duration({ positive: true }), '100ms', 'how long the delay may stay above target'),
  }, { description: 'CoDel (Nichols & Jacobson, RFC 8289)' }),
  adaptive_lifo: shape({
    // 0s is kept: newest first whenever anyone waits, i.e. plain LIFO (Facebook's rule at its limit).
    threshold: required(duration(), 'serve newest first while the oldest waiting attempt has waited longer'),
  }, { description: 'LIFO while the queue is congested' }),
  concurrency_limit: shape(limitFields, { description: 'Netflix concurrency-limits', check: checkLimits }),
} satisfies Record<(typeof SHEDDING_KINDS)[number], Shape<any>>;

export const shedding: Spec<SheddingSpec> = transform(
  tagged('kind', sheddingVariants, { what: 'shedding kind', description: 'what the service refuses, and when' }),
  (value): SheddingSpec => {
    if (value.kind !== 'concurrency_limit') return value;
    const { algorithm, initial, min, max, backoff_ratio: backoffRatio, timeout } = value;
    return { kind: 'concurrency_limit', algorithm, initial, min, max, backoffRatio, timeout };
  },
);
