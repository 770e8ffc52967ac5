/** Flags typed as text, read into numbers once for every command (bad text: exit 2 naming the flag). */
import { getHeapStatistics } from 'node:v8';
import { InputError } from './exit-codes.ts';

/** A whole number >= `min`, or undefined when the flag was not given. */
export function wholeNumber(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min) {
    throw new InputError([`${flag}: expected a whole number >= ${min}, got \`${text}\``]);
  }
  return Number(text);
}

/**
 * Bytes of heap an attempt in the system may take at most: a pending one keeps its Attempt and its
 * Request (about 340 bytes, docs/performance.md), an abandoned queued one much less.
 */
const BYTES_PER_ATTEMPT = 400;
/** The default, when the heap allows it: the same on every machine with a heap of 4 GB or more. */
const MAX_IN_FLIGHT = 5_000_000;

/**
 * `--max-in-flight`: the attempts in the system at which a run stops, so that a storm whose
 * backlog only grows stops cleanly instead of running out of memory. By default 5,000,000 (about
 * 2 GB at the most), or what half of this process's heap limit holds at BYTES_PER_ATTEMPT each
 * when that is less (Node sets the heap limit from the machine's memory; `--max-old-space-size`
 * raises it).
 */
export function maxInFlight(text: string | undefined): number {
  const given = wholeNumber('--max-in-flight', text, 1);
  if (given !== undefined) return given;
  return Math.min(MAX_IN_FLIGHT, Math.floor((0.5 * getHeapStatistics().heap_size_limit) / BYTES_PER_ATTEMPT));
}
