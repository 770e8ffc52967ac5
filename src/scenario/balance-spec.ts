/** The `balance` key of a client or a call (docs/replicas.md), shared by model-spec.ts and call-step-spec.ts. */
import { BALANCE_POLICIES } from '../model/config.ts';
import { maybe } from './spec-object.ts';
import { oneOf, text } from './spec-values.ts';

/**
 * How a route spreads attempts over its target's replicas (docs/replicas.md). The keys of
 * replicas are left out of the typed scenario when absent (`onlyGiven`), so that a scenario
 * without them is the object it always was.
 */
export const balance = maybe(oneOf(BALANCE_POLICIES, 'balancing policy'),
  'how attempts are spread over the target\'s replicas: round_robin (the default) | random | least_outstanding | power_of_two');

/** The request class of a caller's attempts, which a target's partitions may name (docs/bulkheads.md). */
export const routeClass = maybe(text(), 'the request class of these attempts, for a target with `partitions` (bulkheads)');

/** `{ [key]: value }` when the file gave it, `{}` when not. */
export function onlyGiven<K extends string, V>(key: K, value: V | null): Partial<Record<K, V>> {
  return value === null ? {} : ({ [key]: value } as Record<K, V>);
}
