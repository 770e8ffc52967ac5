/**
 * The messages between the page and the engine's Web Worker. The worker does the pure work
 * (load, run, serialize, chart specs); the page draws and offers downloads.
 */
import type { Chart } from '../report/charts/charts.ts';
import type { ReportInput } from '../report/html.ts';
import type { Problem } from '../scenario/problem.ts';

export interface RunRequest {
  type: 'run';
  text: string;
  /** The name problems give the text, and where `extends:` paths start from (a path under scenarios/). */
  file: string;
}

/** One run's files, as the CLI writes them. */
export interface RunFiles {
  label: string;
  summaryJson: string;
  timeseriesCsv: string;
}

export type WorkerMessage =
  | { type: 'progress'; label: string; run: number; runs: number; t: number; duration: number }
  | { type: 'invalid'; problems: Problem[] }
  | { type: 'done'; files: RunFiles[]; charts: Chart[]; report: Omit<ReportInput, 'scripts'>; elapsedRuns: number }
  | { type: 'error'; message: string };
