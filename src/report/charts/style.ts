/**
 * The look every chart shares, kept in one place so a restyle is one edit. Chosen for design
 * reviews: readable at 800 px wide, and every line told apart by its dash as well as its
 * colour, so a grayscale print still separates them.
 */

/** Plot width in pixels: with the axis and legend it fits 800 px. */
export const PANEL_WIDTH = 560;
export const PANEL_HEIGHT = 140;

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Colours that differ in lightness as well as hue (ColorBrewer Dark2 order, with a dark blue first). */
export const PALETTE = ['#1b4f9c', '#d95f02', '#1b9e77', '#7570b3', '#a6761d', '#e7298a', '#666666', '#66a61e'];

/** Dash patterns ([dash, gap] in pixels), one per series, so lines differ without colour. */
export const DASHES: number[][] = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [12, 2], [3, 6]];

/** Fills for stacked areas, dark to light, so stacked bands stay distinct in grayscale. */
export const FILLS = ['#08306b', '#d95f02', '#6baed6', '#7a0177', '#fdae6b', '#bdbdbd'];

export const FAULT_SHADE = '#000000';
export const FAULT_OPACITY = 0.09;

export const CONFIG = {
  font: 'DejaVu Sans, Verdana, sans-serif',
  padding: 8,
  view: { stroke: '#bbbbbb' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, orient: 'right', labelLimit: 260, symbolStrokeWidth: 2.5, symbolSize: 300, symbolType: 'stroke' },
  title: { fontSize: 14, subtitleFontSize: 11, anchor: 'start', subtitleColor: '#444444', offset: 6 },
  header: { labelFontSize: 12 },
  concat: { spacing: 18 },
  line: { strokeWidth: 1.8 },
};

/** A colour and a dash for each name, in the order given. */
export function seriesScales(names: readonly string[]): { color: { domain: string[]; range: string[] }; dash: { domain: string[]; range: number[][] } } {
  return {
    color: { domain: [...names], range: names.map((_, i) => PALETTE[i % PALETTE.length]) },
    dash: { domain: [...names], range: names.map((_, i) => DASHES[i % DASHES.length]) },
  };
}
