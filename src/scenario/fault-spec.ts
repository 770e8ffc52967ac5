/** Faults: timed perturbations, each active in [at, at + for) (SCENARIO-FORMAT.md, "Faults"). */
import type { FaultConfig, FaultKind } from '../model/config.ts';
import type { DeclaredNames } from './model-spec.ts';
import * as msg from './messages.ts';
import { list } from './spec-collections.ts';
import { maybe, optional, required, shape, tagged, type Shape } from './spec-object.ts';
import { duration, fraction, integer, number, reference } from './spec-values.ts';
import { transform, type Spec } from './spec.ts';

export function faults(names: DeclaredNames): Spec<FaultConfig[]> {
  const window = {
    at: required(duration(), 'when the fault starts'),
    // 0s is allowed: no fault at all, the zero point of a sweep over trigger duration.
    for: required(duration(), 'how long it lasts (0s: not at all)'),
  };
  const service = required(reference('service', names.services));
  // Checked against the service's replica count in replica-indexes.ts.
  const replicas = maybe(list(integer(0), { what: 'replica index', minItems: 1 }),
    'the replicas it hits, numbered from 0; all of them when absent');
  const variants = {
    slowdown: shape({ service, replicas, factor: required(number(0, true), 'service times are multiplied by it'), ...window }),
    workers: shape({
      service,
      replicas,
      count: maybe(integer(0), 'the service has this many workers'),
      factor: maybe(number(0, false), 'the service has this share of its workers'),
      ...window,
    }, { exactlyOneOf: ['count', 'factor'] }),
    load_spike: shape({
      client: required(reference('client', names.clients)),
      factor: required(number(0, false), 'the arrival rate is multiplied by it'),
      ...window,
    }),
    error_rate: shape({
      service,
      replicas,
      // Both ends kept: 0 is a sweep's zero point (as `for: 0s`), 1 an outage with `latency`.
      rate: required(fraction(), 'the share of attempts that fail fast with `error`'),
      latency: optional(duration(), '0s', 'how long a failing attempt takes'),
      ...window,
    }),
    outage: shape({ service, replicas, ...window }, { description: 'every attempt fails fast with `error`' }),
    latency: shape({ service, replicas, add: required(duration(), 'added to every response'), ...window }),
    // Instant, so no `for` (it is 0 in the model); checked against the services' caches in cache-spec.ts.
    cache_flush: shape({
      service,
      at: window.at,
      share: optional(fraction({ aboveZero: msg.DEGENERATE.flushShare }), 1,
        'the share of the key space whose entries are lost, as when that share of the cache nodes fails (1: all)'),
    }, { description: 'the service\'s look-aside cache loses its entries at `at` (docs/caches.md)' }),
  } satisfies Record<FaultKind, Shape<any>>;
  // `replicas` is left out when absent, so that a fault without it is the object it always was.
  const fault: Spec<FaultConfig> = transform(tagged('kind', variants, { what: 'fault kind' }), (value) => {
    if (value.kind === 'cache_flush') return { ...value, for: 0 } as FaultConfig;
    if (!('replicas' in value) || value.replicas !== null) return value as FaultConfig;
    const { replicas: _absent, ...rest } = value;
    return rest as FaultConfig;
  });
  return list(fault, { what: 'fault', description: 'timed perturbations, each active in [at, at + for)' });
}
