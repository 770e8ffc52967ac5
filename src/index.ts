/**
 * metastable-sim as a library (docs/api.md). The command line is `simulate`; this is the same
 * simulator for scripts: load a scenario, run it, read its numbers, write its results.
 */
export { loadScenario, writeResults, type Loaded, type LoadOptions, type RunToWrite, type ScenarioSource, type WriteOptions } from './api/library.ts';
export { runScenario, type RunOptions, type RunResult } from './run.ts';
export { formatProblem, type Problem } from './scenario/problem.ts';
export type { Scenario, Variant, Assertion } from './scenario/types.ts';
export type { Summary, ClientSummary, ServiceSummary, AssertionResult } from './metrics/summary.ts';
export type { MetastabilityVerdict, Outcome, Evidence } from './metrics/metastability.ts';
export type { SeriesRow } from './metrics/series.ts';
export type { ImageFormat } from './report/image-formats.ts';
