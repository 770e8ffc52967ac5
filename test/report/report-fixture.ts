/**
 * A tiny real run for the report tests: a scenario file loaded as the CLI loads it, run through
 * runScenario (well under a second), and vega-lite specs drawn from its time series the way a
 * chart would be (a line chart with tooltips, a layered chart, a bar chart).
 */
import { runScenario, type RunResult } from '../../src/run.ts';
import { assertionUnits } from '../../src/scenario/assertion-units.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import type { ReportChart, ReportRun } from '../../src/report/html.ts';
import { verdictContextOf } from '../../src/report/verdict-text.ts';

export const TINY_FILE = 'scenarios/tiny-report.yaml';

export const TINY_YAML = `name: tiny-report
description: >
  Two workers at 40% load, slowed down for 5 s; "quotes" & <angle brackets> survive.
duration: 40s
warmup: 5s
window: 1s
services:
  api: { workers: 2, service_time: { dist: exponential, mean: 20ms } }
clients:
  web:
    target: api
    arrival: { kind: open, rate: 40/s }
    timeout: 100ms
    retry: { max_attempts: 3 }
faults:
  - { kind: slowdown, service: api, factor: 3, at: 15s, for: 5s }
metastability: { hold: 5s }
assert:
  - "clients.web.goodput_ratio >= 0.5"
  - "clients.web.latency.p99 < 1ms"
  - "services.api.utilization > 50%"
`;

export interface TinyRun {
  scenario: Scenario;
  result: RunResult;
  run: ReportRun;
}

export function tinyRun(overrides: { seed?: number; label?: string } = {}): TinyRun {
  const loaded = loadScenario(TINY_YAML, TINY_FILE);
  if (!loaded.ok) throw new Error(`tiny scenario does not load: ${JSON.stringify(loaded.problems)}`);
  const scenario = loaded.scenario;
  if (overrides.seed !== undefined) scenario.seed = overrides.seed;
  const result = runScenario(scenario);
  const run: ReportRun = {
    label: overrides.label ?? `seed ${scenario.seed}`,
    summary: result.summary,
    verdict: verdictContextOf(scenario),
    assertionUnits: assertionUnits(scenario),
  };
  return { scenario, result, run };
}

/** Client rows of the series, with the fields the charts use. */
function clientRows(result: RunResult): Record<string, unknown>[] {
  return result.series
    .filter((r) => r.entity.startsWith('clients.'))
    .map((r) => ({ t_s: r.t_s, entity: r.entity, attempts_per_s: r.attempts_per_s, succeeded_per_s: r.succeeded_per_s, latency_p99_s: r.latency_p99_s }));
}

export function sampleCharts(result: RunResult): ReportChart[] {
  const values = clientRows(result);
  const services = Object.entries(result.summary.services).map(([name, s]) => ({ service: name, utilization: s.utilization }));
  return [
    {
      id: 'goodput',
      title: 'Goodput per second',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width: 600,
        height: 200,
        data: { values },
        mark: { type: 'line', tooltip: true },
        encoding: {
          x: { field: 't_s', type: 'quantitative', title: 'time (s)' },
          y: { field: 'succeeded_per_s', type: 'quantitative', title: 'succeeded / s' },
          color: { field: 'entity', type: 'nominal' },
        },
      },
    },
    {
      id: 'load-vs-goodput',
      title: 'Attempts and goodput (layered)',
      spec: {
        width: 600,
        height: 200,
        data: { values },
        layer: [
          { mark: { type: 'area', opacity: 0.4, tooltip: true }, encoding: { x: { field: 't_s', type: 'quantitative' }, y: { field: 'attempts_per_s', type: 'quantitative' } } },
          {
            mark: { type: 'line', color: 'black' },
            encoding: {
              x: { field: 't_s', type: 'quantitative' },
              y: { field: 'succeeded_per_s', type: 'quantitative' },
              tooltip: [{ field: 't_s' }, { field: 'succeeded_per_s' }],
            },
          },
        ],
      },
    },
    {
      id: 'utilization',
      title: 'Service utilization </script><b>not bold</b>',
      spec: {
        data: { values: services },
        mark: { type: 'bar', tooltip: true },
        encoding: { x: { field: 'service', type: 'nominal' }, y: { field: 'utilization', type: 'quantitative', axis: { format: '%' } } },
      },
    },
  ];
}
