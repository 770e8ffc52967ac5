/**
 * A route's `health_check`, `outlier_detection` and `healthy_panic_threshold` (docs/replicas.md,
 * "Health checks and outlier ejection"), next to its `balance`; shared by model-spec.ts (clients)
 * and call-step-spec.ts (calls). Left out of the typed scenario when absent (`onlyGiven`), so a
 * route without them is the object it always was. Names and defaults are Envoy's where it has
 * them (https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/cluster/v3/outlier_detection.proto).
 */
import type { HealthCheckSpec, OutlierDetectionSpec, RouteHealthConfig } from '../model/config.ts';
import { onlyGiven } from './balance-spec.ts';
import * as msg from './messages.ts';
import { maybe, object, optional, required } from './spec-object.ts';
import { bool, duration, either, fraction, integer } from './spec-values.ts';
import { transform, type Spec } from './spec.ts';

const healthCheck: Spec<HealthCheckSpec> = transform(
  object({
    interval: required(duration({ positive: true }), 'from the end of one check of a replica to the start of the next'),
    timeout: required(duration({ positive: true }), 'a check not answered in this time failed'),
    unhealthy_threshold: required(integer(1), 'failed checks in a row that make a healthy replica unhealthy'),
    healthy_threshold: required(integer(1), 'passed checks in a row that make an unhealthy replica healthy'),
    queued: optional(bool(), true,
      'true: a check waits in the replica\'s queue and takes a worker like a request (and counts in its arrivals); '
      + 'false: answered at once, failing only by an outage, error-rate or latency fault'),
  }, { description: 'active health checks of each replica, by this caller; an unhealthy replica gets nothing from its balancer' }),
  (v): HealthCheckSpec => ({
    interval: v.interval, timeout: v.timeout, unhealthyThreshold: v.unhealthy_threshold, healthyThreshold: v.healthy_threshold, queued: v.queued,
  }),
);

const count = either('off', null, integer(1));

const outlierDetection: Spec<OutlierDetectionSpec> = transform(
  object({
    consecutive_errors: optional(count, 5, 'attempts failed in a row (error, rejected or timeout: Envoy\'s consecutive_5xx) that eject the replica; `off` for none'),
    consecutive_timeouts: optional(count, 'off', 'attempts timed out in a row (Envoy\'s consecutive_gateway_failure) that eject the replica; `off` (the default) for none'),
    base_ejection_time: optional(duration({ positive: true }), '30s', 'an ejection lasts this times the number of times the replica has been ejected'),
    max_ejection_time: optional(duration({ positive: true }), '300s', 'the longest an ejection lasts (or base_ejection_time, if longer)'),
    max_ejection_percent: optional(fraction(), '10%', 'the most replicas ejected at once, a share of them; one may always be'),
  }, {
    description: 'passive outlier detection: a replica whose attempts fail in a row is ejected for a while',
    check: ({ consecutive_errors: errors, consecutive_timeouts: timeouts }, at, ctx) => {
      if (errors === null && timeouts === null) ctx.report(at.anchor('consecutive_errors'), msg.outlierDetectionEjectsNothing(at.path('consecutive_errors')));
    },
  }),
  (v): OutlierDetectionSpec => ({
    consecutiveErrors: v.consecutive_errors,
    consecutiveTimeouts: v.consecutive_timeouts,
    baseEjectionTime: v.base_ejection_time,
    maxEjectionTime: v.max_ejection_time,
    maxEjectionPercent: v.max_ejection_percent,
  }),
);

/** The fields, for a client's or a call's object. */
export const healthFields = {
  health_check: maybe(healthCheck, 'none when absent'),
  outlier_detection: maybe(outlierDetection, 'none when absent'),
  healthy_panic_threshold: maybe(fraction(),
    'with health checks or outlier detection: when fewer replicas than this share are healthy, the balancer ignores health (default 50%, Envoy\'s; 0% never)'),
};

type HealthValues = { health_check: HealthCheckSpec | null; outlier_detection: OutlierDetectionSpec | null; healthy_panic_threshold: number | null };

/** The keys given, in the model's words. */
export function healthOf(v: HealthValues): RouteHealthConfig {
  return {
    ...onlyGiven('healthCheck', v.health_check),
    ...onlyGiven('outlierDetection', v.outlier_detection),
    ...onlyGiven('healthyPanicThreshold', v.healthy_panic_threshold),
  };
}
