/**
 * The charts of a sweep: a scenario run over a grid of values (each point on several seeds).
 *
 *   goodput:           goodput/s against offered load, a line per value of the other varied
 *                      paths (a panel per value of any further one), with a 95% confidence band
 *                      and the line goodput = offered (the most there can be).
 *   metastability-map: the share of seeds that ended metastable, per cell of two numeric paths
 *                      (x: the duration-like one, such as a trigger's `for`; y: the other), the
 *                      share printed in each cell; a panel per value of the remaining paths.
 *                      Modelled on the MongoDB retry table of "Metastable Failures in the Wild"
 *                      (Huang et al., OSDI'22, https://www.usenix.org/conference/osdi22/presentation/huang-lexiang).
 *
 *   SweepChartInput ─▶ dimensions (path, unit kind, values in order) ─▶ which charts apply
 *                   ─▶ panels (one per combination of the remaining paths) ─▶ vega-lite spec
 */
import type { Chart } from './charts.ts';
import { SWEEP_CAPTIONS } from './captions.ts';
import { metastabilityMap } from './metastability-map.ts';
import type { Spec } from './panel.ts';
import { CONFIG, PANEL_WIDTH, SCHEMA, seriesScales } from './style.ts';
import {
  combinationLabel, combinations, dimensions, isNumeric, matches, seedsNote, type Dimension, type SweepChartInput, type SweepPoint,
} from './sweep-dimensions.ts';

export { dimensions, unitKind, axisTitle, type Dimension, type SweepChartInput, type UnitKind } from './sweep-dimensions.ts';
export { hasMetastabilityMap, mapAxes, metastabilityMap } from './metastability-map.ts';

// ─── goodput against offered load ─────────────────────────────────────────────────────────────

/** The path that drives offered load: a rate path, else a numeric one along which offered load changes. */
function loadDimension(input: SweepChartInput, dims: readonly Dimension[]): Dimension | null {
  const rate = dims.find((d) => d.kind === 'rate');
  if (rate) return rate;
  const offered = new Set(input.points.map((p) => p.offered_per_s).filter((o) => o !== null));
  if (offered.size < 2) return null;
  // The numeric path whose every line (the other paths held) spans more than one offered load.
  return dims.filter(isNumeric).find((d) => {
    const others = dims.filter((o) => o !== d);
    return combinations(others).every((c) => new Set(input.points.filter((p) => matches(p, c)).map((p) => p.offered_per_s)).size > 1);
  }) ?? null;
}

/** Drawn when the offered load takes at least two values (one load is a point, not a curve). */
export function hasGoodputChart(input: SweepChartInput): boolean {
  const offered = new Set(input.points.map((p) => p.offered_per_s).filter((o) => o !== null));
  return input.points.some((p) => p.goodput_per_s !== null && p.offered_per_s !== null) && offered.size > 1;
}

const GOODPUT_HEIGHT = 290;

function goodputPanel(title: string | null, rows: Spec[], series: readonly string[], seriesTitle: string, range: { low: number; high: number; top: number }): Spec {
  const scales = seriesScales(series.length > 0 ? series : ['goodput']);
  // x spans the offered loads swept (zero would leave most of the plot empty); y starts at zero.
  const x = { field: 'offered', type: 'quantitative', title: 'offered load (requests per second)', scale: { domain: [range.low, range.high], nice: true, zero: false } };
  const y = { field: 'mean', type: 'quantitative', title: 'goodput (requests per second)', scale: { domain: [0, range.top], nice: true } };
  const color = { field: 'series', type: 'nominal', legend: { title: seriesTitle }, scale: scales.color };
  const tooltip = [
    { field: 'series', type: 'nominal', title: seriesTitle },
    { field: 'offered', type: 'quantitative', title: 'offered (/s)', format: ',.1f' },
    { field: 'mean', type: 'quantitative', title: 'goodput, mean (/s)', format: ',.1f' },
    { field: 'lo', type: 'quantitative', title: '95% CI low', format: ',.1f' },
    { field: 'hi', type: 'quantitative', title: '95% CI high', format: ',.1f' },
    { field: 'seeds', type: 'quantitative' },
  ];
  const data = { values: rows };
  // The label sits above the line, where no mean can be (goodput is at most offered), 70% of the way along.
  const at = range.low + 0.7 * (range.high - range.low);
  const reference = { values: [{ offered: range.low, mean: range.low, label: '' }, { offered: at, mean: at, label: 'goodput = offered' }, { offered: range.high, mean: range.high, label: '' }] };
  const panel: Spec = {
    width: PANEL_WIDTH,
    height: GOODPUT_HEIGHT,
    layer: [
      { data: reference, mark: { type: 'line', color: '#777777', strokeDash: [2, 3], strokeWidth: 1 }, encoding: { x, y } },
      {
        data: reference,
        transform: [{ filter: 'datum.label !== ""' }],
        mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -6, dy: -2, fontSize: 10, color: '#555555' },
        encoding: { x, y, text: { field: 'label' } },
      },
      // A band per series in its colour, drawn with a fixed colour: its pale swatch must not stand for the series in the legend.
      ...series.map((name, i) => ({
        data,
        transform: [{ filter: { field: 'series', equal: name } }, { filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
        mark: { type: 'area', opacity: 0.15, color: scales.color.range[i] },
        encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      })),
      {
        data,
        mark: { type: 'line', point: { filled: true, size: 40 }, strokeWidth: 2 },
        encoding: { x, y, color, strokeDash: { field: 'series', type: 'nominal', legend: { title: seriesTitle }, scale: scales.dash }, tooltip },
      },
    ],
  };
  if (title !== null) panel.title = { text: title };
  return panel;
}

/** Goodput against offered load; null when no path drives the load. */
export function goodputChart(input: SweepChartInput): Chart | null {
  if (!hasGoodputChart(input)) return null;
  const dims = dimensions(input);
  const load = loadDimension(input, dims);
  const others = dims.filter((d) => d !== load);
  // A line per value of one path (a category first: defences compare best on one plot); a panel per combination of the rest.
  const lineDim = others.find((d) => !isNumeric(d)) ?? others[0] ?? null;
  const panelDims = others.filter((d) => d !== lineDim);
  const seriesOf = (p: SweepPoint) => (lineDim === null ? 'goodput' : `${lineDim.path}=${p.values[lineDim.path]}`);
  const series = lineDim === null ? ['goodput'] : lineDim.values.map((v) => `${lineDim.path}=${v}`);
  const plotted = input.points.filter((p) => p.offered_per_s !== null && p.goodput_per_s !== null);
  const offered = plotted.map((p) => p.offered_per_s!);
  const top = Math.max(1, ...plotted.map((p) => Math.max(p.offered_per_s!, p.goodput_per_s!.hi ?? 0, p.goodput_per_s!.mean)));
  const range = { low: Math.min(...offered), high: Math.max(...offered), top };
  const rowOf = (p: SweepPoint): Spec => ({
    series: seriesOf(p), offered: p.offered_per_s, mean: p.goodput_per_s!.mean, lo: p.goodput_per_s!.lo, hi: p.goodput_per_s!.hi, seeds: p.seeds,
  });
  const panels = combinations(panelDims).map((combo) => goodputPanel(
    panelDims.length === 0 ? null : combinationLabel(panelDims, combo),
    plotted.filter((p) => matches(p, combo)).sort((a, b) => a.offered_per_s! - b.offered_per_s!).map(rowOf),
    series, lineDim === null ? 'series' : lineDim.path, range,
  ));
  // Short lines: vega sizes the chart by its estimate of their width (0.8 em a character).
  const subtitle = [
    `${input.scenario}: each point is the mean over its seeds (${seedsNote(input.points)})`,
    'band: 95% confidence interval; dotted: goodput = offered (the most there can be)',
    `load varied by ${load === null ? 'the grid' : load.path}`,
  ];
  const spec: Spec = {
    $schema: SCHEMA,
    title: { text: 'Goodput against offered load', subtitle },
    config: CONFIG,
    vconcat: panels,
    resolve: { scale: { color: 'shared', strokeDash: 'shared', x: 'shared', y: 'shared' } },
  };
  return { id: 'goodput', title: 'Goodput against offered load', caption: SWEEP_CAPTIONS.goodput, spec };
}

/** Every chart of a sweep that its varied paths allow, in a fixed order. */
export function sweepCharts(input: SweepChartInput): Chart[] {
  return [goodputChart(input), metastabilityMap(input)].filter((c): c is Chart => c !== null);
}
