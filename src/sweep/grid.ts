/**
 * The grid of a sweep: every combination of the `--vary` values (the first `--vary` varying
 * slowest, like nested loops in the order given), and the share of it one shard runs.
 * Shards split by point, not by job, so the seeds of a point always run (and aggregate) together.
 */
import type { Vary } from './values.ts';
import { VARIANT_PATH } from './values.ts';

export interface Point {
  /** 0-based, in grid order; the same in every shard. */
  index: number;
  /** One value per `--vary`, in the order given. */
  values: string[];
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function gridSize(vary: readonly Vary[]): number {
  return vary.reduce((n, v) => n * v.values.length, 1);
}

/** The cartesian product, in order: point i's value of `--vary` j is digit j of i in mixed radix. */
export function gridPoints(vary: readonly Vary[]): Point[] {
  return Array.from({ length: gridSize(vary) }, (_, index) => {
    const values = new Array<string>(vary.length);
    let rest = index;
    for (let j = vary.length - 1; j >= 0; j--) {
      const n = vary[j].values.length;
      values[j] = vary[j].values[rest % n];
      rest = Math.floor(rest / n);
    }
    return { index, values };
  });
}

/** Shard `i/n` (1-based) runs the points whose index % n == i − 1. */
export function inShard(point: number, shard: Shard | null): boolean {
  return shard === null || point % shard.count === shard.index - 1;
}

/** `2/4` → {index: 2, count: 4}; a message when malformed. */
export function parseShard(text: string): Shard | string {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return `expected \`i/n\` with whole numbers, like \`2/4\`; got \`${text}\``;
  const [index, count] = [Number(match[1]), Number(match[2])];
  if (count < 1 || index < 1 || index > count) return `expected \`i/n\` with 1 <= i <= n, got \`${text}\``;
  return { index, count };
}

/** What a point changes: the `--set` arguments (all but the variant) and the variant it picks, if any. */
export function pointOverrides(vary: readonly Vary[], point: Point): { sets: string[]; variant: string | undefined } {
  const sets: string[] = [];
  let variant: string | undefined;
  vary.forEach((v, j) => {
    if (v.path === VARIANT_PATH) variant = point.values[j];
    else sets.push(`${v.path}=${point.values[j]}`);
  });
  return { sets, variant };
}

/** `variant=naive, faults[0].for=5s`: a point as a person names it. */
export function pointText(vary: readonly Vary[], point: Point): string {
  return vary.map((v, j) => `${v.path}=${point.values[j]}`).join(', ');
}
