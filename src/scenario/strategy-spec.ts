/** How a caller talks to a service: `timeout` and `retry`, the same in a client and in a call. */
import type { CallPolicy } from '../model/config.ts';
import { BACKOFF_KINDS, type BackoffSpec, type RetrySpec } from '../strategies/config.ts';
import { RETRYABLE_REASONS } from '../strategies/reasons.ts';
import { list } from './spec-collections.ts';
import { object, optional, required, shape, tagged, type Shape } from './spec-object.ts';
import { duration, either, integer, oneOf } from './spec-values.ts';
import { transform, type Spec } from './spec.ts';

/** Strategy keys SCENARIO-FORMAT.md puts beside `retry` that this version does not implement yet. */
export const UNSUPPORTED_CALLER_KEYS = ['circuit_breaker', 'hedge', 'throttle'] as const;

const backoffVariants = {
  none: shape({}, { description: 'retry at once' }),
  constant: shape({ delay: required(duration()) }, { description: 'wait `delay` before each retry' }),
} satisfies Record<(typeof BACKOFF_KINDS)[number], Shape<any>>;

const backoff: Spec<BackoffSpec> = tagged('kind', backoffVariants, {
  what: 'backoff kind',
  description: 'the delay before the next attempt',
  unsupported: ['exponential'],
});

export const retry: Spec<RetrySpec> = transform(
  object({
    max_attempts: optional(integer(1), 1, 'first try included; 1 means no retries'),
    retry_on: optional(list(oneOf(RETRYABLE_REASONS, 'failure reason'), { what: 'failure reason' }), [...RETRYABLE_REASONS],
      'the failure reasons worth another attempt'),
    backoff: optional(backoff, { kind: 'none' }),
  }, { unsupported: ['budget'], description: 'how failed attempts are retried' }),
  (value) => ({ maxAttempts: value.max_attempts, retryOn: value.retry_on, backoff: value.backoff }),
);

/** Per attempt; `none` (null) for no timeout. */
export const timeout: Spec<number | null> = either('none', null, duration({ positive: true }));

/** The fields of a call policy, to spread into a client's or a call's shape. */
export const callPolicyFields = {
  timeout: optional(timeout, 'none', 'per attempt; `none` for no timeout'),
  retry: optional(retry, {}),
};

export function callPolicyOf(value: { timeout: number | null; retry: RetrySpec }): CallPolicy {
  return { timeout: value.timeout, retry: value.retry };
}
