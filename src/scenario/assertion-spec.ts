/**
 * Assertions: `"<metric path> <op> <value>"`, or `{ expr, probability }` for multi-seed runs.
 * The value is read in the unit of the metric (SCENARIO-FORMAT.md, "Assertions").
 */
import { isScalar } from 'yaml';
import * as msg from './messages.ts';
import type { MetricUnit } from './metric-paths.ts';
import { list } from './spec-collections.ts';
import { maybe, object, required } from './spec-object.ts';
import { fraction } from './spec-values.ts';
import { closestMatch } from './suggest.ts';
import type { Assertion, ComparisonOp } from './types.ts';
import { parseDuration, parseFraction, parseRate } from './units.ts';
import { anchorOf, INVALID, pathOf, scalarOrMap, transform, type Parsed, type Spec } from './spec.ts';

type Expression = Omit<Assertion, 'probability'>;

/** Longer operators first, so `<=` is not read as `<` followed by `=`. */
const EXPRESSION = /^\s*([A-Za-z0-9_.-]+)\s*(<=|>=|==|!=|<|>)\s*(\S+)\s*$/;
const EXPRESSION_PATTERN = String.raw`^\s*[A-Za-z0-9_.-]+\s*(<=|>=|==|!=|<|>)\s*\S+\s*$`;
const PLAIN_NUMBER = /^[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?$/i;

/** `metrics` is null when paths are not checked (for the JSON Schema). */
export function assertions(metrics: ReadonlyMap<string, MetricUnit> | null): Spec<Assertion[]> {
  const expr = expression(metrics);
  const stringForm = transform(expr, (e): Assertion => ({ ...e, probability: null }));
  const mapForm = transform(
    object({
      expr: required(expr),
      probability: maybe(fraction({ aboveZero: msg.DEGENERATE.probability }), 'the share of seeds on which `expr` must hold (above 0)'),
    }),
    (value): Assertion => ({ ...value.expr, probability: value.probability }),
  );
  return list(scalarOrMap(stringForm, mapForm, 'an assertion: `<metric path> <op> <value>`, or `{ expr, probability }`'), {
    what: 'assertion',
    description: 'checked after the run; a path that names no metric is an error',
  });
}

function expression(metrics: ReadonlyMap<string, MetricUnit> | null): Spec<Expression> {
  return {
    parse: (node, site, ctx) => {
      const path = pathOf(site);
      const fail = (message: string): typeof INVALID => {
        ctx.report(anchorOf(node, site), message);
        return INVALID;
      };
      const text = isScalar(node) ? node.value : undefined;
      if (typeof text !== 'string') return fail(msg.expected(path, 'an assertion like `clients.web.goodput_ratio >= 0.9`', node));
      const match = EXPRESSION.exec(text);
      if (!match) return fail(msg.assertionSyntax(path, text));
      const [, metric, op, valueText] = match;
      const unit = metrics === null ? 'count' : metrics.get(metric);
      if (unit === undefined) return fail(msg.unknownMetric(path, metric, closestMatch(metric, [...metrics!.keys()])));
      if (unit === 'bool' && op !== '==' && op !== '!=') return fail(msg.boolComparison(path, metric));
      const value = readAssertionValue(unit, valueText);
      if (value === INVALID) return fail(msg.assertionValue(path, metric, valueText, msg.ASSERTION_VALUE_EXPECTED[unit]));
      return { expr: text, path: metric, op: op as ComparisonOp, value };
    },
    schema: () => ({ type: 'string', pattern: EXPRESSION_PATTERN }),
  };
}

/** The value of an assertion in the metric's own unit; booleans as 1 and 0. */
export function readAssertionValue(unit: MetricUnit, text: string): Parsed<number> {
  const plain = PLAIN_NUMBER.test(text) ? Number(text) : null;
  const read = (result: { ok: true; value: number } | { ok: false }): Parsed<number> => (result.ok ? result.value : INVALID);
  switch (unit) {
    case 'seconds':
      return read(parseDuration(text));
    case 'fraction':
      return read(parseFraction(plain ?? text));
    case 'ratio':
      return plain ?? read(parsePercent(text));
    case 'per_second':
      return plain ?? read(parseRate(text));
    case 'count':
      return plain ?? INVALID;
    case 'bool':
      return text === 'true' ? 1 : text === 'false' ? 0 : INVALID;
  }
}

/** A percentage of any size (`150%`), for ratios, which are not bounded by 1. */
function parsePercent(text: string): { ok: true; value: number } | { ok: false } {
  const match = /^(\d+(?:\.\d+)?)%$/.exec(text);
  return match ? { ok: true, value: Number(match[1]) / 100 } : { ok: false };
}
