/**
 * `simulate merge`: shards of one sweep (each a sweep.json) combined into the result the whole
 * sweep would have given. The rows are all a shard stores; the aggregates are computed again
 * from them, as the whole sweep computes them, so the files come out byte for byte the same.
 */
import { gridSize } from './grid.ts';
import { SWEEP_VERSION, sweepResultFromRows, type SweepHeader, type SweepResult } from './result.ts';

/** One shard's sweep.json, with where it came from (for messages). */
export interface ShardInput {
  source: string;
  text: string;
}

export type MergeResult = { ok: true; result: SweepResult } | { ok: false; problems: string[] };

/** The fields that say which sweep a file belongs to: they must agree across shards. */
const IDENTITY = ['scenario', 'file', 'set', 'vary', 'seeds', 'clients', 'propagation'] as const;

function parseShard(input: ShardInput): SweepResult | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.text);
  } catch (e) {
    return `${input.source}: not JSON (${(e as Error).message})`;
  }
  const r = parsed as Partial<SweepResult> | null;
  if (r !== null && typeof r === 'object' && typeof r.version === 'number' && r.version < SWEEP_VERSION) {
    return `${input.source}: a sweep.json of version ${r.version}, written before its rows carried the verdict's outcome; run that shard again`;
  }
  if (r === null || typeof r !== 'object' || r.version !== SWEEP_VERSION || !Array.isArray(r.rows) || !Array.isArray(r.vary) || !Array.isArray(r.seeds)) {
    return `${input.source}: not a sweep.json of version ${SWEEP_VERSION} (written by \`simulate sweep\`)`;
  }
  return r as SweepResult;
}

export function mergeShards(inputs: readonly ShardInput[]): MergeResult {
  if (inputs.length === 0) return { ok: false, problems: ['nothing to merge: name the shard folders'] };
  const parsed = inputs.map(parseShard);
  const unreadable = parsed.filter((p): p is string => typeof p === 'string');
  if (unreadable.length > 0) return { ok: false, problems: unreadable };
  const shards = parsed as SweepResult[];
  const first = shards[0];
  const problems = shards.flatMap((s, i) => IDENTITY
    .filter((key) => JSON.stringify(s[key]) !== JSON.stringify(first[key]))
    .map((key) => `${inputs[i].source}: another sweep than ${inputs[0].source}: its \`${key}\` is ${JSON.stringify(s[key])}, not ${JSON.stringify(first[key])}`));
  if (problems.length > 0) return { ok: false, problems };
  problems.push(...coverageProblems(inputs, shards));
  if (problems.length > 0) return { ok: false, problems };
  const header: SweepHeader = { ...first, shard: null };
  return { ok: true, result: sweepResultFromRows(header, shards.flatMap((s) => s.rows)) };
}

/** Every point of the grid once, in exactly one shard, with a row for each of its seeds. */
function coverageProblems(inputs: readonly ShardInput[], shards: readonly SweepResult[]): string[] {
  const problems: string[] = [];
  const total = gridSize(shards[0].vary);
  const seeds = shards[0].seeds;
  const owner = new Map<number, number>();
  shards.forEach((s, i) => {
    const points = [...new Set(s.rows.map((r) => r.point))];
    for (const point of points) {
      const other = owner.get(point);
      if (other !== undefined) problems.push(`point ${point} is in both ${inputs[other].source} and ${inputs[i].source}; merge each shard once`);
      else owner.set(point, i);
      if (!Number.isInteger(point) || point < 0 || point >= total) problems.push(`${inputs[i].source}: point ${point} is not in the grid of ${total} points`);
      const got = s.rows.filter((r) => r.point === point).map((r) => r.seed);
      if (JSON.stringify([...got].sort((a, b) => a - b)) !== JSON.stringify(seeds)) {
        problems.push(`${inputs[i].source}: point ${point} has seeds ${got.join(', ')}, expected ${seeds.join(', ')}`);
      }
    }
  });
  const missing = Array.from({ length: total }, (_, p) => p).filter((p) => !owner.has(p));
  if (missing.length > 0) {
    const shown = missing.length > 20 ? `${missing.slice(0, 20).join(', ')}, ... (${missing.length} in all)` : missing.join(', ');
    problems.push(`points missing: ${shown}; is a shard folder left out? (the grid has ${total} points)`);
  }
  return problems;
}
