/**
 * The sweep charts: which charts a grid allows, their axes named with units, the metastable
 * share printed in each cell of the map, a panel per value of a third path; every spec valid
 * vega-lite, drawn without a warning, and each PNG whole.
 */
import { describe, expect, it } from 'vitest';
import {
  axisTitle, dimensions, mapAxes, sweepCharts, unitKind, type SweepChartInput,
} from '../../src/report/charts/sweep-charts.ts';
import type { Chart } from '../../src/report/charts/charts.ts';
import { renderPng, renderSvg } from '../../src/report/render.ts';
import { count, pngSize, svgSize, texts, validate } from '../support/svg.ts';

const RATE = 'clients.web.arrival.rate';
const FOR = 'faults[0].for';

type Point = SweepChartInput['points'][number];

/** A grid point of rate × trigger duration × variant, with made-up but plausible outcomes. */
function point(rate: string, dur: string, variant: string | null, seeds = 10): Point {
  const r = Number.parseInt(rate, 10);
  const d = Number.parseInt(dur, 10);
  const metastable = variant === 'token-bucket' ? 0 : Math.min(seeds, Math.max(0, Math.round((r - 500) / 100 + d / 10)));
  const share = metastable / seeds;
  const goodput = r * (1 - 0.9 * share);
  const values: Record<string, string> = { [RATE]: rate, [FOR]: dur };
  const numeric: Record<string, number | null> = { [RATE]: r, [FOR]: d };
  if (variant !== null) [values.variant, numeric.variant] = [variant, null];
  return {
    values, numeric, offered_per_s: r, seeds, still_recovering: 0, no_verdict: 0,
    goodput_per_s: { mean: goodput, lo: goodput * 0.9, hi: Math.min(r, goodput * 1.1) },
    metastable_share: { share, lo: Math.max(0, share - 0.2), hi: Math.min(1, share + 0.2) },
  };
}

const RATES = ['500/s', '700/s', '900/s'];
const FORS = ['5s', '20s'];
const VARIANTS = ['naive', 'token-bucket'];

function grid(withVariants: boolean): SweepChartInput {
  const variants = withVariants ? VARIANTS : [null];
  return {
    scenario: 'storm-sweep',
    vary: [{ path: RATE, values: RATES }, { path: FOR, values: FORS }, ...(withVariants ? [{ path: 'variant', values: VARIANTS }] : [])],
    points: RATES.flatMap((r) => FORS.flatMap((f) => variants.map((v) => point(r, f, v)))),
  };
}

async function draw(spec: Record<string, unknown>): Promise<{ svg: string; warnings: string[] }> {
  const warnings: string[] = [];
  const svg = await renderSvg(spec, (w) => warnings.push(w));
  return { svg, warnings };
}

describe('the paths of a sweep', () => {
  it('are told apart by their values as typed', () => {
    expect(unitKind(['500/s', '1200/m'])).toBe('rate');
    expect(unitKind(['5s', '200ms'])).toBe('duration');
    expect(unitKind(['10%', '50%'])).toBe('fraction');
    expect(unitKind(['1', '4'])).toBe('number');
    expect(unitKind(['naive', 'token-bucket'])).toBe('category');
    expect(unitKind(['5s', 'none'])).toBe('category');
  });

  it('name their axes with units, and order numeric values by value', () => {
    const input = grid(true);
    input.vary[1] = { path: FOR, values: ['20s', '5s'] };
    const dims = dimensions(input);
    expect(dims.map(axisTitle)).toEqual([`${RATE} (per second)`, `${FOR} (s)`, 'variant']);
    expect(dims[1].values).toEqual(['5s', '20s']);
    expect(mapAxes(dims)).toMatchObject({ x: { path: FOR }, y: { path: RATE } });
  });

  it('give the charts the grid allows', () => {
    expect(sweepCharts(grid(true)).map((c) => c.id)).toEqual(['goodput', 'metastability-map']);
    const loadOnly: SweepChartInput = { scenario: 's', vary: [{ path: RATE, values: RATES }], points: RATES.map((r) => point(r, '5s', null)) };
    expect(sweepCharts(loadOnly).map((c) => c.id)).toEqual(['goodput']);
    const noLoad: SweepChartInput = {
      scenario: 's', vary: [{ path: FOR, values: FORS }, { path: 'clients.web.timeout', values: ['100ms', '200ms'] }],
      points: FORS.flatMap((f) => ['100ms', '200ms'].map((t) => ({
        ...point('500/s', f, null), values: { [FOR]: f, 'clients.web.timeout': t }, numeric: { [FOR]: Number.parseInt(f, 10), 'clients.web.timeout': Number.parseInt(t, 10) / 1000 },
      }))),
    };
    expect(sweepCharts(noLoad).map((c) => c.id)).toEqual(['metastability-map']);
    expect(sweepCharts({ scenario: 's', vary: [{ path: 'variant', values: VARIANTS }], points: [] })).toEqual([]);
  });
});

/** Valid vega-lite, drawn without a warning, no wider than 900 px, and its PNG decodes at twice the SVG's size. */
async function expectDrawable(chart: Chart): Promise<void> {
    expect(validate(chart.spec), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const { svg, warnings } = await draw(chart.spec);
    expect(warnings).toEqual([]);
    const { width, height } = svgSize(svg);
    expect(width).toBeLessThanOrEqual(900);
    expect(pngSize(await renderPng(svg))).toEqual({ width: 2 * width, height: 2 * height });
}

describe('the goodput chart', () => {
  const chart = sweepCharts(grid(true)).find((c) => c.id === 'goodput')!;

  it('is valid vega-lite, drawn without a warning, no wider than 900 px, and its PNG decodes', () => expectDrawable(chart));

  it('draws a line per variant in a panel per trigger duration, a confidence band each, and goodput = offered', async () => {
    const { svg } = await draw(chart.spec);
    // Per panel: the reference line and one line per variant.
    expect(count(svg, /aria-roledescription="line mark"/g)).toBe(FORS.length * (1 + VARIANTS.length));
    expect(count(svg, /aria-roledescription="area mark"/g)).toBe(FORS.length * VARIANTS.length);
    expect(texts(svg)).toEqual(expect.arrayContaining([
      'variant=naive', 'variant=token-bucket', 'variant', `${FOR}=5s`, `${FOR}=20s`, 'goodput = offered',
      'offered load (requests per second)', 'goodput (requests per second)',
    ]));
    expect(JSON.stringify(chart.spec)).toContain('95% confidence interval');
  });

  it('draws one line when nothing but the load varies', async () => {
    const input: SweepChartInput = { scenario: 's', vary: [{ path: RATE, values: RATES }], points: RATES.map((r) => point(r, '5s', null)) };
    const { svg, warnings } = await draw(sweepCharts(input)[0].spec);
    expect(warnings).toEqual([]);
    expect(count(svg, /aria-roledescription="line mark"/g)).toBe(2);
  });
});

describe('the metastability map', () => {
  const chart = sweepCharts(grid(true)).find((c) => c.id === 'metastability-map')!;

  it('is valid vega-lite, drawn without a warning, no wider than 900 px, and its PNG decodes', () => expectDrawable(chart));

  it('has a panel per variant side by side, trigger duration across and load up, a cell per grid point', async () => {
    expect(chart.spec.hconcat).toHaveLength(2);
    const { svg } = await draw(chart.spec);
    // A rect per cell, and two texts (the share, and of how many).
    const cells = RATES.length * FORS.length * VARIANTS.length;
    expect(count(svg, /aria-roledescription="rect mark"/g)).toBe(cells);
    expect(count(svg, /aria-roledescription="text mark"/g)).toBe(2 * cells);
    expect(texts(svg)).toEqual(expect.arrayContaining([
      'variant=naive', 'variant=token-bucket', `${FOR} (s)`, '5s', '20s', '500/s', '900/s', 'share of seeds metastable',
    ]));
  });

  it('prints the share of seeds metastable in each cell, and of how many', async () => {
    const { svg } = await draw(chart.spec);
    const printed = texts(svg);
    for (const p of grid(true).points) {
      const k = Math.round(p.metastable_share!.share * p.seeds);
      expect(printed).toContain(`${Math.round(p.metastable_share!.share * 100)}%`);
      expect(printed).toContain(`${k} of ${p.seeds}`);
    }
    // naive at 900/s for 20 s: every seed; token bucket: none.
    expect(printed.filter((t) => t === '100%').length).toBeGreaterThanOrEqual(1);
    expect(printed.filter((t) => t === '0 of 10').length).toBeGreaterThanOrEqual(RATES.length * FORS.length);
  });

  it('stacks the panels when they would not fit side by side, and prints n/a where a cell has no share', async () => {
    const input = grid(true);
    input.vary[0] = { path: RATE, values: ['500/s', '600/s', '700/s', '800/s', '900/s', '1000/s'] };
    input.points = input.vary[0].values.flatMap((r) => FORS.flatMap((f) => VARIANTS.map((v) => point(r, f, v))));
    input.vary[1] = { path: FOR, values: ['5s', '10s', '20s', '40s', '80s', '160s'] };
    input.points = input.vary[0].values.flatMap((r) => input.vary[1].values.flatMap((f) => VARIANTS.map((v) => point(r, f, v))));
    input.points[0] = { ...input.points[0], metastable_share: null };
    const map = sweepCharts(input).find((c) => c.id === 'metastability-map')!;
    expect(map.spec.vconcat).toHaveLength(2);
    const { svg, warnings } = await draw(map.spec);
    expect(warnings).toEqual([]);
    expect(texts(svg)).toContain('n/a');
    expect(svgSize(svg).width).toBeLessThanOrEqual(900);
  });

  it('is one panel with two paths only', async () => {
    const map = sweepCharts(grid(false)).find((c) => c.id === 'metastability-map')!;
    expect(map.spec.vconcat).toHaveLength(1);
    const { svg, warnings } = await draw(map.spec);
    expect(warnings).toEqual([]);
    expect(texts(svg)).toEqual(expect.arrayContaining([`${RATE}`, '(per second)']));
  });
});
