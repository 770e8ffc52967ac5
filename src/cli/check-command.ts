/**
 * `simulate check <files, folders or globs>`: every scenario over N seeds, on worker threads;
 * assertions judged over the seeds; optional baseline comparison; a table, JUnit and markdown.
 * Every file is validated before anything runs. Seeds are the scenario's seed, then the next
 * N − 1 whole numbers. A file with `variants` is one scenario per variant, named
 * `<name>/<variant>` in the table, the reports and the baseline.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { compareToBaseline, scenarioBaseline, type BaselineFile } from '../check/baseline.ts';
import { assertionOutcomes } from '../check/outcomes.ts';
import { outcomeCounts } from '../check/verdicts.ts';
import { checkTable, junitXml, markdownSummary, totals, type ScenarioResult } from '../check/report.ts';
import { assertionUnits } from '../scenario/assertion-units.ts';
import type { Scenario } from '../scenario/types.ts';
import { checkProgress } from './check-progress.ts';
import { jobLabel, runJobs, type Job } from './check-jobs.ts';
import { maxInFlight, wholeNumber } from './arguments.ts';
import { DEFAULT_BASELINE_FILE, EXIT, InputError } from './exit-codes.ts';
import { findScenarioFiles } from './find-scenarios.ts';
import { writeFileWhole } from './output.ts';
import { readScenarioFileWithVariants, type ScenarioWithVariants } from './read-scenario.ts';

export interface CheckArgs {
  targets: string[];
  seeds?: string;
  threads?: string;
  junit?: string;
  markdown?: string;
  baseline?: string;
  updateBaseline?: boolean;
  /** As typed (arguments.ts, maxInFlight). */
  maxInFlight?: string;
}

export { DEFAULT_BASELINE_FILE } from './exit-codes.ts';


/** One scenario a check runs: a file, or one variant of a file with `variants`. */
interface Checked {
  file: string;
  variant?: string;
  /** In the table, the reports and the baseline: the scenario's name, `/<variant>` for a variant. */
  name: string;
  scenario: Scenario;
  /** For progress lines. */
  label: string;
}

function checkedScenarios(file: string, { scenario, variants }: ScenarioWithVariants): Checked[] {
  if (variants.length === 0) return [{ file, name: scenario.name, scenario, label: file }];
  return variants.map((v) => ({ file, variant: v.name, name: `${scenario.name}/${v.name}`, scenario: v.scenario, label: `${file} (${v.name})` }));
}

/** Validates every file first and reports all their problems together. */
function loadAll(files: readonly string[]): Checked[] {
  const problems: string[] = [];
  const checked = files.flatMap((file) => {
    try {
      return checkedScenarios(file, readScenarioFileWithVariants(file));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(...e.lines);
      return [];
    }
  });
  if (problems.length > 0) throw new InputError(problems);
  return checked;
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
  const checked = loadAll(findScenarioFiles(args.targets));
  const seedsFlag = wholeNumber('--seeds', args.seeds, 1);
  const threads = wholeNumber('--threads', args.threads, 1) ?? availableParallelism();
  const baselinePath = args.baseline ?? (args.updateBaseline ? DEFAULT_BASELINE_FILE : undefined);
  const baseline = baselinePath !== undefined && !args.updateBaseline ? readBaseline(baselinePath) : null;

  const seedsOf = checked.map((c) => seedsFlag ?? c.scenario.check.seeds);
  const limit = maxInFlight(args.maxInFlight);
  const jobs: Job[] = checked.flatMap((c, i) =>
    Array.from({ length: seedsOf[i] }, (_, k) => {
      const seed = c.scenario.seed + k;
      return { scenario: { ...c.scenario, seed }, label: jobLabel(c.file, c.variant, seed), maxInFlight: limit };
    }));
  const owner = checked.flatMap((_, i) => Array.from({ length: seedsOf[i] }, () => i));
  const progress = checkProgress(checked.map((c) => c.label), seedsOf);
  const summaries = await runJobs(jobs, threads, (index) => progress.jobDone(checked[owner[index]].label));
  progress.finish();

  const results: ScenarioResult[] = checked.map(({ file, name, scenario: s }, i) => {
    const mine = summaries.filter((_, j) => owner[j] === i);
    const current = scenarioBaseline(mine);
    const base = baseline?.scenarios[name];
    return {
      file,
      name,
      seeds: mine.length,
      outcomes: assertionOutcomes(s.assertions, mine, assertionUnits(s)),
      regressions: base ? compareToBaseline({ ...s, name }, base, current) : [],
      baseline: current,
      verdicts: outcomeCounts(mine),
    };
  });
  process.stdout.write(checkTable(results));
  if (baseline !== null) {
    const missing = checked.filter((c) => baseline.scenarios[c.name] === undefined).map((c) => c.name);
    if (missing.length > 0) process.stdout.write(`not in the baseline (not compared): ${missing.join(', ')}\n`);
  }
  if (args.updateBaseline && baselinePath !== undefined) {
    const file: BaselineFile = { version: 1, scenarios: Object.fromEntries(results.map((r) => [r.name, r.baseline])) };
    writeFileWhole(baselinePath, `${JSON.stringify(file, null, 2)}\n`);
    process.stdout.write(`baseline written to ${baselinePath}\n`);
  }
  if (args.junit !== undefined) writeFileWhole(args.junit, junitXml(results));
  if (args.markdown !== undefined) writeFileWhole(args.markdown, markdownSummary(results));
  if (totals(results).failed > 0) return EXIT.assertionFailed;
  const stopped = checked.filter((_, i) => summaries.some((s, j) => owner[j] === i && s.stopped !== undefined)).map((c) => c.name);
  if (stopped.length === 0) return EXIT.ok;
  process.stdout.write(`stopped early at --max-in-flight (${limit.toLocaleString('en-US')} attempts in the system): ${stopped.join(', ')}\n`);
  return EXIT.stoppedEarly;
}
