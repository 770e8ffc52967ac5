/**
 * What the charts of a sweep read (SweepChartInput), and the varied paths seen as axes: each
 * path's kind of value (a rate, a duration, a share, a number, a name), its values in order, and
 * the combinations of paths that panels stand for. Shared by the goodput chart
 * (sweep-charts.ts) and the metastability map (metastability-map.ts).
 */
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
    /** Seeds that ended still recovering, and with no verdict (the rest recovered or were metastable). */
    still_recovering: number;
    no_verdict: number;
    seeds: number;
  }[];
}

export type SweepPoint = SweepChartInput['points'][number];

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
export function numberOf(point: SweepPoint, path: string): number | null {
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

export const UNIT_WORDS: Record<UnitKind, string> = { rate: 'per second', duration: 's', fraction: 'share', number: '', category: '' };

/** An axis title with the unit: `faults[0].for (s)`, `clients.web.arrival.rate (per second)`. */
export function axisTitle(d: Dimension): string {
  const unit = UNIT_WORDS[d.kind];
  return unit === '' ? d.path : `${d.path} (${unit})`;
}

/**
 * Width of a character of an axis title as vega estimates it when laying out the panels without a
 * canvas (0.8 em at the title's 12 px): more than DejaVu Sans draws, but the layout follows it.
 */
export const TITLE_CHAR_PX = 0.8 * 12;

/** A vertical axis title in two lines (path, unit) when it would be longer than the axis. */
export function verticalTitle(d: Dimension, height: number): string | string[] {
  const title = axisTitle(d);
  const unit = UNIT_WORDS[d.kind];
  return title.length * TITLE_CHAR_PX <= height || unit === '' ? title : [d.path, `(${unit})`];
}

export const isNumeric = (d: Dimension) => d.kind !== 'category';

/** `path=value, path=value` naming one combination of the given paths. */
export function combinationLabel(dims: readonly Dimension[], values: Record<string, string>): string {
  return dims.map((d) => `${d.path}=${values[d.path]}`).join(', ');
}

/** Every combination of the given paths' values, in grid order (the first path varies slowest). */
export function combinations(dims: readonly Dimension[]): Record<string, string>[] {
  return dims.reduce<Record<string, string>[]>((acc, d) => acc.flatMap((c) => d.values.map((v) => ({ ...c, [d.path]: v }))), [{}]);
}

export const matches = (p: SweepPoint, combo: Record<string, string>) => Object.entries(combo).every(([path, v]) => p.values[path] === v);

/** A 95% interval note, with the seeds per point when they are all the same. */
export function seedsNote(points: readonly SweepPoint[]): string {
  const seeds = [...new Set(points.map((p) => p.seeds))];
  return seeds.length === 1 ? `${seeds[0]} seed${seeds[0] === 1 ? '' : 's'} per point` : `${Math.min(...seeds)}-${Math.max(...seeds)} seeds per point`;
}

