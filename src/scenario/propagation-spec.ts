/**
 * The `propagation` section (SCENARIO-FORMAT.md, "Constant-work propagation"): a table of
 * `entries` statuses that a sender gets to `nodes` nodes, by a strategy (`constant_work` or
 * `workflow`), under changes and faults of its own. The workflow's `retry` and `timeout` are the
 * same specs as a client's.
 */
import { isMap, isSeq } from 'yaml';
import {
  PROPAGATION_FAULT_KINDS, type ChangeConfig, type PropagationConfig, type PropagationFaultConfig,
} from '../model/config.ts';
import { PROPAGATION_KINDS, type PropagationStrategySpec } from '../strategies/propagation/config.ts';
import * as msg from './messages.ts';
import { list } from './spec-collections.ts';
import { object, optional, required, shape, tagged, type FieldLocator, type ParsedFields, type Shape } from './spec-object.ts';
import { duration, fraction, integer, number, oneOf, rate } from './spec-values.ts';
import { retry, timeout } from './strategy-spec.ts';
import { PROPAGATION_PREFIX } from './metric-paths.ts';
import { INVALID, named, transform, type Context, type Parsed, type Spec } from './spec.ts';
import type { Assertion } from './types.ts';

const strategyVariants = {
  constant_work: shape({
    period: required(duration({ positive: true }), 'the whole table goes to every node once per period'),
  }, { description: 'push the whole fixed-size table to every node every period, changed or not' }),
  workflow: shape({
    retry: optional(retry, {}),
    timeout: optional(timeout, '1s',
      'how long the sender waits for a node\'s acknowledgement before it counts the update as lost; `none`: losses are never noticed'),
  }, { description: 'one update per change and node, acknowledged, retried when lost (the retry keys of a client)' }),
} satisfies Record<(typeof PROPAGATION_KINDS)[number], Shape<any>>;

const strategy: Spec<PropagationStrategySpec> = tagged('kind', strategyVariants, {
  what: 'propagation strategy',
  description: 'how the table gets to the nodes',
});

const costFields = {
  per_entry: optional(duration(), '0s', 'time per entry-slot a message carries (a push: every slot of the table)'),
  per_message: optional(duration(), '0s', 'time per message whatever its size (connection, framing, acknowledgement)'),
};

const sender = object({
  workers: optional(integer(1), 1, 'messages sent at once'),
  ...costFields,
}, { description: 'the aggregator that sends: workers taking messages from one FIFO queue' });

const receiver = object(costFields, { description: 'each node: one worker applying what arrives, in order' });

const change: Spec<ChangeConfig> = tagged('kind', {
  steady: shape({
    rate: required(rate(), 'changes per unit of time, each to one entry drawn uniformly'),
    process: optional(oneOf(['poisson', 'uniform'] as const, 'arrival process'), 'poisson'),
  }, { description: 'one change at a time' }),
  mass: shape({
    at: required(duration(), 'when'),
    count: required(integer(1), 'distinct entries that change at that instant (at most `entries`)'),
  }, { description: 'many changes at once (an availability zone going dark)' }),
}, { what: 'change kind' });

const window = {
  at: required(duration(), 'when the fault starts'),
  for: required(duration({ positive: true }), 'how long it lasts'),
};

const fault: Spec<PropagationFaultConfig> = tagged('kind', {
  // Both ends kept: 0 loses nothing (a sweep's zero point), 100% is a partition for `for`.
  drop_updates: shape({ fraction: required(fraction(), 'the share of messages lost on the way'), ...window }),
  lose_nodes: shape({
    count: required(integer(1), 'nodes gone for good (the highest-numbered live ones)'),
    at: required(duration(), 'when'),
  }),
  slowdown: shape({ factor: required(number(0, true), 'the sender\'s message costs are multiplied by it'), ...window }),
} satisfies Record<(typeof PROPAGATION_FAULT_KINDS)[number], Shape<any>>, { what: 'propagation fault kind' });

const fields = {
  entries: required(integer(1), 'size of the status table: the most it will ever hold'),
  nodes: required(integer(1), 'data-plane nodes that must learn every status'),
  strategy: required(strategy),
  sender: optional(sender, {}),
  receiver: optional(receiver, {}),
  changes: optional(list(change, { what: 'change', description: 'changes to the table; they stop at `duration`' }), []),
  faults: optional(list(fault, { what: 'fault', description: 'perturbations of the propagation' }), []),
};

/** A mass change flips distinct entries, so no more than the table holds; a lose_nodes no more than there are. */
function checkCounts(values: ParsedFields<typeof fields>, at: FieldLocator<typeof fields>, ctx: Context): void {
  const { entries, nodes, changes, faults } = values;
  const over = (key: 'changes' | 'faults', items: readonly (ChangeConfig | PropagationFaultConfig)[], limit: number, kind: string): void => {
    const seq = at.anchor(key);
    if (!isSeq(seq)) return;
    items.forEach((item, i) => {
      if (item.kind !== kind || !('count' in item) || item.count <= limit) return;
      const node = seq.items[i];
      if (!isMap(node)) return;
      const path = `${at.path(key)}[${i}].count`;
      ctx.report(node.get('count', true) ?? node, key === 'changes'
        ? msg.massOverEntries(path, item.count, limit)
        : msg.tooManyNodesLost(path, item.count, limit));
    });
  };
  if (entries !== INVALID && changes !== INVALID) over('changes', changes, entries, 'mass');
  if (nodes !== INVALID && faults !== INVALID) over('faults', faults, nodes, 'lose_nodes');
}

export const propagation: Spec<PropagationConfig> = named('propagation', () => transform(
  object(fields, {
    description: 'constant work against an edge-triggered workflow: a sender gets a status table to every node',
    check: checkCounts,
  }),
  (value): PropagationConfig => ({
    entries: value.entries,
    nodes: value.nodes,
    strategy: value.strategy,
    sender: { workers: value.sender.workers, perEntry: value.sender.per_entry, perMessage: value.sender.per_message },
    receiver: { perEntry: value.receiver.per_entry, perMessage: value.receiver.per_message },
    changes: value.changes,
    faults: value.faults,
  }),
));

/** What the top-level check needs to know of the file. */
interface TopLevel {
  services: unknown;
  clients: unknown;
  faults: unknown;
  propagation: unknown;
  assert: Parsed<readonly Assertion[]>;
}

/** Where the top-level keys are (a FieldLocator of the scenario's fields). */
interface TopLocator {
  anchor(key: string): unknown;
  path(key: string): string;
}

/**
 * Without a `propagation` section a scenario needs `services` and `clients`, and none of its
 * assertions may name a metric of the section (its summary will have none). With one, both may
 * be left out, but clients and faults still need the services they name.
 */
export function checkPropagationSection(values: TopLevel, at: TopLocator, ctx: Context): void {
  if (values.propagation !== null) {
    const named = values.clients !== null || (Array.isArray(values.faults) && values.faults.length > 0);
    if (values.services === null && named) ctx.report(at.anchor('services'), msg.noModelSection('services'));
    return;
  }
  for (const key of ['services', 'clients'] as const) {
    if (values[key] === null) ctx.report(at.anchor(key), msg.noModelSection(key));
  }
  const seq = at.anchor('assert');
  if (values.assert === INVALID || !isSeq(seq)) return;
  values.assert.forEach((a, i) => {
    if (!a.path.startsWith(PROPAGATION_PREFIX)) return;
    const item = seq.items[i];
    ctx.report(isMap(item) ? item.get('expr', true) ?? item : item, msg.propagationMetricWithoutSection(`${at.path('assert')}[${i}]`, a.path));
  });
}

/** The schema of the top level: `services` and `clients` both, or `propagation` (or all three). */
export function requiringServicesOrPropagation<T>(spec: Spec<T>): Spec<T> {
  return {
    parse: (node, site, ctx) => spec.parse(node, site, ctx),
    schema: (definitions) => ({
      ...spec.schema(definitions),
      anyOf: [{ required: ['services', 'clients'] }, { required: ['propagation'] }],
    }),
  };
}
