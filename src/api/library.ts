/**
 * The simulator as a library, for scripts and notebooks: a scenario file (or YAML text) becomes a
 * validated Scenario, a Scenario becomes its summary and time series, and results become the
 * files `simulate` writes. Like the CLI it reads and writes files; the pure core it calls does not.
 *
 *   loadScenario({ file }) ─▶ Scenario ─runScenario─▶ RunResult ─writeResults─▶ results folder
 *
 * Problems come back as data (file, line, column, message), never as exceptions: a caller
 * decides what a bad scenario means to it. writeResults throws when the folder cannot be written.
 */
import { readFileSync } from 'node:fs';
import type { RunResult } from '../run.ts';
import { isResultFile } from '../cli/run-command.ts';
import { writeFilesWhole } from '../cli/output.ts';
import { readReportScripts } from '../cli/report-scripts.ts';
import { resultFiles, type ResultRun } from '../report/result-files.ts';
import type { ImageFormat } from '../report/image-formats.ts';
import { loadScenario as loadScenarioText, parseOverride, type Override } from '../scenario/load.ts';
import type { Problem } from '../scenario/problem.ts';
import type { Scenario, Variant } from '../scenario/types.ts';

/** A scenario file, or its text (with the name problems should give it, and extends resolved from the working folder). */
export type ScenarioSource = { file: string } | { text: string; file?: string };

export interface LoadOptions {
  /** `--set path=value` overrides, as typed on the command line: `['clients.web.timeout=300ms']`. */
  set?: readonly string[];
}

/** The scenario and its variants (none when it has no `variants:`), or every problem found. */
export type Loaded = { ok: true; scenario: Scenario; variants: Variant[] } | { ok: false; problems: Problem[] };

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** A scenario file or YAML text, validated: the scenario, or every problem with its position. */
export function loadScenario(source: ScenarioSource, options: LoadOptions = {}): Loaded {
  const file = source.file ?? '<text>';
  const text = 'text' in source ? source.text : readText(source.file);
  if (text === null) return { ok: false, problems: [{ file, line: null, column: null, message: 'cannot read the scenario file' }] };
  const overrides: Override[] = [];
  const problems: Problem[] = [];
  for (const arg of options.set ?? []) {
    const parsed = parseOverride(arg);
    if (typeof parsed === 'string') problems.push({ file, line: null, column: null, message: `--set ${arg}: ${parsed}` });
    else overrides.push(parsed);
  }
  if (problems.length > 0) return { ok: false, problems };
  return loadScenarioText(text, file, overrides, readText);
}

/** One run to write: its scenario, its result, and (for several) the name of its folder. */
export interface RunToWrite {
  scenario: Scenario;
  result: RunResult;
  /** The run's folder and its name in comparisons; needed when there are several. Default: the scenario's name. */
  label?: string;
}

export interface WriteOptions {
  /** Draw the charts and report.html (they load vega: a second or two a chart). Default true. */
  charts?: boolean;
  /** Chart images: 'svg', 'png' or 'both' (default). */
  format?: ImageFormat;
  /** report.html's title; default the first scenario's name. */
  title?: string;
  /** Scenario files to show in report.html, as `{ file, text }`. Default none. */
  sources?: { file: string; text: string }[];
}

/**
 * Writes the files `simulate` writes for these runs into `dir`: summary.json and
 * timeseries.csv (in a folder per run, with comparison.csv, when there are several), and with
 * `charts` the charts and report.html. Every file is written whole, and result files an earlier
 * run left there that this one does not write are removed; nothing else in `dir` is touched.
 * Returns the names written, relative to `dir`.
 */
export async function writeResults(dir: string, runs: RunToWrite | readonly RunToWrite[], options: WriteOptions = {}): Promise<string[]> {
  const list = Array.isArray(runs) ? (runs as readonly RunToWrite[]) : [runs as RunToWrite];
  if (list.length === 0) throw new Error('writeResults: no runs to write');
  const resultRuns: ResultRun[] = list.map((r) => ({
    label: r.label ?? r.scenario.name, scenario: r.scenario, summary: r.result.summary, series: r.result.series, backlog: r.result.backlog,
  }));
  const files = await resultFiles({
    title: options.title ?? list[0].scenario.name,
    description: list[0].scenario.description,
    sources: options.sources ?? [],
    runs: resultRuns,
    charts: options.charts === false ? null : { format: options.format ?? 'both', scripts: readReportScripts() },
  });
  writeFilesWhole(dir, files, isResultFile);
  return Object.keys(files).sort();
}
