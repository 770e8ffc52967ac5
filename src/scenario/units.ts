/**
 * The value syntaxes of SCENARIO-FORMAT.md, "Units and values", as pure functions on text.
 * They return either a value (seconds, per second, a share in [0, 1]) or the reason the text is
 * not one; the specs turn reasons into messages. The regular expressions are also exported for
 * the JSON Schema, so the editor and the validator accept the same spellings.
 */

/**
 * One unit is `seconds / per` seconds. Kept as a fraction so that `100ms` is 100 / 1000, rounded
 * once to the double nearest 0.1, where 100 * 0.001 would not be.
 */
const UNIT_IN_SECONDS = {
  us: { seconds: 1, per: 1e6 },
  ms: { seconds: 1, per: 1e3 },
  s: { seconds: 1, per: 1 },
  m: { seconds: 60, per: 1 },
  h: { seconds: 3600, per: 1 },
} as const;
export type TimeUnit = keyof typeof UNIT_IN_SECONDS;
export const TIME_UNITS = Object.keys(UNIT_IN_SECONDS) as TimeUnit[];

const NUMBER = String.raw`\d+(?:\.\d+)?`;
const UNIT = `(?:${TIME_UNITS.join('|')})`;

/** What an editor accepts: no sign, so negative values fail in the schema as they do here. */
export const DURATION_PATTERN = `^${NUMBER}${UNIT}$`;
export const RATE_PATTERN = `^${NUMBER}/${UNIT}$`;
/** Which ends of [0, 1] a fraction may take. */
export interface FractionEnds {
  /** 0 (0%) is refused. */
  aboveZero?: boolean;
  /** 1 (100%) is refused. */
  belowOne?: boolean;
}

/**
 * The percentages in [0%, 100%]: digits below 100 with any decimals, or 100 itself; without
 * the zero forms (`0%`, `00.0%`) or the hundred forms (`100%`, `100.0%`) where those are refused.
 */
export function percentPattern({ aboveZero = false, belowOne = false }: FractionEnds = {}): string {
  const notZero = aboveZero ? String.raw`(?!0{1,2}(?:\.0+)?%$)` : '';
  const belowHundred = String.raw`\d{1,2}(?:\.\d+)?`;
  return `^${notZero}(?:${belowOne ? belowHundred : String.raw`100(?:\.0+)?|${belowHundred}`})%$`;
}
/** 0% to 100%. */
export const PERCENT_PATTERN = percentPattern();

const SIGNED_DURATION = new RegExp(`^([-+]?${NUMBER})(${UNIT})$`);
const SIGNED_RATE = new RegExp(`^([-+]?${NUMBER})/(${UNIT})$`);
const SIGNED_PERCENT = new RegExp(`^([-+]?${NUMBER})%$`);

export type UnitResult =
  | { ok: true; value: number }
  | { ok: false; reason: 'bare_number' | 'negative' | 'out_of_range' | 'syntax' };

function fail(reason: 'bare_number' | 'negative' | 'out_of_range' | 'syntax'): UnitResult {
  return { ok: false, reason };
}

function toSeconds(amount: number, unit: TimeUnit): number {
  const { seconds, per } = UNIT_IN_SECONDS[unit];
  return (amount * seconds) / per;
}

function toPerSecond(amount: number, unit: TimeUnit): number {
  const { seconds, per } = UNIT_IN_SECONDS[unit];
  return (amount * per) / seconds;
}

/** `250ms` -> 0.25. A YAML number (no unit) is reported as `bare_number`. */
export function parseDuration(value: unknown): UnitResult {
  if (typeof value === 'number') return fail('bare_number');
  if (typeof value !== 'string') return fail('syntax');
  const match = SIGNED_DURATION.exec(value.trim());
  if (!match) return fail(looksLikeNumber(value) ? 'bare_number' : 'syntax');
  const amount = Number(match[1]);
  if (amount < 0) return fail('negative');
  return { ok: true, value: toSeconds(amount, match[2] as TimeUnit) };
}

/** `800/s` -> 800, `12000/m` -> 200. */
export function parseRate(value: unknown): UnitResult {
  if (typeof value === 'number') return fail('bare_number');
  if (typeof value !== 'string') return fail('syntax');
  const match = SIGNED_RATE.exec(value.trim());
  if (!match) return fail(looksLikeNumber(value) ? 'bare_number' : 'syntax');
  const amount = Number(match[1]);
  if (amount < 0) return fail('negative');
  return { ok: true, value: toPerSecond(amount, match[2] as TimeUnit) };
}

/** `0.2` or `20%` -> 0.2; anything outside [0, 1] is `out_of_range`. */
export function parseFraction(value: unknown): UnitResult {
  const share = typeof value === 'number' ? value : percentToShare(value);
  if (share === null || !Number.isFinite(share)) return fail('syntax');
  return share < 0 || share > 1 ? fail('out_of_range') : { ok: true, value: share };
}

function percentToShare(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = SIGNED_PERCENT.exec(value.trim());
  return match ? Number(match[1]) / 100 : null;
}

function looksLikeNumber(text: string): boolean {
  return new RegExp(`^[-+]?${NUMBER}$`).test(text.trim());
}
