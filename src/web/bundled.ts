/**
 * Texts scripts/build-web.mjs puts into the bundles at build time (esbuild `define`), since a
 * page opened from file:// may read no file: the bundled scenarios, by their path under
 * scenarios/, and (page only) the engine worker's script and the vega builds report.html inlines.
 */
import type { ReportScripts } from '../report/html.ts';

declare const __SCENARIOS__: Record<string, string>;
declare const __WORKER_SOURCE__: string;
declare const __REPORT_SCRIPTS__: ReportScripts;

export const bundledScenarios = (): Record<string, string> => __SCENARIOS__;
export const workerSource = (): string => __WORKER_SOURCE__;
export const reportScripts = (): ReportScripts => __REPORT_SCRIPTS__;
