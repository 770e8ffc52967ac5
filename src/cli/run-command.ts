/**
 * `simulate <file>`: load, validate, run (every variant, when the file has `variants`), write
 * the results folder whole, print the summary, set the exit code.
 */
import { stoppedSentence, verdictContextOf } from '../report/verdict-text.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NoProgressError } from '../engine/simulation.ts';
import { CHART_IDS } from '../report/charts/charts.ts';
import { comparisonTable } from '../report/comparison.ts';
import { resultFiles, type ImageFormat, type ResultRun } from '../report/result-files.ts';
import { formatMetric, summaryTable } from '../report/table.ts';
import { fileRuns, namedVariant, runScenario } from '../run.ts';
import { assertionUnits } from '../scenario/assertion-units.ts';
import type { Scenario, Variant } from '../scenario/types.ts';
import { maxInFlight, wholeNumber } from './arguments.ts';
import { EXIT, InputError, NO_PROGRESS_ADVICE } from './exit-codes.ts';
import { progressReporter, statusLine, writeFilesWhole } from './output.ts';
import { readScenarioFileWithVariants } from './read-scenario.ts';
import { readReportScripts } from './report-scripts.ts';

export { readScenarioFile } from './read-scenario.ts';

export interface OutputArgs {
  /** As typed: a whole number >= 0. */
  seed?: string;
  out?: string;
  quiet?: boolean;
  /** False: no charts and no report.html (`--no-charts`). */
  charts?: boolean;
  format?: ImageFormat;
  /** As typed: a whole number >= 1 (arguments.ts, maxInFlight). */
  maxInFlight?: string;
}

export interface RunArgs extends OutputArgs {
  file: string;
  set?: string[];
}

/** A scenario to run, with the name it goes by in a comparison. */
export interface LabelledScenario {
  label: string;
  /** Set for a run of one of a file's variants: its summary.json says which. */
  variant?: string;
  file: string;
  scenario: Scenario;
}

export function parseSeed(text: string | undefined): number | undefined {
  return wholeNumber('--seed', text, 0);
}

export async function runCommand(args: RunArgs): Promise<number> {
  const { scenario, variants } = readScenarioFileWithVariants(args.file, args.set ?? []);
  const runs = scenarioRuns(args.file, scenario, variants, parseSeed(args.seed) ?? scenario.seed);
  return runAndReport(runs, {
    ...args,
    dir: args.out ?? join('results', scenario.name),
    title: scenario.name,
    description: scenario.description,
    sources: [args.file],
  });
}

/** The runs of a file: each variant on the base's seed (the same random draws), or the scenario itself. */
export function scenarioRuns(file: string, scenario: Scenario, variants: readonly Variant[], seed: number): LabelledScenario[] {
  return fileRuns(scenario, variants, seed).map((run) => ({ ...run, file }));
}

export interface ReportOptions extends OutputArgs {
  dir: string;
  title: string;
  description: string;
  /** Scenario files shown in report.html. */
  sources: string[];
}

/** Runs each scenario, writes the results folder (one run, or a comparison), prints, and gives the exit code. */
export async function runAndReport(scenarios: readonly LabelledScenario[], options: ReportOptions): Promise<number> {
  const limit = maxInFlight(options.maxInFlight);
  const results = scenarios.map((s) => runOne(s, scenarios.length > 1, limit));
  const runs: ResultRun[] = results.map(({ labelled, result }) => ({
    label: labelled.label, scenario: labelled.scenario, summary: result.summary, series: result.series, backlog: result.backlog,
  }));
  const status = statusLine();
  const files = await resultFiles({
    title: options.title,
    description: options.description,
    sources: options.sources.map((file) => ({ file, text: readFileSync(file, 'utf8') })),
    runs,
    charts: options.charts === false ? null : { format: options.format ?? 'both', scripts: readReportScripts() },
    onChart: (chart, i, total) => status.show(`drawing charts: ${chart.id} (${i + 1} of ${total})`),
  }).finally(() => status.clear());
  try {
    writeFilesWhole(options.dir, files, isResultFile);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError([`${options.dir}: cannot write the results there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
  printResults(results, options, Object.keys(files));
  if (results.some(({ result }) => result.summary.assertions.some((a) => !a.pass))) return EXIT.assertionFailed;
  return results.some(({ result }) => result.stopped !== null) ? EXIT.stoppedEarly : EXIT.ok;
}

function runOne(labelled: LabelledScenario, named: boolean, limit: number): { labelled: LabelledScenario; result: ReturnType<typeof runScenario> } {
  const { scenario, file, label } = labelled;
  const progress = progressReporter(scenario.duration, named ? label : undefined);
  try {
    const result = runScenario(scenario, { onProgress: progress.update, maxInFlight: limit });
    return { labelled, result: namedVariant(result, labelled.variant) };
  } catch (e) {
    if (e instanceof NoProgressError) throw new InputError([`${file}${named ? ` (${label})` : ''}: ${e.message}. ${NO_PROGRESS_ADVICE}`]);
    throw e;
  } finally {
    progress.done();
  }
}

function printResults(results: ReturnType<typeof runOne>[], options: ReportOptions, written: string[]): void {
  const failedLines = results.flatMap(({ labelled, result }) =>
    result.summary.assertions.flatMap((a, i) => (a.pass ? [] : [{ labelled, a, unit: assertionUnits(labelled.scenario)[i] }])));
  if (options.quiet) {
    for (const { labelled, a, unit } of failedLines) {
      const where = results.length > 1 ? `[${labelled.label}] ` : '';
      process.stderr.write(`FAIL  ${where}${a.expr}  (observed ${formatMetric(a.value, unit)})\n`);
    }
    // Exit 4 alone would not say which run stopped, or where.
    for (const { labelled, result } of results) {
      const where = results.length > 1 ? `[${labelled.label}] ` : '';
      if (result.summary.stopped !== undefined) process.stderr.write(`${where}${stoppedSentence(result.summary.stopped)}\n`);
    }
    return;
  }
  if (results.length === 1) {
    const { labelled: { scenario }, result } = results[0];
    process.stdout.write(summaryTable(result.summary, {
      drainedFor: Math.max(0, result.endTime - scenario.duration),
      verdict: verdictContextOf(scenario),
      assertionUnits: assertionUnits(scenario),
      propagationStrategy: scenario.propagation?.strategy.kind,
    }));
  } else {
    process.stdout.write(`${options.title}: ${results.length} runs, seed ${results.map((r) => r.labelled.scenario.seed).filter((s, i, all) => all.indexOf(s) === i).join(', ')}\n\n`);
    process.stdout.write(comparisonTable(results.map(({ labelled, result }) => ({ label: labelled.label, summary: result.summary }))));
    for (const { labelled, a, unit } of failedLines) process.stdout.write(`FAIL  [${labelled.label}] ${a.expr}  (observed ${formatMetric(a.value, unit)})\n`);
    for (const { labelled, result } of results) {
      if (result.summary.stopped !== undefined) process.stdout.write(`[${labelled.label}] ${stoppedSentence(result.summary.stopped)}\n`);
    }
  }
  process.stdout.write(`\nresults: ${options.dir}/ (${describeFiles(written)})\n`);
}

/** `summary.json, timeseries.csv, 4 charts (.svg, .png, .vl.json), report.html`. */
function describeFiles(names: string[]): string {
  const charts = names.filter((n) => n.endsWith('.vl.json'));
  const images = ['.svg', '.png'].filter((ext) => names.some((n) => n.endsWith(ext) && !n.includes('/')));
  const data = names.filter((n) => !n.endsWith('.vl.json') && !n.endsWith('.svg') && !n.endsWith('.png') && n !== 'report.html');
  const runs = data.filter((n) => n.includes('/')).map((n) => n.split('/')[0]).filter((d, i, all) => all.indexOf(d) === i);
  const parts = runs.length > 0 ? [`${runs.map((r) => `${r}/`).join(', ')}`, ...data.filter((n) => !n.includes('/'))] : data;
  if (charts.length > 0) parts.push(`${charts.length} chart${charts.length === 1 ? "" : "s"} (${[...images, '.vl.json'].join(', ')})`);
  if (names.includes('report.html')) parts.push('report.html');
  return parts.join(', ');
}

/**
 * A file an earlier run of this command wrote (a data file, a chart, the report, or a run's
 * files in its own folder), which goes when this run does not write it again. Nothing else in
 * the folder is touched.
 */
export function isResultFile(name: string): boolean {
  const base = name.includes('/') ? name.slice(name.indexOf('/') + 1) : name;
  if (name.includes('/')) return base === 'summary.json' || base === 'timeseries.csv';
  const chart = /^([a-z]+)\.(vl\.json|svg|png)$/.exec(base);
  return ['summary.json', 'timeseries.csv', 'comparison.csv', 'report.html'].includes(base) || (chart !== null && CHART_IDS.includes(chart[1]));
}
