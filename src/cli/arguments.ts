/** Flags typed as text, read into numbers once for every command (bad text: exit 2 naming the flag). */
import { InputError } from './exit-codes.ts';

/** A whole number >= `min`, or undefined when the flag was not given. */
export function wholeNumber(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min) {
    throw new InputError([`${flag}: expected a whole number >= ${min}, got \`${text}\``]);
  }
  return Number(text);
}
