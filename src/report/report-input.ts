/**
 * What report.html shows of some runs, apart from the vega scripts it inlines: shared by the CLI
 * (result-files.ts) and the browser playground's report download, so both build the same page.
 * Kept apart from result-files.ts, whose image renderers (resvg) a browser cannot load.
 */
import type { SeriesRow } from '../metrics/series.ts';
import type { Summary } from '../metrics/summary.ts';
import { assertionUnits } from '../scenario/assertion-units.ts';
import type { Scenario } from '../scenario/types.ts';
import type { Chart } from './charts/charts.ts';
import type { ReportInput, ReportScripts } from './html.ts';
import { verdictContextOf } from './verdict-text.ts';

/** One run of a results folder or a report. */
export interface ResultRun {
  label: string;
  scenario: Scenario;
  summary: Summary;
  series: readonly SeriesRow[];
  /** RunResult.backlog: the hysteresis chart marks each step down with its outcome from it. */
  backlog?: readonly number[];
}

export interface ReportSubject {
  title: string;
  description: string;
  sources: { file: string; text: string }[];
  runs: readonly ResultRun[];
}

export function reportInput(input: ReportSubject, charts: readonly Chart[], scripts: ReportScripts): ReportInput {
  return {
    title: input.title,
    description: input.description,
    sources: input.sources,
    runs: input.runs.map((run) => ({
      label: run.label,
      summary: run.summary,
      verdict: verdictContextOf(run.scenario),
      assertionUnits: assertionUnits(run.scenario),
      trigger: { duration: run.scenario.duration, faults: run.scenario.faults, propagation: run.scenario.propagation ?? null },
    })),
    charts: charts.map((c) => ({ id: c.id, title: c.title, caption: c.caption, spec: c.spec })),
    scripts,
  };
}
