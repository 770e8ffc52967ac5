/**
 * `--vary PATH=VALUES`: the values one scenario key takes in a sweep, as text the scenario
 * accepts (each is applied exactly as `--set PATH=VALUE` would be).
 *
 *   VALUES = a list `naive,budget` | `100ms,200ms` | `2,3,4`
 *          | a range `START..END:STEP` with one unit throughout: `200/s..1200/s:100/s`, `0s..30s:5s`, `1..4:1`
 *
 * A range is START + k·STEP for k = 0, 1, ... while it does not pass END (END itself is in
 * when it lands on a step). Each value is computed from START and k, not by adding STEP again
 * and again, and rounded to 12 significant digits, so `0.1s..0.5s:0.1s` is exactly five values
 * written `0.1s`, `0.2s`, `0.3s`, `0.4s`, `0.5s` (summing 0.1 five times would not land on 0.5).
 */
import { parseDuration, parseFraction, parseRate } from '../scenario/units.ts';
import { pathSegments } from '../scenario/overrides.ts';

export interface Vary {
  /** A scenario key as `--set` takes it (`clients.web.arrival.rate`, `faults[0].for`), or `variant`. */
  path: string;
  /** As written in the scenario: `300/s`, `5s`, `naive`. */
  values: string[];
}

/** The path that picks one of a file's `variants` by name instead of setting a key. */
export const VARIANT_PATH = 'variant';

/** A range longer than this is surely a typo (a step in the wrong unit). */
export const MAX_RANGE_VALUES = 10_000;

const RANGE = /^([^,]*?)\.\.([^,]*?):([^,]*)$/;
const AMOUNT = /^([-+]?\d+(?:\.\d+)?)(\S*)$/;

/** `PATH=VALUES` as typed after `--vary`; a message (without the `--vary` prefix) when malformed. */
export function parseVary(arg: string): Vary | string {
  const equals = arg.indexOf('=');
  if (equals < 0) return 'there is no `=`; expected `<path>=<values>`, like `clients.web.arrival.rate=500/s..900/s:100/s` or `variant=naive,token-bucket`';
  const path = arg.slice(0, equals).trim();
  if (path !== VARIANT_PATH && pathSegments(path) === null) return `\`${path}\` is not a path; write keys with dots and list items as \`faults[0].for\``;
  const values = parseValues(arg.slice(equals + 1).trim());
  return typeof values === 'string' ? values : { path, values };
}

/** A list or a range, as text; a message when it is neither. */
export function parseValues(text: string): string[] | string {
  if (text === '') return 'no values; give a list `a,b,c` or a range `START..END:STEP`';
  const range = RANGE.exec(text);
  if (range) return rangeValues(range[1].trim(), range[2].trim(), range[3].trim());
  const values = splitList(text);
  if (values.some((v) => v === '')) return `an empty value in the list \`${text}\``;
  return values;
}

/** Splits on the commas outside brackets and quotes, so `{dist: exponential, mean: 5ms}` is one value. */
function splitList(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      values.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  values.push(text.slice(start).trim());
  return values;
}

interface Amount {
  amount: number;
  unit: string;
}

function amountOf(text: string, role: string): Amount | string {
  const match = AMOUNT.exec(text);
  if (!match) return `the range's ${role} \`${text}\` is not a number with an optional unit (like \`200/s\`, \`5s\`, \`2\`)`;
  return { amount: Number(match[1]), unit: match[2] };
}

function rangeValues(startText: string, endText: string, stepText: string): string[] | string {
  const parts = [amountOf(startText, 'start'), amountOf(endText, 'end'), amountOf(stepText, 'step')];
  const problem = parts.find((p): p is string => typeof p === 'string');
  if (problem !== undefined) return problem;
  const [start, end, step] = parts as Amount[];
  if (start.unit !== end.unit || start.unit !== step.unit) {
    return `the range \`${startText}..${endText}:${stepText}\` mixes units (${[start, end, step].map((p) => `\`${p.unit || 'none'}\``).join(', ')}); write all three in one unit`;
  }
  if (!(step.amount > 0)) return `the range's step \`${stepText}\` must be more than 0`;
  if (end.amount < start.amount) return `the range's end \`${endText}\` is before its start \`${startText}\``;
  // The tolerance lets an END that is a whole number of steps away count despite rounding (0.5 − 0.1) / 0.1 = 3.9999…
  const last = Math.floor((end.amount - start.amount) / step.amount + 1e-9);
  if (last + 1 > MAX_RANGE_VALUES) return `the range \`${startText}..${endText}:${stepText}\` has ${last + 1} values, more than ${MAX_RANGE_VALUES}; use a larger step`;
  return Array.from({ length: last + 1 }, (_, k) => `${numberText(start.amount + k * step.amount)}${start.unit}`);
}

/** 12 significant digits, written without an exponent (the scenario's units take plain decimals). */
function numberText(x: number): string {
  const rounded = Number(x.toPrecision(12));
  const plain = String(rounded);
  if (!/e/i.test(plain)) return plain;
  return rounded.toFixed(20).replace(/\.?0+$/, '');
}

/**
 * The value as a number in the scenario's own units (seconds, per second, a share), for charts
 * and tables: `300/s` → 300, `100ms` → 0.1, `50%` → 0.5, `3` → 3; null for a name (`naive`) or a map.
 */
export function numericValue(text: string): number | null {
  for (const parse of [parseDuration, parseRate, parseFraction]) {
    const parsed = parse(text);
    if (parsed.ok) return parsed.value;
  }
  return /^[-+]?\d+(?:\.\d+)?$/.test(text) ? Number(text) : null;
}
