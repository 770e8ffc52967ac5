/**
 * Every caller of a service with `partitions:` must reach exactly one partition (docs/bulkheads.md):
 * the one naming it or its request class, else the one naming neither. Read from the YAML tree,
 * as call-cycles.ts reads calls: the callers are in other sections of the file, and each problem
 * is reported at the caller's `target:` or `service:`.
 */
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import * as msg from './messages.ts';
import { keyText, type Context } from './spec.ts';

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
    const named = partitions.filter((p) => p.callers.includes(edge.caller) || (edge.requestClass !== undefined && p.classes.includes(edge.requestClass)));
    if (named.length > 1) ctx.report(edge.anchor, msg.callerInTwoPartitions(edge.path, edge.caller, named.map((p) => p.name)));
    const rest = partitions.some((p) => p.callers.length === 0 && p.classes.length === 0);
    if (named.length === 0 && !rest) ctx.report(edge.anchor, msg.callerWithoutPartition(edge.path, edge.caller, edge.service));
  }
}

function words(node: unknown): string[] {
  return isSeq(node) ? node.items.map((item) => (isScalar(item) ? item.value : null)).filter((w): w is string => typeof w === 'string') : [];
}

function text(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
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
  const result: Edge[] = [];
  const add = (caller: string, entry: YAMLMap, key: string, path: string): void => {
    const pair = entry.items.find((item) => keyText(item.key) === key);
    const service = pair ? text(pair.value) : undefined;
    if (pair && service !== undefined) result.push({ caller, requestClass: text(entry.get('class', true)), service, anchor: pair.value, path: `${path}.${key}` });
  };
  const clients = root.get('clients', true);
  if (isMap(clients)) {
    for (const pair of clients.items) {
      const name = keyText(pair.key);
      if (name !== null && isMap(pair.value)) add(name, pair.value, 'target', `clients.${name}`);
    }
  }
  const services = root.get('services', true);
  if (!isMap(services)) return result;
  for (const pair of services.items) {
    const name = keyText(pair.key);
    const calls = isMap(pair.value) ? pair.value.get('calls', true) : null;
    if (name === null || !isSeq(calls)) continue;
    calls.items.forEach((call, k) => {
      if (!isMap(call)) return;
      const branches = call.get('parallel', true);
      if (isSeq(branches)) branches.items.forEach((b, j) => isMap(b) && add(name, b, 'service', `services.${name}.calls[${k}].parallel[${j}]`));
      else add(name, call, 'service', `services.${name}.calls[${k}]`);
    });
  }
  return result;
}
