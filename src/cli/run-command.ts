/** `simulate <file>`: load, validate, run, write results, print the summary, set the exit code. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summaryJson, timeseriesCsv } from '../report/files.ts';
import { summaryTable } from '../report/table.ts';
import { runScenario } from '../run.ts';
import { formatProblem, loadScenario, parseOverride, type Override } from '../scenario/load.ts';
import { metricPaths } from '../scenario/metric-paths.ts';
import type { Scenario } from '../scenario/types.ts';
import { EXIT, InputError } from './exit-codes.ts';
import { progressReporter, writeFilesWhole } from './output.ts';

export interface RunArgs {
  file: string;
  seed?: number;
  out?: string;
  set?: string[];
  quiet?: boolean;
}

export function readScenarioFile(file: string, sets: readonly string[] = []): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError([`${file}: cannot read the scenario file (${(e as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  const overrides: Override[] = [];
  const bad: string[] = [];
  for (const arg of sets) {
    const parsed = parseOverride(arg);
    if (typeof parsed === 'string') bad.push(`--set ${arg}: ${parsed}`);
    else overrides.push(parsed);
  }
  if (bad.length > 0) throw new InputError(bad);
  const loaded = loadScenario(text, file, overrides);
  if (!loaded.ok) throw new InputError(loaded.problems.map(formatProblem));
  return loaded.scenario;
}

export function runCommand(args: RunArgs): number {
  const scenario = readScenarioFile(args.file, args.set ?? []);
  if (args.seed !== undefined) {
    if (!Number.isInteger(args.seed) || args.seed < 0) throw new InputError([`--seed: expected a whole number >= 0, got ${args.seed}`]);
    scenario.seed = args.seed;
  }
  const progress = progressReporter(scenario.duration);
  const result = runScenario(scenario, { onProgress: progress.update });
  progress.done();
  const dir = args.out ?? join('results', scenario.name);
  writeFilesWhole(dir, {
    'summary.json': summaryJson(result.summary),
    'timeseries.csv': timeseriesCsv(result.series),
  });
  if (!args.quiet) {
    const units = metricPaths(scenario.clients.map((c) => c.name), scenario.services.map((v) => v.name));
    process.stdout.write(
      summaryTable(result.summary, {
        drainedFor: Math.max(0, result.endTime - scenario.duration),
        hadFaults: scenario.faults.length > 0,
        assertionUnits: scenario.assertions.map((a) => units.get(a.path) ?? 'count'),
      }),
    );
    process.stdout.write(`\nresults: ${dir}/ (summary.json, timeseries.csv)\n`);
  }
  return result.summary.assertions.every((a) => a.pass) ? EXIT.ok : EXIT.assertionFailed;
}
