/**
 * The charts: every spec is valid vega-lite, renders headlessly to an SVG holding the marks and
 * series it should, and to a PNG of the expected size; compared runs share series colours.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CHART_IDS, runCharts, type Chart } from '../../src/report/charts/charts.ts';
import { MAX_POINTS, type ChartRun } from '../../src/report/charts/chart-data.ts';
import { renderPng, renderSvg } from '../../src/report/render.ts';
import { specJson } from '../../src/report/result-files.ts';
import { runScenario } from '../../src/run.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { loadScenario as loadScenarioFile } from '../../src/api/library.ts';
import { NO_RETRY } from '../../src/strategies/config.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';
import { count, pngSize, texts, validate } from '../support/svg.ts';

/** A small storm: one client retrying against a service slowed for 5 s, with a downstream db. */
function stormRun(label: string, maxAttempts: number, duration = 40, window = 1): ChartRun {
  const s = scenario({
    services: [service('api', 4, { dist: 'exponential', mean: 0.01 }), service('db', 2, { dist: 'constant', value: 0.001 })],
    clients: [openClient('web', 'api', 300, { timeout: 0.05, retry: { ...NO_RETRY, maxAttempts } })],
    duration,
    window,
    faults: [{ kind: 'slowdown', service: 'api', factor: 3, at: 10, for: 5 }],
  });
  return { label, scenario: s, series: runScenario(s).series };
}

describe('charts of one run', () => {
  let charts: Chart[];
  const svgs = new Map<string, string>();
  beforeAll(async () => {
    charts = runCharts([stormRun('storm', 3)]);
    for (const c of charts) svgs.set(c.id, await renderSvg(c.spec, (w) => warnings.push(`${c.id}: ${w}`)));
  });
  const warnings: string[] = [];

  it('draw without a warning from vega-lite or vega', () => {
    expect(warnings).toEqual([]);
  });

  it('are load, latency, failures and services, each a valid vega-lite spec', () => {
    expect(charts.map((c) => c.id)).toEqual(['load', 'latency', 'failures', 'services']);
    for (const c of charts) expect(validate(c.spec), `${c.id}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
  });

  it('the schema check can fail: a misspelt mark is caught', () => {
    const broken = JSON.parse(JSON.stringify(charts[0].spec)) as { vconcat: { layer: { mark: unknown }[] }[] };
    broken.vconcat[0].layer[0].mark = { type: 'rectangle' };
    expect(validate(broken)).toBe(false);
  });

  it('the load chart draws offered, attempts and goodput with the fault shaded and labelled', () => {
    const svg = svgs.get('load')!;
    expect(count(svg, /aria-roledescription="line mark"/g)).toBe(3);
    expect(count(svg, /aria-roledescription="rect mark"/g)).toBe(1);
    expect(texts(svg)).toEqual(expect.arrayContaining(['offered requests/s', 'attempts/s', 'goodput (succeeded/s)', 'api ×3 slower', 'simulated time (s)', 'per second', 'clients.web']));
  });

  it('the latency chart has p50, p99 and p99.9 on a log axis and the timeout as a rule', () => {
    const svg = svgs.get('latency')!;
    expect(count(svg, /aria-roledescription="line mark"/g)).toBe(3);
    expect(count(svg, /aria-roledescription="rule mark"/g)).toBe(1);
    expect(texts(svg)).toEqual(expect.arrayContaining(['p50', 'p99', 'p99.9', 'timeout 50.0 ms', 'latency (s, log)']));
    const spec = JSON.stringify(charts[1].spec);
    expect(spec).toContain('"scale":{"type":"log"}');
  });

  it('the failures chart stacks only the reasons that occur', () => {
    const svg = svgs.get('failures')!;
    expect(count(svg, /aria-roledescription="area mark"/g)).toBeGreaterThanOrEqual(1);
    expect(texts(svg)).toContain('timeout');
    expect(texts(svg)).not.toContain('circuit_open');
  });

  it('the services chart has a queue and a utilization panel with a line per service', () => {
    const svg = svgs.get('services')!;
    expect(count(svg, /aria-roledescription="line mark"/g)).toBe(4);
    expect(texts(svg)).toEqual(expect.arrayContaining(['queue length', 'utilization', 'api', 'db', '100%']));
  });

  it('each PNG decodes to the SVG at twice its size, and no chart is wider than 900 px', async () => {
    for (const [id, svg] of svgs) {
      const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
      expect(pngSize(await renderPng(svg)), id).toEqual({ width: 2 * width, height: 2 * height });
      expect(width, id).toBeLessThanOrEqual(900);
    }
  });

  it('specs and SVGs are the same bytes every time', async () => {
    const again = runCharts([stormRun('storm', 3)]);
    expect(again.map((c) => specJson(c.spec))).toEqual(charts.map((c) => specJson(c.spec)));
    expect(await renderSvg(again[0].spec)).toBe(svgs.get('load'));
  });
});

describe('charts of compared runs', () => {
  const runs = [stormRun('naive', 3), stormRun('no-retry', 1)];
  const charts = runCharts(runs);

  it('give each run one colour and dash, in every chart', () => {
    for (const c of charts) expect(validate(c.spec), c.id).toBe(true);
    const load = JSON.stringify(charts[0].spec);
    expect(load).toContain('"domain":["naive","no-retry"]');
    expect(JSON.stringify(charts[1].spec)).toContain('"domain":["naive","no-retry"]');
  });

  it('draw without a warning from vega-lite or vega', async () => {
    const warnings: string[] = [];
    for (const c of charts) await renderSvg(c.spec, (w) => warnings.push(`${c.id}: ${w}`));
    expect(warnings).toEqual([]);
  });

  it('draw each measure in its own panel with a line per run, on one y scale for load', async () => {
    const svg = await renderSvg(charts[0].spec);
    expect(count(svg, /aria-roledescription="line mark"/g)).toBe(6);
    expect(texts(svg)).toEqual(expect.arrayContaining(['naive', 'no-retry', 'clients.web: attempts/s']));
    expect((charts[0].spec.resolve as { scale: Record<string, string> }).scale.y).toBe('shared');
  });

  it('draw a failures panel per run', async () => {
    const svg = await renderSvg(charts[2].spec);
    expect(texts(svg)).toEqual(expect.arrayContaining(['clients.web: naive', 'clients.web: no-retry']));
  });
});

describe('long runs', () => {
  it('are grouped to at most MAX_POINTS points per series, latency by its maximum', () => {
    const run = stormRun('long', 1, 500, 0.2);
    const [load, latency] = runCharts([run]);
    const points = (chart: Chart) => JSON.parse(specJson(chart.spec).replace(/\n/g, '')) as { vconcat: { layer: { data?: { values: { series: string; value: number | null }[] } }[] }[] };
    const lines = points(load).vconcat[0].layer.map((l) => l.data?.values ?? []).find((v) => v.some((p) => p.series === 'attempts/s'))!;
    expect(lines.filter((p) => p.series === 'attempts/s').length).toBeLessThanOrEqual(MAX_POINTS);
    expect(JSON.stringify(load.spec)).toContain('each point: 3 windows');
    const p99 = points(latency).vconcat[0].layer.map((l) => l.data?.values ?? []).find((v) => v.some((p) => p.series === 'p99'))!;
    const highest = Math.max(...p99.filter((p) => p.series === 'p99').map((p) => p.value ?? 0));
    const rows = run.series.filter((r) => r.entity === 'clients.web').map((r) => r.latency_p99_s ?? 0);
    expect(highest).toBeCloseTo(Math.max(...rows), 5);
  });
});

describe('the propagation chart', () => {
  const yaml = (strategy: string) => `
name: tiny-propagation
duration: 30s
propagation:
  entries: 100
  nodes: 10
  strategy: ${strategy}
  sender: { workers: 1, per_entry: 100us, per_message: 1ms }
  receiver: { per_entry: 10us }
  changes:
    - { kind: steady, rate: 1/s }
    - { kind: mass, at: 10s, count: 50 }
  faults:
    - { kind: drop_updates, fraction: 50%, at: 20s, for: 2s }
`;
  const run = (label: string, strategy: string): ChartRun => {
    const loaded = loadScenario(yaml(strategy), `${label}.yaml`);
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    return { label, scenario: loaded.scenario, series: runScenario(loaded.scenario).series };
  };
  const runs = [run('constant', '{ kind: constant_work, period: 1s }'), run('workflow', '{ kind: workflow, timeout: 200ms, retry: { max_attempts: 2 } }')];
  const charts = runCharts(runs);

  it('is the only chart of a scenario with no clients or services, and a valid spec', () => {
    expect(charts.map((c) => c.id)).toEqual(['propagation']);
    expect(validate(charts[0].spec), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('draws work (log axis), staleness, stale pairs and backlog with a line per strategy, the mass change and the loss marked', async () => {
    const warnings: string[] = [];
    const svg = await renderSvg(charts[0].spec, (w) => warnings.push(w));
    expect(warnings).toEqual([]);
    expect(count(svg, /aria-roledescription="line mark"/g)).toBe(8);
    expect(texts(svg)).toEqual(expect.arrayContaining([
      'sender work', 'entry-slots/s (log)', 'age (s)', 'pairs', 'messages', 'constant', 'workflow', '50 changes at once', '50% of messages lost',
    ]));
    expect(texts(svg).some((t) => t.includes('a push of the whole table every 1.00 s'))).toBe(true);
  });
});

describe('the cache chart of a run that drains long after arrivals stop', () => {
  // A flushed cache in front of a database that cannot serve the misses: its queue of abandoned
  // fetches drains for about 3x the run after arrivals stop, with no lookup in it.
  const yaml = `
name: drain
duration: 10s
window: 1s
services:
  db:
    workers: 1
    service_time: { dist: constant, value: 20ms }
    cache:
      keys: { popularity: uniform, count: 1000 }
      capacity: 1000
clients:
  app: { target: db, timeout: 50ms, arrival: { kind: open, rate: 200/s } }
`;
  const loaded = loadScenario(yaml, 'drain.yaml');
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\\n'));
  const run: ChartRun = { label: 'drain', scenario: loaded.scenario, series: runScenario(loaded.scenario).series };
  const domainEnds = (spec: unknown): number[] =>
    [...JSON.stringify(spec).matchAll(/"domain":\[0,([0-9.]+)\],"nice":false/g)].map((m) => Number(m[1]));

  it('ends with the last lookup, while the services chart shows the whole drain', () => {
    const charts = runCharts([run]);
    const lastRow = Math.max(...run.series.map((r) => r.t_s ?? 0));
    expect(lastRow).toBeGreaterThan(25);
    const cache = charts.find((c) => c.id === 'cache');
    expect(cache).toBeDefined();
    expect(new Set(domainEnds(cache?.spec))).toEqual(new Set([10]));
    expect(Math.max(...domainEnds(charts.find((c) => c.id === 'services')?.spec))).toBeGreaterThan(25);
  });
});

describe('chart ids', () => {
  // A results folder's old charts go when a run does not draw them again (isResultFile reads
  // CHART_IDS): a chart drawn under an id missing there would outlive its run in the folder.
  it('every chart a run can draw has its id in CHART_IDS (replicas included)', () => {
    const loaded = loadScenarioFile({ file: 'scenarios/topology/load-balancing.yaml' }, { set: ['duration=30s', 'warmup=5s'] });
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
    const s = loaded.variants[0]?.scenario ?? loaded.scenario;
    const ids = runCharts([{ label: 'lb', scenario: s, series: runScenario(s).series }]).map((c) => c.id);
    expect(ids).toContain('replicas');
    expect(ids.filter((id) => !CHART_IDS.includes(id))).toEqual([]);
  });
});
