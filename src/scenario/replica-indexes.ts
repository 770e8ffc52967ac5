/**
 * A service fault's `replicas:` must name replicas its service has (0 to replicas − 1). Read from
 * the YAML tree, as call-cycles.ts reads calls: the list and the service's `replicas` key are in
 * different parts of the file, and each index is reported where it is written.
 */
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import * as msg from './messages.ts';
import { keyText, type Context } from './spec.ts';

export function reportReplicaIndexes(root: unknown, ctx: Context): void {
  const faults = isMap(root) ? root.get('faults', true) : null;
  if (!isSeq(faults)) return;
  const services = isMap(root) ? root.get('services', true) : null;
  const counts = replicaCounts(services);
  faults.items.forEach((fault, f) => {
    if (!isMap(fault)) return;
    const service = scalarOf(fault.get('service', true));
    const indexes = fault.get('replicas', true);
    const count = typeof service === 'string' ? counts.get(service) : undefined;
    if (count === undefined || !isSeq(indexes)) return;
    // Partitions are not replicas: index 0 would silently be the first partition.
    const spec = isMap(services) && typeof service === 'string' ? services.get(service, true) : null;
    if (isMap(spec) && spec.has('partitions')) {
      ctx.report(indexes, msg.replicasOfPartitioned(`faults[${f}].replicas`, service as string));
      return;
    }
    indexes.items.forEach((item, i) => {
      const index = scalarOf(item);
      if (typeof index === 'number' && Number.isInteger(index) && index >= count) {
        ctx.report(item, msg.replicaOutOfRange(`faults[${f}].replicas[${i}]`, index, service as string, count));
      }
    });
  });
}

/**
 * Each service's replica count, where it is a valid integer (1 when absent); for one whose
 * replicas are autoscaled, the most it may have (docs/autoscaling.md: all are built).
 */
export function replicaCounts(services: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  if (!isMap(services)) return counts;
  for (const pair of services.items) {
    const name = keyText(pair.key);
    if (name === null || !isMap(pair.value)) continue;
    const node = pair.value.get('replicas', true);
    const count = node === undefined ? 1 : autoscaledMax(pair.value, scalarOf(node));
    if (typeof count === 'number' && Number.isInteger(count) && count >= 1) counts.set(name, count);
  }
  return counts;
}

function scalarOf(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** An autoscaled service with replicas has `max` of them, if that is more. */
function autoscaledMax(service: YAMLMap, replicas: unknown): unknown {
  const autoscale = service.get('autoscale', true);
  const max = isMap(autoscale) ? scalarOf(autoscale.get('max', true)) : undefined;
  return typeof replicas === 'number' && typeof max === 'number' && Number.isInteger(max) ? Math.max(replicas, max) : replicas;
}
