/**
 * Calls between services must not form a cycle: a request would call itself forever. Read from
 * the YAML tree rather than the typed scenario, so a cycle is reported even when some other part
 * of a service is invalid.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import * as msg from './messages.ts';
import { keyText, type Context } from './spec.ts';

interface CallEdge {
  from: string;
  to: string;
  /** The `service:` key of the call, where the problem points. */
  anchor: unknown;
}

export function reportCallCycles(root: unknown, ctx: Context): void {
  const edges = callEdges(root);
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (service: string): void => {
    state.set(service, 'visiting');
    stack.push(service);
    for (const edge of edges.filter((e) => e.from === service)) {
      const seen = state.get(edge.to);
      if (seen === 'visiting') ctx.report(edge.anchor, msg.callCycle([...stack.slice(stack.indexOf(edge.to)), edge.to]));
      else if (seen === undefined) visit(edge.to);
    }
    stack.pop();
    state.set(service, 'done');
  };
  for (const edge of edges) if (!state.has(edge.from)) visit(edge.from);
}

/** Every `services.<from>.calls[i].service: <to>` (and `calls[i].parallel[j].service`), in file order. */
function callEdges(root: unknown): CallEdge[] {
  const services = isMap(root) ? root.get('services', true) : null;
  if (!isMap(services)) return [];
  const edges: CallEdge[] = [];
  for (const servicePair of services.items) {
    const from = keyText(servicePair.key);
    const calls = isMap(servicePair.value) ? servicePair.value.get('calls', true) : null;
    if (from === null || !isSeq(calls)) continue;
    for (const call of calls.items) {
      const branches = isMap(call) ? call.get('parallel', true) : null;
      for (const branch of isSeq(branches) ? branches.items : [call]) {
        const target = isMap(branch) ? branch.items.find((pair) => keyText(pair.key) === 'service') : undefined;
        const to = target && isScalar(target.value) ? target.value.value : null;
        if (typeof to === 'string') edges.push({ from, to, anchor: target!.key });
      }
    }
  }
  return edges;
}
