/** Checks a scenario's assertions against a run's summary. */
import type { AssertionResult, Summary } from '../metrics/summary.ts';
import type { Assertion, ComparisonOp } from './types.ts';

/** The value at a dotted path of the summary; undefined when the path names nothing. */
export function metricValue(summary: Summary, path: string): number | boolean | null | undefined {
  let node: unknown = summary;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  if (node === null || typeof node === 'number' || typeof node === 'boolean') return node;
  return undefined;
}

export function compare(actual: number, op: ComparisonOp, expected: number): boolean {
  switch (op) {
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    case '==':
      return actual === expected;
    case '!=':
      return actual !== expected;
  }
}

/**
 * A missing value (null: no latency without successes, no ratio without requests) fails the
 * assertion: a check that cannot be made is not a pass. Booleans compare as 1 and 0.
 */
export function evaluateAssertions(summary: Summary, assertions: readonly Assertion[]): AssertionResult[] {
  return assertions.map((a) => {
    const value = metricValue(summary, a.path);
    if (value === undefined) throw new Error(`assertion path ${a.path} names no metric in the summary`);
    const pass = value !== null && compare(typeof value === 'boolean' ? Number(value) : value, a.op, a.value);
    return { expr: a.expr, value, pass };
  });
}
