/** Services and clients (SCENARIO-FORMAT.md, "A scenario file"). */
import { isMap } from 'yaml';
import { QUEUE_OVERFLOWS, type ArrivalConfig, type ClientConfig, type QueueConfig, type RateStep, type ServiceConfig } from '../model/config.ts';
import { checkAutoscaled } from './autoscale-checks.ts';
import { autoscale } from './autoscale-spec.ts';
import { balance, onlyGiven, routeClass } from './balance-spec.ts';
import { cache } from './cache-spec.ts';
import { callStep } from './call-step-spec.ts';
import { checkPartitions, partitions } from './partition-spec.ts';
import { ENTITY_NAME, ENTITY_NAME_RULE } from './entity-names.ts';

export { ENTITY_NAME } from './entity-names.ts';
import { distribution } from './distribution-spec.ts';
import { healthFields, healthOf } from './health-spec.ts';
import * as msg from './messages.ts';
import { list, record } from './spec-collections.ts';
import { maybe, object, optional, required, shape, tagged, type FieldLocator, type ParsedFields } from './spec-object.ts';
import { bool, duration, either, integer, number, oneOf, rate, reference } from './spec-values.ts';
import { shedding } from './shedding-spec.ts';
import { contention } from './contention-spec.ts';
import { callPolicyFields, callPolicyOf } from './strategy-spec.ts';
import { anchorOf, childSite, INVALID, pathOf, transform, type Context, type Parsed, type Site, type Spec } from './spec.ts';

/** The names declared in the file; null when they are not checked (for the JSON Schema). */
export interface DeclaredNames {
  services: readonly string[] | null;
  clients: readonly string[] | null;
}


const queueFields = {
  capacity: optional(either('unbounded', null, integer(0)), 'unbounded', 'waiting room; `unbounded` for no limit'),
  discipline: optional(oneOf(['fifo', 'lifo'] as const, 'queue discipline'), 'fifo'),
  overflow: optional(oneOf(QUEUE_OVERFLOWS, 'queue overflow'), 'reject_new',
    'when the queue is full: reject_new refuses the arriving attempt; drop_oldest admits it and '
    + 'refuses the one that has waited longest; block makes its caller wait until there is room '
    + '(docs/back-pressure.md). Needs a numeric capacity'),
};

/**
 * An unbounded queue is never full, so `drop_oldest` or `block` there could never act: an
 * error rather than a key silently ignored. `reject_new` is accepted (it is the default, and a
 * variant that makes a queue unbounded can set it back).
 */
function checkOverflow(
  { capacity, overflow }: ParsedFields<typeof queueFields>, at: FieldLocator<typeof queueFields>, ctx: Context,
): void {
  if (capacity === null && overflow !== INVALID && overflow !== 'reject_new') {
    ctx.report(at.anchor('overflow'), msg.overflowNeedsCapacity(at.path('overflow'), overflow));
  }
}

/** The default is left out (QueueConfig.overflow absent): a queue without the key configures exactly as before it existed. */
const queue: Spec<QueueConfig> = transform(
  object(queueFields, { description: 'where attempts wait for a worker', check: checkOverflow }),
  ({ capacity, discipline, overflow }): QueueConfig => (overflow === 'reject_new' ? { capacity, discipline } : { capacity, discipline, overflow }),
);


function service(names: DeclaredNames): Spec<Omit<ServiceConfig, 'name'>> {
  return transform(
    object({
      workers: required(integer(1), 'requests served at once (per replica)'),
      replicas: maybe(integer(1), 'copies of the service behind a load balancer, each with its own workers and queue (default 1)'),
      weights: maybe(list(number(0, true), { what: 'weight' }), 'load-balancing weight per replica (one each); equal when absent'),
      partitions: maybe(partitions(names, queue)),
      service_time: required(distribution),
      queue: optional(queue, {}),
      calls: optional(list(callStep(names), { what: 'call' }), [],
        'downstream calls, made in order after the own work, holding the worker; an entry may send several at once (`fan_out`, `parallel`)'),
      shedding: maybe(shedding, 'none when absent: the queue takes everything up to its capacity'),
      cancel_on_timeout: optional(bool(), false, 'the service learns when a caller\'s attempt times out, and drops it; its downstream calls carry the caller\'s deadline and are cancelled with it'),
      contention: maybe(contention, 'none when absent: the service time does not depend on the load (docs/contention.md)'),
      cache: maybe(cache),
      autoscale: maybe(autoscale, 'target-tracking autoscaling of the workers, or of the replicas for a service with `replicas` (docs/autoscaling.md); none when absent'),
    }, {
      check: (values, at, ctx) => {
        const { replicas, weights } = values;
        if (replicas !== INVALID && weights !== INVALID && weights !== null && weights.length !== (replicas ?? 1)) {
          ctx.report(at.anchor('weights'), msg.weightsPerReplica(at.path('weights'), weights.length, replicas ?? 1));
        }
        checkPartitions(values, at, ctx);
        checkAutoscaled(values, at, ctx);
      },
    }),
    (value) => ({
      workers: value.workers, ...onlyGiven('replicas', value.replicas), ...onlyGiven('weights', value.weights),
      ...onlyGiven('partitions', value.partitions && value.partitions.map((p) => ({ ...p, queue: p.queue ?? value.queue }))),
      serviceTime: value.service_time, queue: value.queue, calls: value.calls,
      shedding: value.shedding, cancelOnTimeout: value.cancel_on_timeout, ...onlyGiven('contention', value.contention),
      ...onlyGiven('cache', value.cache), ...onlyGiven('autoscale', value.autoscale),
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

const periodicFields = {
  every: required(duration({ positive: true }), 'the period between two boundaries'),
  count: required(integer(1), 'requests fired at each boundary'),
  jitter: optional(duration(), '0s', 'each request goes at a uniform offset in [0, jitter) after its boundary; 0s: all at the boundary'),
  phase: optional(duration(), '0s', 'the first boundary'),
};

/** A jitter window longer than the period would spread a boundary's requests into the next period's. */
function checkJitter(
  { every, jitter }: ParsedFields<typeof periodicFields>, at: FieldLocator<typeof periodicFields>, ctx: Context,
): void {
  if (every !== INVALID && jitter !== INVALID && jitter > every) ctx.report(at.anchor('jitter'), msg.jitterLongerThanPeriod(at.path('jitter'), jitter, every));
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
  periodic: shape(periodicFields, {
    description: 'periodic work: `count` requests at every boundary phase + k·every, each at a uniform offset in [0, jitter) (docs/periodic-work.md)',
    check: checkJitter,
  }),
}, { what: 'arrival kind' });

function client(names: DeclaredNames): Spec<Omit<ClientConfig, 'name'>> {
  return transform(
    object({
      target: required(reference('service', names.services)),
      balance,
      class: routeClass,
      ...healthFields,
      arrival: required(arrival),
      ...callPolicyFields,
    }),
    (value) => ({ target: value.target, ...onlyGiven('balance', value.balance), ...onlyGiven('class', value.class), ...healthOf(value), arrival: value.arrival, ...callPolicyOf(value) }),
  );
}

export function clients(names: DeclaredNames): Spec<ClientConfig[]> {
  return transform(
    record(client(names), { what: 'client', namePattern: ENTITY_NAME, nameRule: ENTITY_NAME_RULE }),
    (entries) => entries.map(({ name, value }) => ({ name, ...value })),
  );
}
