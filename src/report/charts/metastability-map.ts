/**
 * The metastability map of a sweep: per cell of two numeric paths (x: the duration-like one,
 * such as a trigger's `for`; y: the other), how the seeds' runs ended, and a panel per value of
 * the remaining paths. Modelled on the MongoDB retry table of "Metastable Failures in the Wild"
 * (Huang et al., OSDI'22, https://www.usenix.org/conference/osdi22/presentation/huang-lexiang).
 */
import type { Chart } from './charts.ts';
import { SWEEP_CAPTIONS } from './captions.ts';
import type { Spec } from './panel.ts';
import { CONFIG, SCHEMA } from './style.ts';
import {
  axisTitle, combinationLabel, combinations, dimensions, isNumeric, matches, seedsNote, TITLE_CHAR_PX, verticalTitle,
  type Dimension, type SweepChartInput,
} from './sweep-dimensions.ts';

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

/**
 * A cell's kind: coloured by the share of seeds metastable, or set apart when more of its seeds
 * were still recovering (draining) when the run ended than metastable (a longer run would
 * tell; at a tie the metastable seeds are what the cell shows), or when none of its seeds got
 * a verdict.
 */
export const OTHER_OUTCOMES = { still: 'still recovering', none: 'no verdict' } as const;
const OTHER_COLORS = ['#9ecae1', '#d9d9d9'];

type Cell = Record<string, string | number | null>;

/** One cell of the map from its point (undefined: no point there). */
export function mapCell(x: string, y: string, p: SweepChartInput['points'][number] | undefined): Cell {
  const s = p?.metastable_share ?? null;
  const base = { x, y, share: s?.share ?? null, lo: s?.lo ?? null, hi: s?.hi ?? null, seeds: p?.seeds ?? null, still: p?.still_recovering ?? null, kind: null };
  if (p === undefined || s === null) return { ...base, share: null, text: 'n/a', count: '' };
  const metastable = Math.round(s.share * p.seeds);
  if (p.no_verdict === p.seeds) return { ...base, share: null, kind: OTHER_OUTCOMES.none, text: '–', count: 'no verdict' };
  if (p.still_recovering > metastable) {
    return { ...base, share: null, kind: OTHER_OUTCOMES.still, text: 'still', count: `${p.still_recovering} of ${p.seeds}` };
  }
  return { ...base, text: `${Math.round(s.share * 100)}%`, count: `${metastable} of ${p.seeds}` };
}

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
    { field: 'still', type: 'quantitative', title: 'seeds still recovering' },
    { field: 'seeds', type: 'quantitative' },
  ];
  const data = { values: rows };
  // Dark cells get white text: the threshold is where the scheme's lightness crosses the middle.
  const textColor = { condition: { test: 'isValid(datum.share) && datum.share > 0.55', value: '#ffffff' }, value: '#111111' };
  const rect = { type: 'rect', stroke: '#ffffff', strokeWidth: 1.5 };
  const panel: Spec = {
    width: CELL_WIDTH * x.values.length,
    height: mapHeight(y),
    layer: [
      {
        data,
        transform: [{ filter: 'datum.kind === null' }],
        mark: rect,
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
      // The other outcomes take a colour of their own, on a legend of their own (fill, not color).
      {
        data,
        transform: [{ filter: 'datum.kind !== null' }],
        mark: rect,
        encoding: {
          x: xEnc, y: yEnc, tooltip,
          fill: {
            field: 'kind', type: 'nominal',
            scale: { domain: Object.values(OTHER_OUTCOMES), range: OTHER_COLORS },
            legend: {
              title: 'other outcomes', orient: 'bottom', direction: 'horizontal', titleLimit: 320, labelLimit: 240,
              symbolType: 'square', symbolSize: 180, symbolStrokeWidth: 0, symbolOpacity: 1,
            },
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

/** How the seeds ended, over two numeric paths; null when fewer than two numeric paths vary. */
export function metastabilityMap(input: SweepChartInput): Chart | null {
  if (!hasMetastabilityMap(input)) return null;
  const dims = dimensions(input);
  const { x, y } = mapAxes(dims)!;
  const panelDims = dims.filter((d) => d !== x && d !== y);
  const combos = combinations(panelDims);
  const sideBySide = combos.length > 1 && combos.length <= 3 && combos.length * CELL_WIDTH * x.values.length + (combos.length - 1) * 80 <= SIDE_BY_SIDE_WIDTH;
  const panels = combos.map((combo, i) => {
    // Several points in one cell (a path not on either axis nor a panel) cannot happen: every other path is a panel.
    const rows = x.values.flatMap((xv) => y.values.map((yv) =>
      mapCell(xv, yv, input.points.find((q) => matches(q, combo) && q.values[x.path] === xv && q.values[y.path] === yv))));
    return mapPanel(panelDims.length === 0 ? null : combinationLabel(panelDims, combo), rows, x, y, !sideBySide || i === 0);
  });
  const subtitle = [
    `${input.scenario}: in each cell, the share of seeds whose run ended metastable`,
    '(the bad state sustained itself to the end), and of how many; "still": more seeds',
    `were still draining their backlog when the run ended; ${seedsNote(input.points)}`,
  ];
  const spec: Spec = {
    $schema: SCHEMA,
    title: { text: 'Metastability map', subtitle },
    config: CONFIG,
    ...(sideBySide ? { hconcat: panels } : { vconcat: panels }),
    resolve: { scale: { color: 'shared', fill: 'shared' } },
  };
  return { id: 'metastability-map', title: 'Metastability map', caption: SWEEP_CAPTIONS['metastability-map'], spec };
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

