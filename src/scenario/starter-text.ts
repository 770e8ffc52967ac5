/** How the starter scenario (starter.ts) writes its numbers and names, in its YAML and its comments. */

/** `1 worker`, `8 workers`. */
export function workers(n: number): string {
  return `${n} worker${n === 1 ? '' : 's'}`;
}

/**
 * The name as a YAML scalar that reads back as the same text: plain where it would, else
 * double-quoted. The names are lowercase letters, digits and `-` (starter-values.ts): a leading
 * digit or `-` can read as a number (`1e3`, `0x1f`) or a list, and some words as a boolean or
 * null (YAML 1.2's core schema: true, false, null; YAML 1.1 readers also take yes/no/on/off/y/n).
 */
export function yamlName(name: string): string {
  return /^[0-9-]/.test(name) || /^(true|false|null|yes|no|on|off|y|n)$/.test(name) ? JSON.stringify(name) : name;
}

/** A line with a comment beside it, the comments of neighbouring lines in one column. */
export function aside(text: string, comment: string, column = 24): string {
  return `${text.padEnd(column - 1)} # ${comment}`;
}

export const rate = (perSecond: number) => `${sig(perSecond)}/s`;
export const percent = (share: number) => `${Math.round(share * 100)}%`;

/** Three significant digits, never an exponent. */
export function sig(n: number): string {
  return n >= 1000 ? Math.round(n).toLocaleString('en-US') : plainDecimal(Number(n.toPrecision(3)));
}

export function ms(seconds: number): string {
  return seconds >= 1 ? `${sig(seconds)} s` : `${sig(seconds * 1000)} ms`;
}

/** A rate as the format writes it: `200/s`, 12 significant digits, never an exponent (the rate parser takes none). */
export function rateValue(perSecond: number): string {
  return `${plainDecimal(Number(perSecond.toPrecision(12)))}/s`;
}

/**
 * A number written out in digits: String() gives `1e-7` below 1e-6 and `1e+21` from 1e21, which
 * the scenario format's parser refuses. Down to 1e-88 toFixed's 100 digits hold 12 significant
 * ones; `init` takes rates of 1e-9/s and more (starter-values.ts).
 */
export function plainDecimal(n: number): string {
  const text = String(n);
  if (!text.includes('e')) return text;
  if (Math.abs(n) >= 1) return BigInt(Math.round(n)).toString();
  const digits = Math.min(100, 11 - Math.floor(Math.log10(Math.abs(n))));
  return n.toFixed(digits).replace(/\.?0+$/, '');
}
