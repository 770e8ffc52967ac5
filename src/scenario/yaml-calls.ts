/**
 * The downstream calls of every service, read from the YAML tree (before or without the typed
 * scenario): for the checks that span sections of the file (call-cycles.ts,
 * partition-callers.ts), each reported where it is written.
 */
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { keyText } from './spec.ts';

export interface CallEntry {
  /** The calling service. */
  from: string;
  /** The call's map: a plain call, or one branch of a `parallel:` step. */
  entry: YAMLMap;
  /** Its path, as messages name it: `services.<from>.calls[i]` or `...calls[i].parallel[j]`. */
  path: string;
}

/** Every call of every service (each branch of a parallel step on its own), in file order. */
export function callEntries(root: unknown): CallEntry[] {
  const services = isMap(root) ? root.get('services', true) : null;
  if (!isMap(services)) return [];
  const entries: CallEntry[] = [];
  for (const servicePair of services.items) {
    const from = keyText(servicePair.key);
    const calls = isMap(servicePair.value) ? servicePair.value.get('calls', true) : null;
    if (from === null || !isSeq(calls)) continue;
    calls.items.forEach((call, k) => {
      if (!isMap(call)) return;
      const branches = call.get('parallel', true);
      if (!isSeq(branches)) {
        entries.push({ from, entry: call, path: `services.${from}.calls[${k}]` });
        return;
      }
      branches.items.forEach((branch, j) => {
        if (isMap(branch)) entries.push({ from, entry: branch, path: `services.${from}.calls[${k}].parallel[${j}]` });
      });
    });
  }
  return entries;
}

/** The text of a scalar node, or undefined. */
export function textOf(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}
