/** Specs for single values: text, numbers, words, and the units of SCENARIO-FORMAT.md. */
import { isScalar } from 'yaml';
import * as msg from './messages.ts';
import { closestMatch } from './suggest.ts';
import { DURATION_PATTERN, parseDuration, parseFraction, parseRate, PERCENT_PATTERN, percentPattern, RATE_PATTERN } from './units.ts';
import { anchorOf, INVALID, pathOf, type JsonSchema, type Parsed, type Spec } from './spec.ts';

/** What a scalar spec reads: the value, where it is, and how to report a problem there. */
interface ScalarInput {
  /** The scalar's value; undefined for a map or a list. */
  value: unknown;
  node: unknown;
  path: string;
  fail(message: string): Invalid;
}
type Invalid = typeof INVALID;

function scalar<T>(schema: JsonSchema, read: (input: ScalarInput) => Parsed<T>): Spec<T> {
  return {
    parse: (node, site, ctx) => read({
      value: isScalar(node) ? node.value : undefined,
      node,
      path: pathOf(site),
      fail: (message) => {
        ctx.report(anchorOf(node, site), message);
        return INVALID;
      },
    }),
    schema: () => ({ ...schema }),
  };
}

export interface TextOptions {
  /** For names: text that breaks it is reported as an invalid name. */
  pattern?: RegExp;
  /** The rule `pattern` enforces, in words. */
  rule?: string;
}

export function text(options: TextOptions = {}): Spec<string> {
  const schema = { type: 'string', ...(options.pattern ? { pattern: options.pattern.source } : {}) };
  return scalar(schema, ({ value, node, path, fail }) => {
    if (typeof value !== 'string') return fail(msg.expected(path, 'text', node));
    if (options.pattern && !options.pattern.test(value)) return fail(msg.badName(path, value, options.rule ?? ''));
    return value;
  });
}

/** One of a fixed set of words, with a did-you-mean. */
export function oneOf<W extends string>(words: readonly W[], what: string): Spec<W> {
  const schema = { enum: [...words] };
  return scalar(schema, ({ value, node, path, fail }) => {
    if (typeof value !== 'string') return fail(msg.expected(path, `one of ${words.join(', ')}`, node));
    if ((words as readonly string[]).includes(value)) return value as W;
    return fail(msg.unknownWord(path, value, what, words, closestMatch(value, words)));
  });
}

/** A word standing for a special value (`none` -> null, `unbounded` -> null), or else `spec`. */
export function either<T, V>(word: string, meaning: V, spec: Spec<T>): Spec<T | V> {
  return {
    parse: (node, site, ctx) => (isScalar(node) && node.value === word ? meaning : spec.parse(node, site, ctx)),
    schema: (definitions) => ({ anyOf: [{ const: word }, spec.schema(definitions)] }),
  };
}

/** A whole number of at least `minimum`; `why` (from messages.ts) tells what a smaller one would do. */
export function integer(minimum: number, why?: string): Spec<number> {
  const schema = { type: 'integer', minimum };
  return scalar(schema, ({ value, node, path, fail }) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return fail(msg.expected(path, msg.expectedInteger(minimum), node));
    return value < minimum ? fail(msg.belowMinimum(path, value, minimum, false, why)) : value;
  });
}

/**
 * A plain number (a factor, a weight): `exclusive` for "greater than" rather than "at least";
 * `why` (from messages.ts) tells the user what a smaller value would do.
 */
export function number(minimum: number, exclusive: boolean, why?: string): Spec<number> {
  const schema = { type: 'number', ...(exclusive ? { exclusiveMinimum: minimum } : { minimum }) };
  return scalar(schema, ({ value, node, path, fail }) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return fail(msg.expected(path, msg.expectedNumber(minimum, exclusive), node));
    const tooSmall = exclusive ? value <= minimum : value < minimum;
    return tooSmall ? fail(msg.belowMinimum(path, value, minimum, exclusive, why)) : value;
  });
}

/** A number strictly between two bounds (a ratio such as a multiplicative decrease). */
export function numberBetween(minimum: number, maximum: number): Spec<number> {
  const schema = { type: 'number', exclusiveMinimum: minimum, exclusiveMaximum: maximum };
  return scalar(schema, ({ value, node, path, fail }) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return fail(msg.expected(path, msg.expectedBetween(minimum, maximum), node));
    return value <= minimum || value >= maximum ? fail(msg.notBetween(path, value, minimum, maximum)) : value;
  });
}

/** `true` or `false` (YAML 1.2 booleans: not `yes`/`no`, which are text). */
export function bool(): Spec<boolean> {
  return scalar({ type: 'boolean' }, ({ value, node, path, fail }) =>
    typeof value === 'boolean' ? value : fail(msg.expected(path, msg.EXPECTED_BOOL, node)));
}

/** A duration in seconds; `positive` rejects 0. */
export function duration(options: { positive?: boolean } = {}): Spec<number> {
  const schema = { type: 'string', pattern: DURATION_PATTERN, description: 'a duration with a unit (us, ms, s, m, h), like 250ms' };
  return scalar(schema, ({ value, node, path, fail }) => {
    const result = parseDuration(value);
    if (result.ok) return options.positive && result.value === 0 ? fail(msg.mustBePositive(path, value)) : result.value;
    if (result.reason === 'bare_number') return fail(msg.durationWithoutUnit(path, value));
    if (result.reason === 'negative') return fail(msg.negativeDuration(path, value));
    return fail(msg.expected(path, msg.EXPECTED_DURATION, node));
  });
}

/** A rate, per second. */
export function rate(): Spec<number> {
  const schema = { type: 'string', pattern: RATE_PATTERN, description: 'a rate like 800/s (per us, ms, s, m or h)' };
  return scalar(schema, ({ value, node, path, fail }) => {
    const result = parseRate(value);
    if (result.ok) return result.value;
    if (result.reason === 'bare_number') return fail(msg.rateWithoutUnit(path, value));
    if (result.reason === 'negative') return fail(msg.negativeRate(path, value));
    return fail(msg.expected(path, msg.EXPECTED_RATE, node));
  });
}

/**
 * Ends of [0, 1] refused where a share there would make a defence or a verdict degenerate
 * (docs/scenario-format.md, on values): each says why, in a message of messages.ts.
 */
export interface FractionLimits {
  /** Refuse 0 (0%), for this reason. */
  aboveZero?: string;
  /** Refuse 1 (100%), for this reason. */
  belowOne?: string;
}

/** A share in [0, 1] (or an open end of it), written as a number or a percentage. */
export function fraction(limits: FractionLimits = {}): Spec<number> {
  const aboveZero = limits.aboveZero !== undefined;
  const belowOne = limits.belowOne !== undefined;
  const schema = {
    description: `a fraction in ${aboveZero ? '(0' : '[0'}, ${belowOne ? '1)' : '1]'} or a percentage like 20%`,
    anyOf: [
      { type: 'number', ...(aboveZero ? { exclusiveMinimum: 0 } : { minimum: 0 }), ...(belowOne ? { exclusiveMaximum: 1 } : { maximum: 1 }) },
      { type: 'string', pattern: aboveZero || belowOne ? percentPattern({ aboveZero, belowOne }) : PERCENT_PATTERN },
    ],
  };
  return scalar(schema, ({ value, node, path, fail }) => {
    const result = parseFraction(value);
    if (!result.ok) {
      return fail(result.reason === 'out_of_range' ? msg.fractionOutOfRange(path, value) : msg.expected(path, msg.EXPECTED_FRACTION, node));
    }
    if (limits.aboveZero !== undefined && result.value === 0) return fail(msg.fractionNotAboveZero(path, value, limits.aboveZero));
    if (limits.belowOne !== undefined && result.value === 1) return fail(msg.fractionNotBelowOne(path, value, limits.belowOne));
    return result.value;
  });
}

/**
 * The name of a declared service or client. `known` is null when names are not checked
 * (for the schema, which cannot know them).
 */
export function reference(kind: string, known: readonly string[] | null): Spec<string> {
  const schema = { type: 'string', description: `the name of a ${kind}` };
  return scalar(schema, ({ value, node, path, fail }) => {
    if (typeof value !== 'string') return fail(msg.expected(path, `the name of a ${kind}`, node));
    if (known === null || known.includes(value)) return value;
    return fail(msg.unknownReference(path, kind, value, known, closestMatch(value, known)));
  });
}
