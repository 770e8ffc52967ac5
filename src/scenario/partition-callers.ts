/**
 * Every caller of a service with `partitions:` must reach exactly one partition (docs/bulkheads.md):
 * the one naming it or its request class, else the one naming neither. Read from the YAML tree,
 * as call-cycles.ts reads calls: the callers are in other sections of the file, and each problem
 * is reported at the caller's `target:` or `service:`.
 */
import { isMap, isSeq, type YAMLMap } from 'yaml';
import { takes, takesTheRest } from '../model/config.ts';
import * as msg from './messages.ts';
import { keyText, type Context } from './spec.ts';
import { callEntries, textOf } from './yaml-calls.ts';

interface Partition {
  name: string;
  callers: string[];
  classes: string[];
}

interface Edge {
  caller: string;
  requestClass: string | undefined;
  service: string;
  /** The `target:` or `service:` value, where a problem points. */
  anchor: unknown;
  path: string;
}

export function reportPartitionCallers(root: unknown, ctx: Context): void {
  if (!isMap(root)) return;
  const partitioned = partitionsByService(root.get('services', true));
  if (partitioned.size === 0) return;
  for (const edge of edges(root)) {
    const partitions = partitioned.get(edge.service);
    if (partitions === undefined) continue;
    const named = partitions.filter((p) => takes(p, edge.caller, edge.requestClass));
    if (named.length > 1) ctx.report(edge.anchor, msg.callerInTwoPartitions(edge.path, edge.caller, named.map((p) => p.name)));
    if (named.length === 0 && !partitions.some(takesTheRest)) ctx.report(edge.anchor, msg.callerWithoutPartition(edge.path, edge.caller, edge.service));
  }
}

function words(node: unknown): string[] {
  return isSeq(node) ? node.items.map(textOf).filter((w): w is string => w !== undefined) : [];
}

function partitionsByService(services: unknown): Map<string, Partition[]> {
  const result = new Map<string, Partition[]>();
  if (!isMap(services)) return result;
  for (const pair of services.items) {
    const name = keyText(pair.key);
    const partitions = isMap(pair.value) ? pair.value.get('partitions', true) : null;
    if (name === null || !isMap(partitions)) continue;
    result.set(name, partitions.items.flatMap((p) => {
      const partition = keyText(p.key);
      if (partition === null || !isMap(p.value)) return [];
      return [{ name: partition, callers: words(p.value.get('callers', true)), classes: words(p.value.get('classes', true)) }];
    }));
  }
  return result;
}

/** Every client's target and every call (a parallel step's branches included) of every service. */
function edges(root: YAMLMap): Edge[] {
  const edge = (caller: string, entry: YAMLMap, key: string, path: string): Edge[] => {
    const pair = entry.items.find((item) => keyText(item.key) === key);
    const service = pair === undefined ? undefined : textOf(pair.value);
    return service === undefined ? [] : [{ caller, requestClass: textOf(entry.get('class', true)), service, anchor: pair!.value, path: `${path}.${key}` }];
  };
  const clients = root.get('clients', true);
  const fromClients = isMap(clients)
    ? clients.items.flatMap((pair) => {
      const name = keyText(pair.key);
      return name !== null && isMap(pair.value) ? edge(name, pair.value, 'target', `clients.${name}`) : [];
    })
    : [];
  return [...fromClients, ...callEntries(root).flatMap(({ from, entry, path }) => edge(from, entry, 'service', path))];
}
