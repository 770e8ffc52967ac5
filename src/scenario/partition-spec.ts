/**
 * Bulkheads: `partitions:` of a service (docs/bulkheads.md). Each partition has some of the
 * service's workers and a queue of its own, and takes the attempts of the callers (clients or
 * calling services) or request classes it names; one that names neither takes everyone else's.
 * Which callers reach the service is checked against the partitions in partition-callers.ts.
 */
import { takesTheRest, type PartitionConfig, type QueueConfig } from '../model/config.ts';
import { ENTITY_NAME, ENTITY_NAME_RULE } from './entity-names.ts';
import type { DeclaredNames } from './model-spec.ts';
import * as msg from './messages.ts';
import { list, record } from './spec-collections.ts';
import { maybe, object, optional, required, type Field, type FieldLocator } from './spec-object.ts';
import { integer, reference, text } from './spec-values.ts';
import { INVALID, transform, type Context, type Parsed, type Spec } from './spec.ts';


/** Partitions as parsed: `queue` null when the partition takes the service's. */
type ParsedPartition = Omit<PartitionConfig, 'name' | 'queue'> & { queue: QueueConfig | null };

export function partitions(names: DeclaredNames, queue: Spec<QueueConfig>): Spec<(ParsedPartition & { name: string })[]> {
  const callers = names.clients === null || names.services === null ? null : [...names.clients, ...names.services];
  const partition = object({
    workers: required(integer(1), 'the service\'s workers this partition has'),
    queue: maybe(queue, 'its own queue; the service\'s `queue` settings when absent'),
    callers: optional(list(reference('caller', callers), { what: 'caller' }), [], 'clients and calling services whose attempts it takes'),
    classes: optional(list(text(), { what: 'request class' }), [], 'request classes (a client\'s or call\'s `class`) whose attempts it takes'),
  });
  return transform(
    record(partition, {
      what: 'partition',
      namePattern: ENTITY_NAME,
      nameRule: ENTITY_NAME_RULE,
      description: 'bulkheads: the workers split into partitions, each with its own queue; one naming no caller and no class takes the rest',
    }),
    (entries) => entries.map(({ name, value }) => ({ name, ...value })),
  );
}

/**
 * Across a service's keys: the partitions' workers add up to `workers`; partitions and
 * `replicas` are not combined (a service is either); at most one partition takes the rest.
 */
export function checkPartitions(
  values: { workers: Parsed<number>; replicas: Parsed<number | null>; weights: Parsed<number[] | null>; partitions: Parsed<(ParsedPartition & { name: string })[] | null> },
  at: FieldLocator<{ workers: Field<unknown>; replicas: Field<unknown>; weights: Field<unknown>; partitions: Field<unknown> }>,
  ctx: Context,
): void {
  const { workers, replicas, weights, partitions: parts } = values;
  if (parts === INVALID || parts === null) return;
  if ((replicas !== INVALID && replicas !== null) || (weights !== INVALID && weights !== null)) {
    ctx.report(at.anchor('partitions'), msg.partitionsWithReplicas(at.path('partitions')));
  }
  const sum = parts.reduce((total, p) => total + p.workers, 0);
  if (workers !== INVALID && sum !== workers) ctx.report(at.anchor('partitions'), msg.partitionWorkers(at.path('partitions'), sum, workers));
  const rest = parts.filter(takesTheRest);
  if (rest.length > 1) ctx.report(at.anchor('partitions'), msg.partitionsTakingTheRest(at.path('partitions'), rest.map((p) => p.name)));
}
