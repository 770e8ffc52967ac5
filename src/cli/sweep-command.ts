/**
 * `simulate sweep <file> --vary PATH=VALUES ...`: the scenario at every point of a grid of
 * values, over N seeds, on worker threads; sweep.csv, sweep-summary.csv and sweep.json.
 *
 *   --vary args ─parseVary─▶ grid ─validate every point (nothing runs on a bad one)─▶ jobs
 *     (points × seeds, only this shard's points) ─runJobs─▶ summaries ─buildSweepResult─▶ files
 *
 * A point is a list of `--set` overrides (the sweep's own `--set` first, then its `--vary`
 * values) and, for `--vary variant=...`, the variant it picks, so a point runs exactly what
 * `simulate <file> --set ...` would.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { sweepCharts } from '../report/charts/sweep-charts.ts';
import { chartFiles } from '../report/result-files.ts';
import { sweepChartInput } from '../sweep/chart-input.ts';
import { sweepFiles, SWEEP_FILES } from '../sweep/files.ts';
import { gridPoints, inShard, parseShard, pointOverrides, pointText, type Point, type Shard } from '../sweep/grid.ts';
import { buildSweepResult, type SweepHeader, type SweepResult } from '../sweep/result.ts';
import { parseVary, VARIANT_PATH, type Vary } from '../sweep/values.ts';
import { jobLabel, runJobs, type Job } from './check-jobs.ts';
import { checkProgress } from './check-progress.ts';
import { maxInFlight, wholeNumber } from './arguments.ts';
import { EXIT, InputError } from './exit-codes.ts';
import { writeFilesWhole } from './output.ts';
import { readScenarioFileWithVariants, type ScenarioWithVariants } from './read-scenario.ts';

export interface SweepArgs {
  file: string;
  vary: string[];
  set?: string[];
  seeds?: string;
  threads?: string;
  shard?: string;
  out?: string;
  /** False: data files only (`--no-charts`). */
  charts?: boolean;
  /** As typed (arguments.ts, maxInFlight). */
  maxInFlight?: string;
}


function parseVaryArgs(args: readonly string[]): Vary[] {
  const problems: string[] = [];
  const vary = args.flatMap((arg) => {
    const parsed = parseVary(arg);
    if (typeof parsed === 'string') problems.push(`--vary ${arg}: ${parsed}`);
    return typeof parsed === 'string' ? [] : [parsed];
  });
  const paths = vary.map((v) => v.path);
  for (const [i, path] of paths.entries()) {
    if (paths.indexOf(path) !== i) problems.push(`--vary ${path}: given twice; list all its values in one --vary`);
  }
  if (vary.length === 0 && problems.length === 0) problems.push('--vary: give at least one, like `--vary clients.web.arrival.rate=500/s..900/s:100/s`');
  if (problems.length > 0) throw new InputError(problems);
  return vary;
}

/** `--vary variant=...` must name variants the file has; a file with variants must pick some. */
function variantProblems(file: string, base: ScenarioWithVariants, vary: readonly Vary[]): string[] {
  const names = base.variants.map((v) => v.name);
  const picked = vary.find((v) => v.path === VARIANT_PATH);
  if (picked === undefined) {
    return names.length === 0 ? [] : [`${file} has variants (${names.join(', ')}): pick them with --vary variant=${names.join(',')} (or some of them)`];
  }
  if (names.length === 0) return [`--vary ${VARIANT_PATH}=${picked.values.join(',')}: ${file} has no \`variants\` to pick from`];
  return picked.values
    .filter((name) => !names.includes(name))
    .map((name) => `--vary ${VARIANT_PATH}=${name}: ${file} has no variant \`${name}\` (its variants: ${names.join(', ')})`);
}

/**
 * Every point loaded and validated before anything runs; the jobs then run what was validated
 * here. A problem with a `--vary` value is named by it (`--vary clients.web.timeout=abc: ...`);
 * any other problem a point has (and the base has not) says which point, after its file position.
 */
function loadPoints(file: string, sets: readonly string[], vary: readonly Vary[], points: readonly Point[]): { loaded: ScenarioWithVariants[]; problems: string[] } {
  const problems = new Set<string>();
  const loaded: ScenarioWithVariants[] = [];
  for (const point of points) {
    const { sets: own } = pointOverrides(vary, point);
    try {
      loaded[point.index] = readScenarioFileWithVariants(file, [...sets, ...own]);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      for (const line of e.lines) problems.add(varyLine(line, vary, point));
    }
  }
  return { loaded, problems: [...problems] };
}

function varyLine(line: string, vary: readonly Vary[], point: Point): string {
  for (const [j, v] of vary.entries()) {
    const prefix = `--set ${v.path}:`;
    const at = line.indexOf(prefix);
    if (at >= 0) return `${line.slice(0, at)}--vary ${v.path}=${point.values[j]}:${line.slice(at + prefix.length)}`;
  }
  return `${line} (at point ${point.index}: ${pointText(vary, point)})`;
}

/** `results/<name>-sweep/`, or `results/<name>-sweep-shard-<i>-of-<n>/` for a shard. */
function defaultOut(name: string, shard: Shard | null): string {
  return join('results', shard === null ? `${name}-sweep` : `${name}-sweep-shard-${shard.index}-of-${shard.count}`);
}

/**
 * Every file of a sweep's folder: the data files and the charts. Shared with `simulate merge`,
 * so a merge writes exactly what the whole sweep writes.
 */
export async function sweepOutputFiles(result: SweepResult, charts: boolean): Promise<Record<string, string | Uint8Array>> {
  const files: Record<string, string | Uint8Array> = sweepFiles(result);
  if (!charts) return files;
  // The charts' one call site: they are drawn from the result alone (by the same code after a merge).
  return { ...files, ...(await chartFiles(sweepCharts(sweepChartInput(result)), 'both')) };
}

/**
 * What a sweep or a merge says of its charts, from the files it writes: which it drew, or why
 * none fits the grid. Nothing when charts were not asked for (`--no-charts`, a shard).
 */
export function chartsLine(files: Record<string, unknown>, asked: boolean): string {
  if (!asked) return '';
  const drawn = Object.keys(files).filter((f) => f.endsWith('.png')).map((f) => f.slice(0, -'.png'.length));
  if (drawn.length > 0) return `charts: ${drawn.join(', ')} (.png, .svg, .vl.json)\n`;
  return 'charts: none fits this grid (goodput needs the offered load to vary; the metastability map, two numeric --vary paths)\n';
}

/** The sweep's charts (sweep-charts.ts): only their files are ever removed, never a user's own image. */
const SWEEP_CHART_IDS = ['goodput', 'metastability-map'];

/** Files an earlier sweep wrote into the folder (data files, charts), removed when this one does not write them. */
export function isSweepFile(name: string): boolean {
  const chart = /^([a-z-]+)\.(vl\.json|svg|png)$/.exec(name);
  return (Object.values(SWEEP_FILES) as string[]).includes(name) || (chart !== null && SWEEP_CHART_IDS.includes(chart[1]));
}

export async function sweepCommand(args: SweepArgs): Promise<number> {
  const vary = parseVaryArgs(args.vary);
  const shardParsed = args.shard === undefined ? null : parseShard(args.shard);
  if (typeof shardParsed === 'string') throw new InputError([`--shard: ${shardParsed}`]);
  const seedCount = wholeNumber('--seeds', args.seeds, 1) ?? 1;
  const threads = wholeNumber('--threads', args.threads, 1) ?? availableParallelism();
  const sets = args.set ?? [];

  const base = readScenarioFileWithVariants(args.file, sets);
  const points = gridPoints(vary);
  const { loaded, problems: pointProblems } = loadPoints(args.file, sets, vary, points);
  const problems = [...variantProblems(args.file, base, vary), ...pointProblems];
  if (problems.length > 0) throw new InputError(problems);

  const header: SweepHeader = {
    scenario: base.scenario.name,
    file: args.file,
    set: [...sets],
    vary,
    seeds: Array.from({ length: seedCount }, (_, k) => base.scenario.seed + k),
    clients: base.scenario.clients.map((c) => c.name),
    propagation: base.scenario.propagation != null,
    shard: shardParsed,
  };
  const mine = points.filter((p) => inShard(p.index, shardParsed));
  const limit = maxInFlight(args.maxInFlight);
  const jobs: Job[] = mine.flatMap((point) => {
    const { sets: own, variant } = pointOverrides(vary, point);
    const { scenario, variants } = loaded[point.index];
    // variantProblems has made sure the variant exists.
    const chosen = variant === undefined ? scenario : variants.find((v) => v.name === variant)!.scenario;
    return header.seeds.map((seed) => ({ scenario: { ...chosen, seed }, label: jobLabel(args.file, variant, seed, [...sets, ...own]), maxInFlight: limit }));
  });
  const labels = mine.map((p) => `point ${p.index} (${pointText(vary, p)})`);
  const progress = checkProgress(labels, mine.map(() => seedCount));
  const summaries = await runJobs(jobs, threads, (index) => progress.jobDone(labels[Math.floor(index / seedCount)]));
  progress.finish();

  const result = buildSweepResult(header, mine, summaries);
  const out = args.out ?? defaultOut(header.scenario, shardParsed);
  // A shard draws no charts: they would show a scattering of points; the merge draws them.
  const charts = args.charts !== false && shardParsed === null;
  const files = await sweepOutputFiles(result, charts);
  writeFilesWhole(out, files, isSweepFile);
  const shardText = shardParsed === null ? '' : ` (shard ${shardParsed.index}/${shardParsed.count} of ${points.length} points)`;
  process.stdout.write(`${mine.length} point${mine.length === 1 ? '' : 's'}${shardText} × ${seedCount} seed${seedCount === 1 ? '' : 's'} = ${jobs.length} run${jobs.length === 1 ? '' : 's'}; written to ${out}/\n${chartsLine(files, charts)}`);
  // A storm that outgrows the limit is a finding of the sweep (metastable, in_flight_limit), not a
  // failure of it: say how many, and exit 0.
  const stopped = summaries.filter((s) => s.stopped !== undefined).length;
  if (stopped > 0) process.stdout.write(`${stopped} run${stopped === 1 ? '' : 's'} stopped early at --max-in-flight (${limit.toLocaleString('en-US')} attempts in the system): judged metastable (in_flight_limit)\n`);
  return EXIT.ok;
}
