#!/usr/bin/env node
/**
 * Screenshots of the browser playground for docs/gallery/playground/ (checked in, as the rest of
 * the gallery is, so docs/playground.md shows the page without a build):
 *
 *   scripts/build-web.mjs ─▶ <tmp>/index.html ─ Chromium (file://) ─ retry-storm-compared.yaml,
 *   run in the page ─▶ desktop.png (1280 px wide) and phone.png (390 px wide), whole page
 *
 * Both widths are the ones issue 16 asks to check by eye: a reviewer at a desk and one who taps
 * a link in a chat on a phone. Debian's Chromium (/usr/bin/chromium) driven by playwright-core,
 * as test/web/playground-browser.test.ts does.
 *
 * Usage: node scripts/playground-screenshots.mjs [OUT_DIR]   (default docs/gallery/playground)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'docs/gallery/playground'));
const SCENARIO = 'retry-storm-compared.yaml';
/** test/support/browser.ts's CHROMIUM_ARGS (a .mjs cannot import the .ts). */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/**
 * The top of the page (editor, verdict, the first charts), not the whole scroll: the whole page of
 * three variants is over 6,000 px tall, and a picture in a README shrinks to nothing at that height.
 */
const SHOTS = [
  { file: 'desktop.png', viewport: { width: 1280, height: 900 }, height: 1400 },
  { file: 'phone.png', viewport: { width: 390, height: 844 }, height: 2000, isMobile: true, hasTouch: true },
];

async function shoot(browser, pageUrl, shot) {
  const context = await browser.newContext({ viewport: shot.viewport, deviceScaleFactor: 1, isMobile: shot.isMobile ?? false, hasTouch: shot.hasTouch ?? false, offline: true });
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`${shot.file}: page error: ${e.message}`));
    await page.goto(pageUrl, { waitUntil: 'load' });
    await page.waitForFunction(() => typeof window.playground?.setText === 'function', undefined, { timeout: 20_000 });
    const bundled = await page.$$eval('[data-testid=scenario-menu] option', (options) => options.map((o) => o.value));
    if (bundled.includes(SCENARIO)) {
      await page.selectOption('[data-testid=scenario-menu]', SCENARIO);
      await page.waitForFunction(() => window.playground.getText().includes('name: retry-storm-compared'), undefined, { timeout: 10_000 });
    } else {
      // A page that leaves out files with extends: still shows something worth looking at.
      console.warn(`${SCENARIO} is not in the menu; showing retry-storm.yaml`);
      await page.evaluate((text) => window.playground.setText(text), readFileSync(join(root, 'scenarios/retry-storm.yaml'), 'utf8'));
    }
    await page.evaluate(() => window.playground.run());
    await page.waitForSelector('[data-testid=status][data-state=done]', { state: 'attached', timeout: 120_000 });
    await page.waitForSelector('[data-testid=charts] svg', { timeout: 30_000 });
    await page.waitForTimeout(500); // vega-embed's last layout pass
    await page.evaluate(() => window.scrollTo(0, 0));
    const size = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight }));
    // Clipped to the viewport's width: a page wider than its viewport scrolls sideways, which is
    // worth knowing (printed below), but the picture shows what the screen shows.
    const clip = { x: 0, y: 0, width: shot.viewport.width, height: Math.min(size.height, shot.height) };
    await page.screenshot({ path: join(out, shot.file), fullPage: true, clip });
    const overflow = size.width > shot.viewport.width ? `, WIDER than the viewport: scrolls sideways by ${size.width - shot.viewport.width} px` : '';
    console.log(`${join(out, shot.file)}: ${clip.width}x${clip.height} of a ${size.width}x${size.height} CSS px page${overflow}`);
  } finally {
    await context.close();
  }
}

const build = mkdtempSync(join(tmpdir(), 'playground-shots-'));
try {
  execFileSync(process.execPath, [join(root, 'scripts/build-web.mjs'), build], { cwd: root, stdio: 'inherit' });
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS, headless: true });
  try {
    for (const shot of SHOTS) await shoot(browser, pathToFileURL(join(build, 'index.html')).href, shot);
  } finally {
    await browser.close();
  }
} finally {
  rmSync(build, { recursive: true, force: true });
}
