#!/usr/bin/env node
/**
 * Screenshots of report.html for docs/gallery/report/ (checked in, as the rest of the gallery
 * is, so docs/report.md shows the page without a run):
 *
 *   simulate <scenario> --format svg ─▶ <tmp>/report.html ─ Chromium (file://) ─▶
 *     desktop.png (1280 px), phone.png (390 px), print.png (print media, an A4 page's width),
 *     of retry-storm-compared.yaml (three variants, ranked); single.png (1280 px) of retry-storm.yaml
 *
 * The top of each page (the banner, the ranked table, the first charts), not the whole scroll: a
 * picture thousands of pixels tall shrinks to nothing in a document. Debian's Chromium
 * (/usr/bin/chromium) driven by playwright-core, as test/report/report-browser.test.ts does.
 *
 * Usage: node scripts/report-screenshots.mjs [OUT_DIR]   (default docs/gallery/report)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'docs/gallery/report'));
/** test/support/browser.ts's CHROMIUM_ARGS (a .mjs cannot import the .ts). */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** An A4 page's printable width at 96 CSS px per inch (210 mm less 2 × 10 mm margins). */
const PRINT_WIDTH = 718;

const SHOTS = [
  { file: 'desktop.png', scenario: 'retry-storm-compared', viewport: { width: 1280, height: 900 }, height: 1500 },
  { file: 'phone.png', scenario: 'retry-storm-compared', viewport: { width: 390, height: 844 }, height: 2400, isMobile: true, hasTouch: true },
  { file: 'print.png', scenario: 'retry-storm-compared', viewport: { width: PRINT_WIDTH, height: 1000 }, height: 1800, print: true },
  { file: 'single.png', scenario: 'retry-storm', viewport: { width: 1280, height: 900 }, height: 1300 },
];

async function shoot(browser, reportUrl, shot) {
  const context = await browser.newContext({ viewport: shot.viewport, deviceScaleFactor: 1, isMobile: shot.isMobile ?? false, hasTouch: shot.hasTouch ?? false, offline: true });
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`${shot.file}: page error: ${e.message}`));
    if (shot.print) await page.emulateMedia({ media: 'print' });
    await page.goto(reportUrl, { waitUntil: 'load' });
    await page.waitForFunction(() => [...document.querySelectorAll('.chart')].every((c) => c.querySelector('svg') !== null), undefined, { timeout: 60_000 });
    await page.waitForTimeout(300); // vega-embed's last layout pass
    const size = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight }));
    const clip = { x: 0, y: 0, width: shot.viewport.width, height: Math.min(size.height, shot.height) };
    await page.screenshot({ path: join(out, shot.file), fullPage: true, clip });
    const overflow = size.width > shot.viewport.width ? `, WIDER than the viewport by ${size.width - shot.viewport.width} px` : '';
    console.log(`${join(out, shot.file)}: ${clip.width}x${clip.height} of a ${size.width}x${size.height} CSS px page${overflow}`);
  } finally {
    await context.close();
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'report-shots-'));
try {
  const reports = {};
  for (const name of new Set(SHOTS.map((s) => s.scenario))) {
    const dir = join(tmp, name);
    // Exit 0 or 1 (an assertion failed) both leave a report; anything else throws here.
    try {
      execFileSync(process.execPath, [join(root, 'src/cli/simulate.mjs'), `scenarios/${name}.yaml`, '--out', dir, '--format', 'svg', '--quiet'], { cwd: root, stdio: 'inherit' });
    } catch (e) {
      if (e.status !== 1) throw e;
    }
    reports[name] = pathToFileURL(join(dir, 'report.html')).href;
  }
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS, headless: true });
  try {
    for (const shot of SHOTS) await shoot(browser, reports[shot.scenario], shot);
  } finally {
    await browser.close();
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
