/**
 * The hysteresis chart: drawn for a run whose client's rate schedule rises then falls; windows
 * before the peak step are the way up, after it the way down (the peak in both); each step is
 * one point, the mean of its whole windows; valid vega-lite that renders without a warning.
 */
import { describe, expect, it } from 'vitest';
import type { ChartRun } from '../../src/report/charts/chart-data.ts';
import { CHART_IDS, runCharts } from '../../src/report/charts/charts.ts';
import { hasRamp, hysteresisChart, hysteresisPoints, rampSteps } from '../../src/report/charts/hysteresis-chart.ts';
import { renderPng, renderSvg } from '../../src/report/render.ts';
import type { SeriesRow } from '../../src/metrics/series.ts';
import type { RateStep } from '../../src/model/config.ts';
import { runScenario } from '../../src/run.ts';
import { NO_RETRY } from '../../src/strategies/config.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';
import { count, pngSize, svgSize, texts, validate } from '../support/svg.ts';

function rampScenario(rate: number, schedule: RateStep[], duration: number, maxAttempts = 1) {
  return scenario({
    // A queue of 20: 100 ms of work, twice the timeout, so an overload fills it with attempts that time out.
    services: [service('api', 2, { dist: 'constant', value: 0.01 }, { queue: { capacity: 20, discipline: 'fifo' } })],
    clients: [openClient('web', 'api', rate, { timeout: 0.05, retry: { ...NO_RETRY, maxAttempts }, arrival: { kind: 'open', rate, process: 'poisson', schedule } })],
    duration,
  });
}

/** A client row of one window: only what the chart reads matters. */
function row(t: number, offered: number, succeeded: number): SeriesRow {
  const empty = Object.fromEntries(['t_s', 'offered_per_s', 'succeeded_per_s'].map((k) => [k, null]));
  return { ...empty, entity: 'clients.web', t_s: t, offered_per_s: offered, succeeded_per_s: succeeded } as SeriesRow;
}

/** 10/s for 2 s, 20/s for 2 s (the peak), 10/s for 2 s: windows of 1 s, hand-made values. */
function tinyRun(): ChartRun {
  const s = rampScenario(10, [{ at: 2, rate: 20 }, { at: 4, rate: 10 }], 6);
  const series = [row(0, 10, 10), row(1, 12, 12), row(2, 20, 15), row(3, 22, 5), row(4, 10, 1), row(5, 8, 3)];
  return { label: 'tiny', scenario: s, series };
}

describe('a ramp: a schedule that rises then falls', () => {
  it('is told from a schedule that only rises, only falls, or has no steps', () => {
    const client = (rate: number, schedule: RateStep[]) => rampScenario(rate, schedule, 100).clients[0];
    expect(rampSteps(client(10, [{ at: 10, rate: 20 }, { at: 20, rate: 10 }]), 100)).not.toBeNull();
    expect(rampSteps(client(10, [{ at: 10, rate: 20 }, { at: 20, rate: 30 }]), 100)).toBeNull();
    expect(rampSteps(client(30, [{ at: 10, rate: 20 }, { at: 20, rate: 10 }]), 100)).toBeNull();
    expect(rampSteps(client(10, []), 100)).toBeNull();
    // A fall scheduled after the run ends is no fall.
    expect(rampSteps(client(10, [{ at: 10, rate: 20 }, { at: 200, rate: 10 }]), 100)).toBeNull();
    expect(hasRamp(tinyRun())).toBe(true);
  });

  it('labels steps before the peak up, after it down, and the peak both', () => {
    const steps = rampSteps(tinyRun().scenario.clients[0], 6)!;
    expect(steps).toEqual([
      { from: 0, to: 2, rate: 10, directions: ['up'] },
      { from: 2, to: 4, rate: 20, directions: ['up', 'down'] },
      { from: 4, to: 6, rate: 10, directions: ['down'] },
    ]);
  });

  it('gives a point per step and direction: the mean offered load and goodput of its windows', () => {
    const points = hysteresisPoints(tinyRun()).map(({ direction, order, offered, goodput, windows }) => ({ direction, order, offered, goodput, windows }));
    expect(points).toEqual([
      { direction: 'up', order: 0, offered: 11, goodput: 11, windows: 2 },
      { direction: 'up', order: 1, offered: 21, goodput: 10, windows: 2 },
      { direction: 'down', order: 0, offered: 21, goodput: 10, windows: 2 },
      { direction: 'down', order: 1, offered: 9, goodput: 2, windows: 2 },
    ]);
  });

  it('leaves out windows before warm-up and windows after arrivals stop (the drain)', () => {
    const run = tinyRun();
    const warm = { ...run, scenario: { ...run.scenario, warmup: 1 }, series: [...run.series, row(6, 0, 4)] };
    const up = hysteresisPoints(warm).filter((p) => p.direction === 'up');
    expect(up[0]).toMatchObject({ offered: 12, goodput: 12, windows: 1 });
    expect(hysteresisPoints(warm).at(-1)).toMatchObject({ direction: 'down', offered: 9, goodput: 2, windows: 2 });
  });
});

describe('the hysteresis chart', () => {
  // Up to twice the capacity of 200/s and back: with retries the way down stays low.
  const schedule = [40, 100, 200, 400, 200, 100, 40].map((rate, i) => ({ at: i * 10, rate })).slice(1);
  const run = (label: string, attempts: number): ChartRun => {
    const s = rampScenario(40, schedule, 70, attempts);
    const result = runScenario(s);
    return { label, scenario: s, series: result.series, backlog: result.backlog };
  };
  const runs = [run('retries', 4), run('no-retry', 1)];

  it('is drawn for a run with a ramp, and not for one without', () => {
    expect(runCharts(runs).map((c) => c.id)).toContain('hysteresis');
    expect(CHART_IDS).toContain('hysteresis');
    const flat = rampScenario(40, [], 20);
    expect(runCharts([{ label: 'flat', scenario: flat, series: runScenario(flat).series }]).map((c) => c.id)).not.toContain('hysteresis');
  });

  it('is valid vega-lite, drawn without a warning, with a line pair per run and a marker per step', async () => {
    const chart = hysteresisChart(runs);
    expect(validate(chart.spec), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const warnings: string[] = [];
    const svg = await renderSvg(chart.spec, (w) => warnings.push(w));
    expect(warnings).toEqual([]);
    // The reference line goodput = offered, and 2 runs × (up, down).
    expect(count(svg, /aria-roledescription="line mark"/g)).toBe(5);
    // 7 steps: 4 up (the peak included) and 4 down, per run; and a ring behind each step down the
    // way up served (100/s and 40/s: the way up was already overloaded at 200/s, the capacity).
    expect(count(svg, /aria-roledescription="point"/g)).toBe(16);
    expect(count(svg, /aria-roledescription="circle"/g)).toBe(4);
    expect(texts(svg)).toEqual(expect.arrayContaining([
      'retries: way up ▶', 'retries: way down ◀', 'no-retry: way up ▶', 'no-retry: way down ◀', 'run and direction',
      'each step down', 'recovered', 'still recovering', 'metastable',
      'offered load (requests per second)', 'goodput (requests per second)',
    ]));
    const { width, height } = svgSize(svg);
    expect(width).toBeLessThanOrEqual(900);
    expect(pngSize(await renderPng(svg))).toEqual({ width: 2 * width, height: 2 * height });
  });

  it('names the directions alone when there is one run', async () => {
    const svg = await renderSvg(hysteresisChart([runs[0]]).spec);
    expect(texts(svg)).toEqual(expect.arrayContaining(['way up ▶', 'way down ◀', 'direction']));
  });

  it('shows the way down below the way up with retries, and not without', () => {
    const at = (label: string, direction: string, rate: number) => hysteresisPoints(runs.find((r) => r.label === label)!)
      .find((p) => p.direction === direction && p.rate === rate)!.goodput;
    expect(at('retries', 'down', 100)).toBeLessThan(0.5 * at('retries', 'up', 100));
    expect(at('no-retry', 'down', 100)).toBeGreaterThan(0.9 * at('no-retry', 'up', 100));
  });

  it('judges each step down against the step up at the same rate: metastable with retries, recovered without', () => {
    const outcomes = (label: string) => hysteresisPoints(runs.find((r) => r.label === label)!)
      .filter((p) => p.direction === 'down').map((p) => [p.rate, p.outcome]);
    // The peak (400/s) is on both ways and not judged, nor is 200/s (the capacity, ρ = 1), which
    // the way up did not serve in full. With retries, goodput comes back only at 40/s.
    expect(outcomes('retries')).toEqual([[400, null], [200, null], [100, 'metastable'], [40, 'recovered']]);
    expect(outcomes('no-retry')).toEqual([[400, null], [200, null], [100, 'recovered'], [40, 'recovered']]);
    // Without the run's backlog no step is judged, and no ring is drawn.
    const bare = { ...runs[0], backlog: undefined };
    expect(hysteresisPoints(bare).every((p) => p.outcome === null)).toBe(true);
  });
});
