/** Services and clients (SCENARIO-FORMAT.md, "A scenario file"). */
import { isMap } from 'yaml';
import type { ArrivalConfig, ClientConfig, DownstreamCall, RateStep, ServiceConfig } from '../model/config.ts';
import { distribution } from './distribution-spec.ts';
import * as msg from './messages.ts';
import { list, record } from './spec-collections.ts';
import { maybe, object, optional, required, shape, tagged } from './spec-object.ts';
import { bool, duration, either, fraction, integer, oneOf, rate, reference } from './spec-values.ts';
import { shedding } from './shedding-spec.ts';
import { callPolicyFields, callPolicyOf } from './strategy-spec.ts';
import { anchorOf, childSite, INVALID, pathOf, transform, type Context, type Parsed, type Site, type Spec } from './spec.ts';

/** The names declared in the file; null when they are not checked (for the JSON Schema). */
export interface DeclaredNames {
  services: readonly string[] | null;
  clients: readonly string[] | null;
}

/**
 * Names become keys of summary.json objects: all digits would be reordered by JavaScript
 * (integer-like keys come first), and `__proto__` would not be a key at all.
 */
export const ENTITY_NAME = /^(?![0-9]+$)(?!__proto__$)[A-Za-z0-9_-]+$/;
const ENTITY_NAME_RULE = 'use letters, digits, `_` and `-` (not digits alone, and not `__proto__`)';

const queue = object({
  capacity: optional(either('unbounded', null, integer(0)), 'unbounded', 'waiting room; `unbounded` for no limit'),
  discipline: optional(oneOf(['fifo', 'lifo'] as const, 'queue discipline'), 'fifo'),
}, { description: 'where attempts wait for a worker' });

function downstreamCall(names: DeclaredNames): Spec<DownstreamCall> {
  return transform(
    object({
      service: required(reference('service', names.services)),
      share: optional(fraction(), 1, 'the share of the service\'s jobs that make this call (the others skip it): a mix of request kinds'),
      ...callPolicyFields,
    }),
    // `share` only when below 1, so that a scenario without it builds the very config it did before.
    (value): DownstreamCall => ({ service: value.service, ...(value.share < 1 ? { share: value.share } : {}), ...callPolicyOf(value) }),
  );
}

function service(names: DeclaredNames): Spec<Omit<ServiceConfig, 'name'>> {
  return transform(
    object({
      workers: required(integer(1), 'requests served at once'),
      service_time: required(distribution),
      queue: optional(queue, {}),
      calls: optional(list(downstreamCall(names), { what: 'call' }), [],
        'downstream calls, made in order after the own work, holding the worker'),
      shedding: maybe(shedding, 'none when absent: the queue takes everything up to its capacity'),
      cancel_on_timeout: optional(bool(), false, 'the service learns when a caller\'s attempt times out, and drops it; its downstream calls carry the caller\'s deadline and are cancelled with it'),
    }),
    (value) => ({
      workers: value.workers, serviceTime: value.service_time, queue: value.queue, calls: value.calls,
      shedding: value.shedding, cancelOnTimeout: value.cancel_on_timeout,
    }),
  );
}

export function services(names: DeclaredNames): Spec<ServiceConfig[]> {
  return transform(
    record(service(names), { what: 'service', namePattern: ENTITY_NAME, nameRule: ENTITY_NAME_RULE }),
    (entries) => entries.map(({ name, value }) => ({ name, ...value })),
  );
}

const rateStep: Spec<RateStep> = object({ at: required(duration()), rate: required(rate()) });

const schedule = list(rateStep, {
  what: 'rate step',
  description: 'from `at` on, the arrival rate is `rate`',
  check: checkIncreasingSteps,
});

function checkIncreasingSteps(steps: Parsed<RateStep>[], sites: Site[], nodes: unknown[], ctx: Context): void {
  let previous: number | null = null;
  steps.forEach((step, index) => {
    if (step === INVALID) return;
    const node = nodes[index];
    if (previous !== null && step.at <= previous && isMap(node)) {
      const atSite = childSite(sites[index], 'at', null, node);
      ctx.report(anchorOf(node.get('at', true), atSite), msg.scheduleNotIncreasing(pathOf(atSite), step.at, previous));
    }
    previous = step.at;
  });
}

const arrival: Spec<ArrivalConfig> = tagged('kind', {
  open: shape({
    rate: required(rate()),
    process: optional(oneOf(['poisson', 'uniform'] as const, 'arrival process'), 'poisson'),
    schedule: optional(schedule, []),
  }, { description: 'requests arrive at a rate, whatever the responses' }),
  closed: shape({
    users: required(integer(1)),
    think: optional(distribution, '0s', 'pause between a response and the next request'),
  }, { description: 'each user sends a request, waits for its outcome, thinks, and repeats' }),
}, { what: 'arrival kind' });

function client(names: DeclaredNames): Spec<Omit<ClientConfig, 'name'>> {
  return transform(
    object({
      target: required(reference('service', names.services)),
      arrival: required(arrival),
      ...callPolicyFields,
    }),
    (value) => ({ target: value.target, arrival: value.arrival, ...callPolicyOf(value) }),
  );
}

export function clients(names: DeclaredNames): Spec<ClientConfig[]> {
  return transform(
    record(client(names), { what: 'client', namePattern: ENTITY_NAME, nameRule: ENTITY_NAME_RULE }),
    (entries) => entries.map(({ name, value }) => ({ name, ...value })),
  );
}
