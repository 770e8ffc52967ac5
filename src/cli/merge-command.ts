/**
 * `simulate merge DIR... [--out DIR]`: the folders of the shards of one sweep
 * (`simulate sweep --shard i/n`) combined into exactly what the whole sweep writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SWEEP_FILES } from '../sweep/files.ts';
import { mergeShards, type ShardInput } from '../sweep/merge.ts';
import { EXIT, InputError } from './exit-codes.ts';
import { writeFilesWhole } from './output.ts';
import { chartsLine, isSweepFile, sweepOutputFiles } from './sweep-command.ts';

export interface MergeArgs {
  dirs: string[];
  out?: string;
  /** False: data files only (`--no-charts`). */
  charts?: boolean;
}

function readShard(dir: string): ShardInput | string {
  const path = join(dir, SWEEP_FILES.json);
  try {
    return { source: path, text: readFileSync(path, 'utf8') };
  } catch (e) {
    return `${path}: cannot read the shard (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); is ${dir} a folder written by \`simulate sweep --shard\`?`;
  }
}

export async function mergeCommand(args: MergeArgs): Promise<number> {
  const read = args.dirs.map(readShard);
  const unreadable = read.filter((r): r is string => typeof r === 'string');
  if (unreadable.length > 0) throw new InputError(unreadable);
  const merged = mergeShards(read as ShardInput[]);
  if (!merged.ok) throw new InputError(merged.problems);
  const out = args.out ?? join('results', `${merged.result.scenario}-sweep`);
  const files = await sweepOutputFiles(merged.result, args.charts !== false);
  writeFilesWhole(out, files, isSweepFile);
  process.stdout.write(`${args.dirs.length} shard${args.dirs.length === 1 ? '' : 's'} merged: ${merged.result.points.length} points × ${merged.result.seeds.length} seeds; written to ${out}/\n${chartsLine(files, args.charts !== false)}`);
  return EXIT.ok;
}
