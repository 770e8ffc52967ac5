/**
 * A service's `autoscale:` (docs/autoscaling.md): target tracking of its workers, or of its
 * replicas when it has `replicas`. The metric picks how `target` is read: a utilization is a
 * share of the serving workers' time (above 0, at most 100%), a queue length is attempts
 * waiting per serving unit (above 0).
 */
import { AUTOSCALE_METRICS, type AutoscaleSpec } from '../model/config.ts';
import * as msg from './messages.ts';
import { optional, required, shape, tagged, type FieldLocator, type Fields, type ParsedFields } from './spec-object.ts';
import { duration, either, fraction, integer, number } from './spec-values.ts';
import { INVALID, transform, type Context, type Spec } from './spec.ts';

const common = {
  window: optional(duration({ positive: true }), '60s', 'the metric is averaged (time-weighted) over this much of the past'),
  every: optional(either('window', null, duration({ positive: true })), 'window',
    'how often the autoscaler evaluates; `window` (the default) for once per window; the window must be a whole number of these'),
  tolerance: optional(fraction({ belowOne: msg.DEGENERATE.autoscaleTolerance }), '10%',
    'no action while the metric is within this share of the target (the Kubernetes HPA\'s tolerance, 10% by default)'),
  min: required(integer(1, msg.DEGENERATE.autoscaleMin), 'the fewest units (workers, or replicas for a service with `replicas`)'),
  max: required(integer(1), 'the most units'),
  provisioning_delay: optional(duration(), '0s', 'added units serve only this long after they are ordered'),
  cooldown: optional(duration(), '300s', 'no scale-in for this long after any scaling action (AWS\'s ScaleInCooldown, 300 s by default)'),
  scale_out_cooldown: optional(duration(), '0s', 'no scale-out for this long after a scale-out (AWS\'s ScaleOutCooldown); units still provisioning count as ordered anyway'),
  max_step: optional(either('none', null, integer(1, msg.DEGENERATE.autoscaleStep)), 'none',
    'the governor: at most this many units added or removed by one action; `none` for no limit'),
};

type Common = typeof common;

/** min <= max, and a window made of whole evaluation intervals (so each evaluation reads whole intervals). */
function checkAutoscale<F extends Common & Fields>(values: ParsedFields<F>, at: FieldLocator<F>, ctx: Context): void {
  const { min, max, window, every } = values as unknown as ParsedFields<Common>;
  if (min !== INVALID && max !== INVALID && min > max) ctx.report(at.anchor('min'), msg.autoscaleMinAboveMax(at.path('min'), min, max));
  if (window !== INVALID && every !== INVALID && every !== null) {
    const intervals = window / every;
    if (Math.abs(intervals - Math.round(intervals)) > 1e-9 || intervals < 1) {
      ctx.report(at.anchor('every'), msg.autoscaleWindowNotWhole(at.path('every'), every, window));
    }
  }
}

const variants = {
  utilization: shape({
    target: required(fraction({ aboveZero: msg.DEGENERATE.autoscaleTarget }), 'the busy share of the serving workers to keep, like 60%'),
    ...common,
  }, { description: 'track the busy share of the workers', check: checkAutoscale }),
  queue_length: shape({
    target: required(number(0, true), 'attempts waiting in the queue per serving unit (worker or replica) to keep'),
    ...common,
  }, { description: 'track the attempts waiting per unit (AWS\'s "backlog per instance")', check: checkAutoscale }),
};

export const autoscale: Spec<AutoscaleSpec> = transform(
  tagged('metric', variants, { what: 'autoscale metric', description: 'target-tracking autoscaling (docs/autoscaling.md)' }),
  (v): AutoscaleSpec => ({
    metric: v.metric, target: v.target, tolerance: v.tolerance, window: v.window, every: v.every ?? v.window,
    min: v.min, max: v.max, provisioningDelay: v.provisioning_delay, cooldown: v.cooldown,
    scaleOutCooldown: v.scale_out_cooldown, maxStep: v.max_step,
  }),
);

// The list of metrics the tagged spec offers must be the model's.
void (AUTOSCALE_METRICS satisfies readonly (keyof typeof variants)[]);
