/**
 * Opens a report.html in Debian's headless Chromium (driven by playwright-core, which brings no
 * browser of its own) and says what a reader's browser would have seen: console errors, uncaught
 * page errors, requests that left the file, charts drawn as SVG, and whether hovering a mark
 * showed vega-tooltip's tooltip. Any test that has a report on disk can call inspectReport.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Whether a missing browser must fail the browser tests rather than skip them. `.ci/run` says so
 * with SIMULATE_BROWSER_REQUIRED: 1 once /usr/bin/chromium is there (found or installed), 0 only
 * where it cannot be installed (no apt-get, no root or sudo, apt-get failed: it prints why). With
 * neither, a CI run (CI set, and not "false" or "0") requires it and a developer's does not.
 */
export function browserRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.SIMULATE_BROWSER_REQUIRED === '1') return true;
  if (env.SIMULATE_BROWSER_REQUIRED === '0') return false;
  return env.CI !== undefined && !['', '0', 'false'].includes(env.CI.toLowerCase());
}

/** Why a browser test fails without a browser (for expect.fail). */
export function missingBrowserFailure(env: NodeJS.ProcessEnv = process.env): string {
  return (
    `${CHROMIUM_PATH} is missing, and this run requires it (CI=${env.CI ?? ''}, SIMULATE_BROWSER_REQUIRED=${env.SIMULATE_BROWSER_REQUIRED ?? ''}). ` +
    '.ci/run should have installed it (`apt-get install -y chromium`); a CI job that runs `npm test` itself must install it first.'
  );
}

/** What a skipped browser test prints (console.warn), naming the install command. */
export function missingBrowserWarning(testFile: string): string {
  return `${testFile}: skipped, no browser at ${CHROMIUM_PATH}. Install Debian's Chromium to run it: \`sudo apt-get update && sudo apt-get install -y chromium\` (.ci/run does this).`;
}

export interface ReportInspection {
  consoleErrors: string[];
  /** console.warn messages: not failures (vega-lite warns of things a spec may mean), but worth a look. */
  consoleWarnings: string[];
  /** URLs of requests other than the report itself (data: and blob: URLs are not requests out). */
  externalRequests: string[];
  /** `.chart` containers in the page, and how many of them hold an `<svg>`. */
  charts: number;
  chartsWithSvg: number;
  /** Texts of `.chart-error` messages the page shows where a chart failed. */
  chartErrors: string[];
  pageErrors: string[];
  /** Messages of alert/confirm/prompt dialogs the page opened (dismissed at once): injected script ran. */
  dialogs: string[];
  /** Hovering a mark of some chart made vega-tooltip's element visible with text in it. */
  tooltipShown: boolean;
}

export interface InspectOptions {
  /** How long to wait for every chart to be drawn (ms). */
  timeout?: number;
}

function isExternal(url: string, reportUrl: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return false;
  return url.split('#')[0] !== reportUrl;
}

/**
 * The same rule for a page made of several files (the playground's build folder): a request
 * stays home if it is data:, blob:, or a file inside `folderUrl` (a file:// URL ending in `/`).
 */
export function leavesFolder(url: string, folderUrl: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return false;
  return !url.split('#')[0]!.startsWith(folderUrl);
}

/** Marks of the charts (not axes or legends), in the order they are tried: points and bars first. */
const MARK_ITEMS = '.chart svg .role-mark > [role="graphics-symbol"]';
const MARK_PRIORITY = ['mark-symbol', 'mark-rect', 'mark-line', 'mark-area', 'mark-'];
const TRIES_PER_CHART = 6;

/**
 * Where to put the pointer to hit a mark: on a line, a point halfway along its path (the middle
 * of its bounding box is usually off the line); on anything else, the middle of its box. The
 * mark is scrolled into view first, as mouse coordinates are the viewport's.
 */
function hoverPoint(args: [string, number]): { x: number; y: number } | null {
  const el = document.querySelectorAll(args[0])[args[1]] as SVGGraphicsElement | undefined;
  if (el === undefined) return null;
  el.scrollIntoView({ block: 'center', inline: 'center' });
  const group = el.parentElement?.getAttribute('class') ?? '';
  if (el instanceof SVGPathElement && /mark-(line|rule|trail)/.test(group) && el.getTotalLength() > 0) {
    const ctm = el.getScreenCTM();
    if (ctm !== null) {
      const p = el.getPointAtLength(el.getTotalLength() / 2).matrixTransform(ctm);
      return { x: p.x, y: p.y };
    }
  }
  const box = el.getBoundingClientRect();
  return box.width === 0 && box.height === 0 ? null : { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Per chart, the indices (in MARK_ITEMS order) of the marks to try, best candidates first. */
function markCandidates(args: [string, string[], number]): number[] {
  const [selector, priority, perChart] = args;
  // No named helper functions in here: tsx's esbuild would wrap them in a `__name` the page lacks.
  const all = [...document.querySelectorAll(selector)].map((el, i) => {
    const group = el.parentElement?.getAttribute('class') ?? '';
    return { el, i, r: priority.findIndex((p) => group.includes(p)) };
  });
  return [...document.querySelectorAll('.chart')].flatMap((chart) =>
    all
      .filter((m) => chart.contains(m.el) && m.r >= 0)
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .slice(0, perChart)
      .map((m) => m.i),
  );
}

/** Hovers marks, chart by chart, until vega-tooltip's element is visible with text in it. */
async function showsTooltip(page: Page): Promise<boolean> {
  const candidates = await page.evaluate(markCandidates, [MARK_ITEMS, MARK_PRIORITY, TRIES_PER_CHART] as [string, string[], number]);
  for (const index of candidates) {
    const point = await page.evaluate(hoverPoint, [MARK_ITEMS, index] as [string, number]);
    if (point === null) continue;
    await page.mouse.move(point.x, point.y);
    const shown = await page
      .waitForFunction(() => {
        const el = document.getElementById('vg-tooltip-element');
        return el !== null && el.classList.contains('visible') && getComputedStyle(el).visibility === 'visible' && el.textContent!.trim() !== '';
      }, undefined, { timeout: 500 })
      .then(() => true, () => false);
    if (shown) return true;
    await page.mouse.move(0, 0);
  }
  return false;
}

export async function inspectReport(htmlPath: string, options: InspectOptions = {}): Promise<ReportInspection> {
  const reportUrl = pathToFileURL(resolve(htmlPath)).href;
  const profile = await mkdtemp(join(tmpdir(), 'report-browser-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, offline: true });
  try {
    const result: ReportInspection = { consoleErrors: [], consoleWarnings: [], externalRequests: [], charts: 0, chartsWithSvg: 0, chartErrors: [], pageErrors: [], dialogs: [], tooltipShown: false };
    context.on('request', (req) => {
      if (isExternal(req.url(), reportUrl)) result.externalRequests.push(req.url());
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') result.consoleErrors.push(m.text());
      if (m.type() === 'warning') result.consoleWarnings.push(m.text());
    });
    page.on('pageerror', (e) => result.pageErrors.push(e.message));
    page.on('dialog', (d) => {
      result.dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(reportUrl, { waitUntil: 'load' });
    await page
      .waitForFunction(() => [...document.querySelectorAll('.chart')].every((c) => c.querySelector('svg') !== null || c.querySelector('.chart-error') !== null), undefined, {
        timeout: options.timeout ?? 20_000,
      })
      .catch(() => undefined); // counted below: a chart still without an SVG is the finding
    const counts = await page.evaluate(() => {
      const charts = [...document.querySelectorAll('.chart')];
      return {
        charts: charts.length,
        chartsWithSvg: charts.filter((c) => c.querySelector('svg') !== null).length,
        chartErrors: [...document.querySelectorAll('.chart-error')].map((e) => e.textContent ?? ''),
      };
    });
    Object.assign(result, counts);
    result.tooltipShown = await showsTooltip(page);
    return result;
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
