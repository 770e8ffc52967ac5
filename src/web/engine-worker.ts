/**
 * The engine in a Web Worker: YAML text ─load─▶ Scenario (+ variants) ─run─▶ results
 * ─serialize─▶ summary.json / timeseries.csv texts and chart specs, with the same functions the
 * CLI uses, so the page's files are the CLI's to the byte. `extends:` reads the scenarios
 * bundled at build time. Cancelling is the page's: it terminates this worker.
 */
import { runCharts } from '../report/charts/charts.ts';
import { summaryJson, timeseriesCsv } from '../report/files.ts';
import { reportInput, type ResultRun } from '../report/report-input.ts';
import { fileRuns, namedVariant, runScenario } from '../run.ts';
import { loadScenario } from '../scenario/load.ts';
import { bundledScenarios } from './bundled.ts';
import type { RunRequest, WorkerMessage } from './protocol.ts';

/**
 * A run stops once this many attempts are in the system, as the CLI's `--max-in-flight` does (its
 * default is up to 5,000,000, about 2 GB): a browser tab holds less, so the page stops sooner.
 * Only a storm that grows without end reaches it; the summary then says where it stopped.
 */
const MAX_IN_FLIGHT = 2_000_000;

const post = (message: WorkerMessage): void => (self as unknown as Worker).postMessage(message);

function readBundled(path: string): string | null {
  return bundledScenarios()[path] ?? null;
}

function run(request: RunRequest): void {
  const loaded = loadScenario(request.text, request.file, [], readBundled);
  if (!loaded.ok) return post({ type: 'invalid', problems: loaded.problems });
  const { scenario, variants } = loaded;
  const runs = fileRuns(scenario, variants, scenario.seed);
  const started = performance.now();
  const results: ResultRun[] = runs.map((r, i) => {
    const onProgress = (t: number): void => post({ type: 'progress', label: r.label, run: i, runs: runs.length, t, duration: r.scenario.duration });
    const result = namedVariant(runScenario(r.scenario, { onProgress, maxInFlight: MAX_IN_FLIGHT }), r.variant);
    return { label: r.label, scenario: r.scenario, summary: result.summary, series: result.series, backlog: result.backlog };
  });
  const elapsedRuns = performance.now() - started;
  const charts = runCharts(results);
  const { scripts: _none, ...report } = reportInput(
    { title: scenario.name, description: scenario.description, sources: [{ file: request.file, text: request.text }], runs: results },
    charts,
    { vega: '', vegaLite: '', vegaEmbed: '' },
  );
  post({
    type: 'done',
    files: results.map((r) => ({ label: r.label, summaryJson: summaryJson(r.summary), timeseriesCsv: timeseriesCsv(r.series) })),
    charts,
    report,
    elapsedRuns,
  });
}

self.onmessage = (event: MessageEvent<RunRequest>) => {
  try {
    run(event.data);
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
