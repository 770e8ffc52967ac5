/**
 * What `autoscale` needs of the rest of its service (docs/autoscaling.md): the service starts
 * within [min, max] of its unit (`replicas` when it has them, else `workers`), and it has no
 * bulkhead partitions (whose workers are split by name, not scalable as one pool) nor fixed
 * per-replica `weights` (there would be none for the replicas the autoscaler adds).
 */
import { isMap, isSeq, type YAMLMap } from 'yaml';
import type { AutoscaleSpec, PartitionConfig } from '../model/config.ts';
import * as msg from './messages.ts';
import type { FieldLocator, Fields } from './spec-object.ts';
import { INVALID, keyText, type Context, type Parsed } from './spec.ts';

interface Autoscaled {
  workers: Parsed<number>;
  replicas: Parsed<number | null>;
  weights: Parsed<number[] | null>;
  partitions: Parsed<unknown[] | PartitionConfig[] | null>;
  autoscale: Parsed<AutoscaleSpec | null>;
}

export function checkAutoscaled<F extends Fields>(values: Autoscaled, at: FieldLocator<F>, ctx: Context): void {
  const { autoscale, replicas, workers, weights, partitions } = values;
  if (autoscale === INVALID || autoscale === null) return;
  const where = at as unknown as FieldLocator<Record<'autoscale', never>>;
  if (partitions !== INVALID && partitions !== null) {
    ctx.report(where.anchor('autoscale'), msg.autoscaleWith(where.path('autoscale'), 'partitions'));
    return;
  }
  if (weights !== INVALID && weights !== null) {
    ctx.report(where.anchor('autoscale'), msg.autoscaleWith(where.path('autoscale'), 'weights'));
    return;
  }
  if (replicas === INVALID || workers === INVALID) return;
  const [what, count] = replicas === null ? ['workers', workers] : ['replicas', replicas];
  if (count < autoscale.min || count > autoscale.max) {
    ctx.report(where.anchor('autoscale'), msg.autoscaleStartOutside(where.path('autoscale'), what, count, autoscale.min, autoscale.max));
  }
}

/** The services with an `autoscale` key (their summaries have `autoscale`, which assertions may name). */
export function autoscaledServices(root: unknown): string[] {
  const services = isMap(root) ? root.get('services', true) : null;
  if (!isMap(services)) return [];
  return services.items.flatMap((pair) => (isMap(pair.value) && pair.value.has('autoscale') ? [keyText(pair.key) ?? ''] : []));
}

const HEALTH_KEYS = ['health_check', 'outlier_detection'];

/**
 * A route to an autoscaled service with replicas balances over the autoscaler's rotation, which
 * every route shares (autoscale-units.ts); a health view of the route's own on top of it is not
 * built, so health checks and outlier detection there are refused where they are written. Read
 * from the YAML tree, as replica-indexes.ts reads faults: the route and its target's keys are in
 * different parts of the file.
 */
export function reportAutoscaledHealth(root: unknown, ctx: Context): void {
  if (!isMap(root)) return;
  const services = root.get('services', true);
  if (!isMap(services)) return;
  const scaled = new Set<string>();
  for (const pair of services.items) {
    const name = keyText(pair.key);
    if (name !== null && isMap(pair.value) && pair.value.has('autoscale') && pair.value.has('replicas')) scaled.add(name);
  }
  if (scaled.size === 0) return;
  const route = (node: unknown, path: string, targetKey: string): void => {
    if (!isMap(node)) return;
    const target = node.get(targetKey);
    if (typeof target !== 'string' || !scaled.has(target)) return;
    for (const key of HEALTH_KEYS) {
      const pair = node.items.find((item) => keyText(item.key) === key);
      if (pair) ctx.report(pair.key, msg.autoscaledHealth(`${path}.${key}`, target));
    }
  };
  const clients = root.get('clients', true);
  if (isMap(clients)) for (const pair of clients.items) route(pair.value, `clients.${keyText(pair.key)}`, 'target');
  for (const pair of services.items) {
    const calls = isMap(pair.value) ? (pair.value as YAMLMap).get('calls', true) : null;
    if (!isSeq(calls)) continue;
    calls.items.forEach((call, k) => {
      const path = `services.${keyText(pair.key)}.calls[${k}]`;
      const parallel = isMap(call) ? call.get('parallel', true) : null;
      if (isSeq(parallel)) parallel.items.forEach((branch, b) => route(branch, `${path}.parallel[${b}]`, 'service'));
      else route(call, path, 'service');
    });
  }
}
