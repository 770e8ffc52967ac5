/**
 * `simulate check <files, folders or globs>`: every scenario over N seeds, on worker threads;
 * assertions judged over the seeds; optional baseline comparison; a table, JUnit and markdown.
 * Every file is validated before anything runs. Seeds are the scenario's seed, then the next
 * N − 1 whole numbers.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { compareToBaseline, scenarioBaseline, type BaselineFile } from '../check/baseline.ts';
import { assertionOutcomes } from '../check/outcomes.ts';
import { checkTable, junitXml, markdownSummary, totals, type ScenarioResult } from '../check/report.ts';
import { assertionUnits } from '../scenario/assertion-units.ts';
import type { Scenario } from '../scenario/types.ts';
import { checkProgress } from './check-progress.ts';
import { runJobs, type Job } from './check-jobs.ts';
import { EXIT, InputError } from './exit-codes.ts';
import { findScenarioFiles } from './find-scenarios.ts';
import { writeFileWhole } from './output.ts';
import { readScenarioFile } from './run-command.ts';

export interface CheckArgs {
  targets: string[];
  seeds?: string;
  threads?: string;
  junit?: string;
  markdown?: string;
  baseline?: string;
  updateBaseline?: boolean;
}

export const DEFAULT_BASELINE_FILE = 'simulate-baseline.json';

function wholeNumber(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new InputError([`${flag}: expected a whole number >= ${min}, got \`${text}\``]);
  return Number(text);
}

/** Validates every file first and reports all their problems together. */
function loadAll(files: readonly string[]): Scenario[] {
  const problems: string[] = [];
  const scenarios = files.map((file) => {
    try {
      return readScenarioFile(file);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(...e.lines);
      return null;
    }
  });
  if (problems.length > 0) throw new InputError(problems);
  return scenarios as Scenario[];
}

function readBaseline(path: string): BaselineFile {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as BaselineFile;
    if (parsed.version !== 1 || typeof parsed.scenarios !== 'object') throw new Error('not a baseline file of version 1');
    return parsed;
  } catch (e) {
    throw new InputError([`${path}: cannot read the baseline (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
}

export async function checkCommand(args: CheckArgs): Promise<number> {
  const files = findScenarioFiles(args.targets);
  const scenarios = loadAll(files);
  const seedsFlag = wholeNumber('--seeds', args.seeds, 1);
  const threads = wholeNumber('--threads', args.threads, 1) ?? availableParallelism();
  const baselinePath = args.baseline ?? (args.updateBaseline ? DEFAULT_BASELINE_FILE : undefined);
  const baseline = baselinePath !== undefined && !args.updateBaseline ? readBaseline(baselinePath) : null;

  const seedsOf = scenarios.map((s) => seedsFlag ?? s.check.seeds);
  const jobs: Job[] = scenarios.flatMap((s, i) => Array.from({ length: seedsOf[i] }, (_, k) => ({ file: files[i], seed: s.seed + k })));
  const owner = scenarios.flatMap((_, i) => Array.from({ length: seedsOf[i] }, () => i));
  const progress = checkProgress(files, seedsOf);
  const summaries = await runJobs(jobs, threads, (index) => progress.jobDone(files[owner[index]]));
  progress.finish();

  const results: ScenarioResult[] = scenarios.map((s, i) => {
    const mine = summaries.filter((_, j) => owner[j] === i);
    const current = scenarioBaseline(mine);
    const base = baseline?.scenarios[s.name];
    return {
      file: files[i],
      name: s.name,
      seeds: mine.length,
      outcomes: assertionOutcomes(s.assertions, mine, assertionUnits(s)),
      regressions: base ? compareToBaseline(s, base, current) : [],
      baseline: current,
    };
  });
  process.stdout.write(checkTable(results));
  if (baseline !== null) {
    const missing = scenarios.filter((s) => baseline.scenarios[s.name] === undefined).map((s) => s.name);
    if (missing.length > 0) process.stdout.write(`not in the baseline (not compared): ${missing.join(', ')}\n`);
  }
  if (args.updateBaseline && baselinePath !== undefined) {
    const file: BaselineFile = { version: 1, scenarios: Object.fromEntries(results.map((r) => [r.name, r.baseline])) };
    writeFileWhole(baselinePath, `${JSON.stringify(file, null, 2)}\n`);
    process.stdout.write(`baseline written to ${baselinePath}\n`);
  }
  if (args.junit !== undefined) writeFileWhole(args.junit, junitXml(results));
  if (args.markdown !== undefined) writeFileWhole(args.markdown, markdownSummary(results));
  return totals(results).failed === 0 ? EXIT.ok : EXIT.assertionFailed;
}
