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
import type { Spec } from './panel.ts';
import { CONFIG, PANEL_WIDTH, SCHEMA, seriesScales } from './style.ts';

export interface SweepChartInput {
  scenario: string;
  /** The varied paths in order, with their values as typed (e.g. 'clients.web.arrival.rate', ['500/s','600/s']). */
  vary: { path: string; values: string[] }[];
  /** One per grid point, in grid order; values keyed by path; numbers already parsed to base units (seconds, per second) where the value has a unit, else null. */
  points: {
    values: Record<string, string>;
    numeric: Record<string, number | null>;
    offered_per_s: number | null;
    goodput_per_s: { mean: number; lo: number | null; hi: number | null } | null;
    metastable_share: { share: number; lo: number; hi: number } | null;
    seeds: number;
  }[];
}

type SweepPoint = SweepChartInput['points'][number];

/** What a varied path's values are: this decides axis titles and which chart a path can be an axis of. */
export type UnitKind = 'rate' | 'duration' | 'fraction' | 'number' | 'category';

export interface Dimension {
  path: string;
  kind: UnitKind;
  /** As typed, in the order given (numeric paths: by value, low to high). */
  values: string[];
}

const DURATION = /^\s*-?[\d.]+(e[+-]?\d+)?\s*(us|µs|ms|s|m|h)\s*$/i;
const RATE = /^\s*-?[\d.]+(e[+-]?\d+)?\s*\/\s*(us|µs|ms|s|m|h)\s*$/i;
const PERCENT = /^\s*-?[\d.]+\s*%\s*$/;
const NUMBER = /^\s*-?[\d.]+(e[+-]?\d+)?\s*$/i;

/** The kind of a path's values: all rates, all durations, ... (a mix, or any name, is a category). */
export function unitKind(values: readonly string[]): UnitKind {
  const all = (re: RegExp) => values.length > 0 && values.every((v) => re.test(v));
  if (all(RATE)) return 'rate';
  if (all(DURATION)) return 'duration';
  if (all(PERCENT)) return 'fraction';
  if (all(NUMBER)) return 'number';
  return 'category';
}

/** A number for a point's value of a path: as the sweep parsed it, else the plain number typed. */
function numberOf(point: SweepPoint, path: string): number | null {
  const parsed = point.numeric[path];
  if (parsed !== null && parsed !== undefined && Number.isFinite(parsed)) return parsed;
  const typed = point.values[path];
  if (typed !== undefined && NUMBER.test(typed)) return Number(typed);
  if (typed !== undefined && PERCENT.test(typed)) return Number(typed.replace('%', '')) / 100;
  return null;
}

/** The varied paths with their kind; a path whose values are not all numbers is a category. */
export function dimensions(input: SweepChartInput): Dimension[] {
  return input.vary.map((v) => {
    let kind = unitKind(v.values);
    const numbers = new Map<string, number>();
    for (const p of input.points) {
      const n = numberOf(p, v.path);
      if (n === null) continue;
      numbers.set(p.values[v.path], n);
    }
    if (kind !== 'category' && v.values.some((value) => !numbers.has(value))) kind = 'category';
    const values = kind === 'category' ? [...v.values] : [...v.values].sort((a, b) => numbers.get(a)! - numbers.get(b)!);
    return { path: v.path, kind, values };
  });
}

const UNIT_WORDS: Record<UnitKind, string> = { rate: 'per second', duration: 's', fraction: 'share', number: '', category: '' };

/** An axis title with the unit: `faults[0].for (s)`, `clients.web.arrival.rate (per second)`. */
export function axisTitle(d: Dimension): string {
  const unit = UNIT_WORDS[d.kind];
  return unit === '' ? d.path : `${d.path} (${unit})`;
}

/**
 * Width of a character of an axis title as vega estimates it when laying out the panels without a
 * canvas (0.8 em at the title's 12 px): more than DejaVu Sans draws, but the layout follows it.
 */
const TITLE_CHAR_PX = 0.8 * 12;

/** A vertical axis title in two lines (path, unit) when it would be longer than the axis. */
function verticalTitle(d: Dimension, height: number): string | string[] {
  const title = axisTitle(d);
  const unit = UNIT_WORDS[d.kind];
  return title.length * TITLE_CHAR_PX <= height || unit === '' ? title : [d.path, `(${unit})`];
}

/**
 * A heat map's height: its rows, and at least its y title's longest line, since a title longer
 * than the plot grows the panel upwards and side-by-side panels would no longer line up.
 */
function mapHeight(y: Dimension): number {
  const rows = CELL_HEIGHT * y.values.length;
  const title = verticalTitle(y, rows);
  const longest = Math.max(...(Array.isArray(title) ? title : [title]).map((line) => line.length));
  return Math.max(rows, Math.ceil(longest * TITLE_CHAR_PX) + 12);
}

const isNumeric = (d: Dimension) => d.kind !== 'category';

/** `path=value, path=value` naming one combination of the given paths. */
function combinationLabel(dims: readonly Dimension[], values: Record<string, string>): string {
  return dims.map((d) => `${d.path}=${values[d.path]}`).join(', ');
}

/** Every combination of the given paths' values, in grid order (the first path varies slowest). */
function combinations(dims: readonly Dimension[]): Record<string, string>[] {
  return dims.reduce<Record<string, string>[]>((acc, d) => acc.flatMap((c) => d.values.map((v) => ({ ...c, [d.path]: v }))), [{}]);
}

const matches = (p: SweepPoint, combo: Record<string, string>) => Object.entries(combo).every(([path, v]) => p.values[path] === v);

/** A 95% interval note, with the seeds per point when they are all the same. */
function seedsNote(points: readonly SweepPoint[]): string {
  const seeds = [...new Set(points.map((p) => p.seeds))];
  return seeds.length === 1 ? `${seeds[0]} seed${seeds[0] === 1 ? '' : 's'} per point` : `${Math.min(...seeds)}-${Math.max(...seeds)} seeds per point`;
}

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
  return { id: 'goodput', title: 'Goodput against offered load', spec };
}

// ─── metastability map ────────────────────────────────────────────────────────────────────────

/** The two axes of the map: x the duration-like path (a trigger's `for` first), y another numeric one (a rate first). */
export function mapAxes(dims: readonly Dimension[]): { x: Dimension; y: Dimension } | null {
  const numeric = dims.filter(isNumeric);
  if (numeric.length < 2) return null;
  const x = numeric.find((d) => d.kind === 'duration' && /faults\[\d+\]\.for$/.test(d.path))
    ?? numeric.find((d) => d.kind === 'duration') ?? numeric[0];
  const rest = numeric.filter((d) => d !== x);
  const y = rest.find((d) => d.kind === 'rate') ?? rest[0];
  return { x, y };
}

export function hasMetastabilityMap(input: SweepChartInput): boolean {
  return mapAxes(dimensions(input)) !== null && input.points.some((p) => p.metastable_share !== null);
}

const CELL_WIDTH = 54;
const CELL_HEIGHT = 44;
/** Room for the plots of panels side by side, at 800 px with their y axes (the legend is below). */
const SIDE_BY_SIDE_WIDTH = 600;
const LEGEND_TITLE = 'share of seeds metastable';

function mapPanel(title: string | null, rows: Spec[], x: Dimension, y: Dimension, showYTitle: boolean): Spec {
  const xEnc = { field: 'x', type: 'ordinal', title: axisTitle(x), sort: x.values, scale: { domain: x.values }, axis: { labelAngle: 0 } };
  const yEnc = {
    field: 'y', type: 'ordinal', sort: [...y.values].reverse(), scale: { domain: [...y.values].reverse() },
    axis: { title: showYTitle ? verticalTitle(y, CELL_HEIGHT * y.values.length) : null },
  };
  const tooltip = [
    { field: 'x', type: 'ordinal', title: x.path }, { field: 'y', type: 'ordinal', title: y.path },
    { field: 'share', type: 'quantitative', title: LEGEND_TITLE, format: '.0%' },
    { field: 'lo', type: 'quantitative', title: 'Wilson 95% low', format: '.0%' },
    { field: 'hi', type: 'quantitative', title: 'Wilson 95% high', format: '.0%' },
    { field: 'seeds', type: 'quantitative' },
  ];
  const data = { values: rows };
  // Dark cells get white text: the threshold is where the scheme's lightness crosses the middle.
  const textColor = { condition: { test: 'isValid(datum.share) && datum.share > 0.55', value: '#ffffff' }, value: '#111111' };
  const panel: Spec = {
    width: CELL_WIDTH * x.values.length,
    height: mapHeight(y),
    layer: [
      {
        data,
        mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 1.5 },
        encoding: {
          x: xEnc, y: yEnc, tooltip,
          color: {
            condition: { test: '!isValid(datum.share)', value: '#f4f4f4' },
            field: 'share', type: 'quantitative',
            scale: { domain: [0, 1], scheme: 'reds' },
            legend: { title: LEGEND_TITLE, format: '.0%', values: [0, 0.25, 0.5, 0.75, 1], orient: 'bottom', direction: 'horizontal', gradientLength: 240, titleLimit: 320 },
          },
        },
      },
      { data, mark: { type: 'text', fontSize: 12, fontWeight: 'bold', dy: -6 }, encoding: { x: xEnc, y: yEnc, text: { field: 'text' }, color: textColor } },
      { data, mark: { type: 'text', fontSize: 9, dy: 8 }, encoding: { x: xEnc, y: yEnc, text: { field: 'count' }, color: textColor } },
    ],
  };
  if (title !== null) panel.title = { text: title };
  return panel;
}

/** The share of seeds metastable over two numeric paths; null when fewer than two numeric paths vary. */
export function metastabilityMap(input: SweepChartInput): Chart | null {
  if (!hasMetastabilityMap(input)) return null;
  const dims = dimensions(input);
  const { x, y } = mapAxes(dims)!;
  const panelDims = dims.filter((d) => d !== x && d !== y);
  const combos = combinations(panelDims);
  const sideBySide = combos.length > 1 && combos.length <= 3 && combos.length * CELL_WIDTH * x.values.length + (combos.length - 1) * 80 <= SIDE_BY_SIDE_WIDTH;
  const panels = combos.map((combo, i) => {
    const rows = x.values.flatMap((xv) => y.values.map((yv) => {
      // Several points in one cell (a path not on either axis nor a panel) cannot happen: every other path is a panel.
      const p = input.points.find((q) => matches(q, combo) && q.values[x.path] === xv && q.values[y.path] === yv);
      const s = p?.metastable_share ?? null;
      return {
        x: xv, y: yv, share: s?.share ?? null, lo: s?.lo ?? null, hi: s?.hi ?? null, seeds: p?.seeds ?? null,
        text: s === null ? 'n/a' : `${Math.round(s.share * 100)}%`,
        count: s === null || p === undefined ? '' : `${Math.round(s.share * p.seeds)} of ${p.seeds}`,
      };
    }));
    return mapPanel(panelDims.length === 0 ? null : combinationLabel(panelDims, combo), rows, x, y, !sideBySide || i === 0);
  });
  const subtitle = [
    `${input.scenario}: in each cell, the share of seeds whose run ended metastable`,
    `(did not recover after the trigger), and of how many; ${seedsNote(input.points)}`,
  ];
  const spec: Spec = {
    $schema: SCHEMA,
    title: { text: 'Metastability map', subtitle },
    config: CONFIG,
    ...(sideBySide ? { hconcat: panels } : { vconcat: panels }),
    resolve: { scale: { color: 'shared' } },
  };
  return { id: 'metastability-map', title: 'Metastability map', spec };
}

/** Every chart of a sweep that its varied paths allow, in a fixed order. */
export function sweepCharts(input: SweepChartInput): Chart[] {
  return [goodputChart(input), metastabilityMap(input)].filter((c): c is Chart => c !== null);
}
