/** `simulate <file>`: load, validate, run, write results, print the summary, set the exit code. */
import { join } from 'node:path';
import { summaryJson, timeseriesCsv } from '../report/files.ts';
import { summaryTable } from '../report/table.ts';
import { NoProgressError } from '../engine/simulation.ts';
import { runScenario, type RunResult } from '../run.ts';
import { assertionUnits } from '../scenario/assertion-units.ts';
import { EXIT, InputError } from './exit-codes.ts';
import { progressReporter, writeFilesWhole } from './output.ts';
import { readScenarioFile } from './read-scenario.ts';

export { readScenarioFile } from './read-scenario.ts';

export interface RunArgs {
  file: string;
  /** As typed: a whole number >= 0. */
  seed?: string;
  out?: string;
  set?: string[];
  quiet?: boolean;
}

export function runCommand(args: RunArgs): number {
  const scenario = readScenarioFile(args.file, args.set ?? []);
  if (args.seed !== undefined) {
    if (!/^\d+$/.test(args.seed) || !Number.isSafeInteger(Number(args.seed))) {
      throw new InputError([`--seed: expected a whole number >= 0, got \`${args.seed}\``]);
    }
    scenario.seed = Number(args.seed);
  }
  const progress = progressReporter(scenario.duration);
  let result: RunResult;
  try {
    result = runScenario(scenario, { onProgress: progress.update });
  } catch (e) {
    if (e instanceof NoProgressError) throw new InputError([`${args.file}: ${e.message}. ${NO_PROGRESS_ADVICE}`]);
    throw e;
  } finally {
    progress.done();
  }
  const dir = args.out ?? join('results', scenario.name);
  writeResults(dir, result);
  const failed = result.summary.assertions.filter((a) => !a.pass);
  if (args.quiet) {
    for (const a of failed) process.stderr.write(`FAIL  ${a.expr}  (observed ${a.value === null ? 'no value' : String(a.value)})\n`);
  } else {
    process.stdout.write(
      summaryTable(result.summary, {
        drainedFor: Math.max(0, result.endTime - scenario.duration),
        hadFaults: scenario.faults.some((f) => f.at < scenario.duration),
        assertionUnits: assertionUnits(scenario),
      }),
    );
    process.stdout.write(`\nresults: ${dir}/ (summary.json, timeseries.csv)\n`);
  }
  return failed.length === 0 ? EXIT.ok : EXIT.assertionFailed;
}

const NO_PROGRESS_ADVICE =
  'A closed client whose users have no think time, and whose requests end at the instant they start ' +
  '(a full queue, an outage, a zero service time), sends forever without time passing: give `think` a duration above zero.';

function writeResults(dir: string, result: RunResult): void {
  try {
    writeFilesWhole(dir, {
      'summary.json': summaryJson(result.summary),
      'timeseries.csv': timeseriesCsv(result.series),
    });
  } catch (e) {
    throw new InputError([`${dir}: cannot write the results there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
}
