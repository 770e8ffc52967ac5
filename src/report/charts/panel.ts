/**
 * The building blocks of every chart: a time panel (lines or stacked areas over simulated time,
 * with fault windows shaded and labelled, and optional horizontal rules such as a timeout), and
 * the top-level spec that stacks panels vertically with one shared legend.
 */
import type { FaultMark, Point } from './chart-data.ts';
import { CONFIG, FAULT_OPACITY, FAULT_SHADE, FILLS, PANEL_HEIGHT, PANEL_WIDTH, SCHEMA, seriesScales } from './style.ts';

export type Spec = Record<string, unknown>;

export interface TimePanel {
  title: string;
  points: Point[];
  /** The legend's title: what a series is (`measure`, `variant`, `service`, `reason`). */
  seriesTitle: string;
  /** Every series name, in legend order (fixes the colours, whichever appear in this panel). */
  seriesOrder: readonly string[];
  yTitle: string;
  /** `log` for latencies; `fraction` for 0..1 values shown as percentages. */
  yKind?: 'linear' | 'log' | 'fraction';
  faults: readonly FaultMark[];
  /** Horizontal reference lines, e.g. the timeout. */
  rules?: readonly { value: number; label: string }[];
  /** Simulated time shown: [0, end]. */
  end: number;
  /** Stacked areas (failures by reason) instead of lines. */
  stacked?: boolean;
  /** The chart shares one y scale over its panels (no per-panel domain then: vega-lite would warn of the conflict). */
  sharedY?: boolean;
  /** Where arrivals stop and work in flight drains, when the run went on past it. */
  drainFrom?: number | null;
}

const TIME_AXIS = { title: 'simulated time (s)' };

function yEncoding(panel: TimePanel): Spec {
  const y: Spec = { field: 'value', type: 'quantitative', title: panel.yTitle };
  // A measure that stays at zero still gets a readable axis (0 to 1, not 0 to 0).
  if ((panel.yKind === undefined || panel.yKind === 'linear') && !panel.sharedY) y.scale = { domain: { unionWith: [0, 1] } };
  if (panel.yKind === 'log') y.scale = { type: 'log' };
  if (panel.yKind === 'fraction') Object.assign(y, { scale: { domain: [0, 1] }, axis: { format: '.0%' } });
  if (panel.stacked) y.stack = 'zero';
  return y;
}

/** A label at the top of the plot, on a white halo so that lines under it do not hide it. */
function topLabels(data: { values: Record<string, unknown>[] }, x: Spec, align: 'left' | 'right'): Spec[] {
  const mark = { type: 'text', align, baseline: 'top', dx: align === 'left' ? 3 : -3, dy: 3, fontSize: 10 };
  // `row`, when the data has it, is a pixel offset from the top (scale: null uses it as is).
  const rows = (data.values as Record<string, unknown>[]).some((v) => 'row' in v);
  const encoding = { x, y: rows ? { field: 'row', type: 'quantitative', scale: null } : { value: 0 }, text: { field: 'label' } };
  return [
    { data, mark: { ...mark, stroke: '#ffffff', strokeWidth: 3, strokeOpacity: 0.85, color: '#ffffff' }, encoding },
    { data, mark: { ...mark, color: '#222222' }, encoding },
  ];
}

function faultLayers(panel: TimePanel): Spec[] {
  if (panel.faults.length === 0) return [];
  const data = { values: panel.faults.map((f) => ({ ...f })) };
  const x = { field: 'start', type: 'quantitative' };
  return [
    { data, mark: { type: 'rect', color: FAULT_SHADE, opacity: FAULT_OPACITY }, encoding: { x, x2: { field: 'end' } } },
  ];
}

/**
 * Fault labels at the top of the plot; a label that starts within a sixth of the time axis of
 * the one before it goes a line lower, so that labels do not print over each other.
 */
function faultLabels(panel: TimePanel): Spec[] {
  if (panel.faults.length === 0) return [];
  const rows: { start: number; row: number }[] = [];
  const values = [...panel.faults].sort((a, b) => a.start - b.start).map((f) => {
    const crowded = rows.filter((r) => f.start - r.start < panel.end / 6).map((r) => r.row);
    const row = [0, 1, 2, 3].find((r) => !crowded.includes(r)) ?? 0;
    rows.push({ start: f.start, row });
    return { ...f, row: row * 12 };
  });
  return topLabels({ values }, { field: 'start', type: 'quantitative' }, 'left');
}

function drainLayers(panel: TimePanel): Spec[] {
  // A drain too short to see needs no label (it would run off the plot's right edge).
  if (panel.drainFrom === undefined || panel.drainFrom === null || panel.drainFrom > 0.9 * panel.end) return [];
  const data = { values: [{ t: panel.drainFrom, label: 'arrivals stop: draining' }] };
  const x = { field: 't', type: 'quantitative' };
  return [
    { data, mark: { type: 'rule', color: '#555555', strokeDash: [2, 2], strokeWidth: 1 }, encoding: { x } },
    ...topLabels(data, x, 'left'),
  ];
}

function ruleLayers(panel: TimePanel): Spec[] {
  if (!panel.rules || panel.rules.length === 0) return [];
  const data = { values: panel.rules.map((r) => ({ ...r })) };
  const y = { field: 'value', type: 'quantitative' };
  return [
    { data, mark: { type: 'rule', color: '#000000', strokeDash: [4, 3], strokeWidth: 1 }, encoding: { y } },
    {
      data,
      mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -2, fontSize: 10, color: '#000000' },
      encoding: { y, x: { value: PANEL_WIDTH - 4 }, text: { field: 'label' } },
    },
  ];
}

function seriesLayer(panel: TimePanel): Spec {
  const scales = seriesScales(panel.seriesOrder);
  const tooltip = [
    { field: 't', type: 'quantitative', title: 'time (s)' },
    { field: 'series', type: 'nominal', title: panel.seriesTitle },
    { field: 'value', type: 'quantitative', title: panel.yTitle, format: panel.yKind === 'fraction' ? '.1%' : ',.4~g' },
  ];
  const x = { field: 't', type: 'quantitative', title: TIME_AXIS.title, scale: { domain: [0, panel.end], nice: false } };
  const legend = { title: panel.seriesTitle };
  const encoding: Spec = { x, y: yEncoding(panel), tooltip };
  if (panel.stacked) {
    encoding.color = { field: 'series', type: 'nominal', legend: { ...legend, symbolType: 'square' }, scale: { domain: scales.color.domain, range: FILLS } };
    encoding.order = { field: 'order', type: 'quantitative' };
    return {
      data: { values: panel.points.filter((p) => p.t < panel.end).map((p) => ({ ...p, order: panel.seriesOrder.indexOf(p.series) })) },
      mark: { type: 'area', opacity: 0.9, interpolate: 'step-after' },
      encoding,
    };
  }
  encoding.color = { field: 'series', type: 'nominal', legend, scale: scales.color };
  encoding.strokeDash = { field: 'series', type: 'nominal', legend, scale: scales.dash };
  // On a log axis a zero has no place: it becomes a gap (a missing value), never the last value carried across it.
  const values = panel.points.filter((p) => p.t < panel.end).map((p) => (panel.yKind === 'log' && p.value !== null && p.value <= 0 ? { ...p, value: null } : p));
  return { data: { values }, mark: { type: 'line', interpolate: 'step-after', point: false }, encoding };
}

export function timePanel(panel: TimePanel): Spec {
  return {
    title: { text: panel.title },
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    layer: [...faultLayers(panel), ...drainLayers(panel), seriesLayer(panel), ...ruleLayers(panel), ...faultLabels(panel)],
  };
}

/** A whole chart: panels stacked vertically, one legend per series kind. */
export function chartSpec(title: string, subtitle: readonly string[], panels: readonly Spec[], scales: Record<string, 'shared'> = {}): Spec {
  return {
    $schema: SCHEMA,
    title: subtitle.length > 0 ? { text: title, subtitle: [...subtitle] } : { text: title },
    config: CONFIG,
    vconcat: [...panels],
    resolve: { scale: { color: 'shared', strokeDash: 'shared', ...scales } },
  };
}

/** A panel in place of data that does not exist (no failures at all), so the chart still says so. */
export function notePanel(title: string, note: string): Spec {
  return {
    title: { text: title },
    width: PANEL_WIDTH,
    height: 40,
    data: { values: [{ note }] },
    mark: { type: 'text', fontSize: 12, color: '#444444' },
    encoding: { text: { field: 'note' } },
  };
}
