/**
 * Calls between services must not form a cycle: a request would call itself forever. Read from
 * the YAML tree rather than the typed scenario, so a cycle is reported even when some other part
 * of a service is invalid.
 */
import * as msg from './messages.ts';
import { keyText, type Context } from './spec.ts';
import { callEntries, textOf } from './yaml-calls.ts';

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
  return callEntries(root).flatMap(({ from, entry }) => {
    const target = entry.items.find((pair) => keyText(pair.key) === 'service');
    const to = target === undefined ? undefined : textOf(target.value);
    return to === undefined ? [] : [{ from, to, anchor: target!.key }];
  });
}
