/**
 * vega-lite spec ─compile─▶ vega spec ─headless view─▶ SVG ─resvg─▶ PNG. No browser and no
 * canvas: vega measures text with its own estimates, and resvg draws the SVG with the system's
 * fonts (DejaVu Sans on Debian; any sans-serif font otherwise).
 */
import type { TopLevelSpec } from 'vega-lite';

/** vega's log level for warnings (vega-util's `Warn`). */
const Warn = 2;

/** The renderers load on first use: a second of start-up that `--no-charts` and bad input never pay. */
const libraries = async () => {
  const [{ parse, View, logger }, { compile }, { Resvg }] = await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
  return { parse, View, logger, compile, Resvg };
};
let loaded: ReturnType<typeof libraries> | null = null;

/**
 * The SVG of a vega-lite spec. vega-lite's and vega's warnings go to `onWarning` (tests demand
 * none from our charts) rather than to the user's terminal.
 */
export async function renderSvg(spec: Record<string, unknown>, onWarning: (message: string) => void = () => {}): Promise<string> {
  const { parse, View, compile, logger } = await (loaded ??= libraries());
  const log = logger(Warn);
  log.warn = (...args: readonly unknown[]) => {
    onWarning(args.map(String).join(' '));
    return log;
  };
  const compiled = compile(spec as unknown as TopLevelSpec, { logger: log }).spec;
  const view = new View(parse(compiled), { renderer: 'none', logger: log });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG at `scale` times the SVG's size (2: sharp when shown at the SVG's own width). */
export async function renderPng(svg: string, scale = 2): Promise<Uint8Array> {
  const { Resvg } = await (loaded ??= libraries());
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
