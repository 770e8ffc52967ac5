/**
 * report.html in a real browser: Debian's Chromium, headless, driven by playwright-core. The page
 * must load with no console or page errors, make no request beyond its own file, draw every
 * chart as an SVG, and show vega-tooltip's tooltip on hover.
 *
 * Without /usr/bin/chromium the test is skipped with a warning on a developer's machine, and
 * fails under CI (see browserRequired): `.ci/run` installs the browser and exports
 * SIMULATE_BROWSER_REQUIRED=1, or =0 with a line saying why where none can be installed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScenarioFileWithVariants } from '../../src/cli/read-scenario.ts';
import { readReportScripts } from '../../src/cli/report-scripts.ts';
import { scenarioRuns } from '../../src/cli/run-command.ts';
import { runCharts } from '../../src/report/charts/charts.ts';
import { reportHtml, type ReportInput } from '../../src/report/html.ts';
import { rankRuns } from '../../src/report/ranking.ts';
import { reportInput, type ResultRun } from '../../src/report/report-input.ts';
import { runScenario } from '../../src/run.ts';
import { simulate } from '../support/cli.ts';
import { browserRequired, chromiumInstalled, CHROMIUM_ARGS, CHROMIUM_PATH, inspectReport, missingBrowserFailure, missingBrowserWarning } from '../support/browser.ts';
import { afterTitle, isShown, overflowOf } from '../support/page-layout.ts';
import { sampleCharts, TINY_FILE, TINY_YAML, tinyRun } from './report-fixture.ts';

const installed = chromiumInstalled();
const required = browserRequired();

if (!installed && !required) console.warn(missingBrowserWarning('test/report/report-browser.test.ts'));

/** Loaded with no errors and no requests out, every one of `charts` charts drawn as SVG, a tooltip on hover. */
function expectCleanReport(seen: Awaited<ReturnType<typeof inspectReport>>, charts: number): void {
  expect(seen.consoleErrors).toEqual([]);
  expect(seen.pageErrors).toEqual([]);
  expect(seen.externalRequests).toEqual([]);
  expect(seen.chartErrors).toEqual([]);
  expect(seen.charts).toBe(charts);
  expect(seen.chartsWithSvg).toBe(charts);
  expect(seen.tooltipShown).toBe(true);
}

describe('report.html in headless Chromium', () => {
  it.runIf(!installed && required)('has a browser to open the report in', () => {
    expect.fail(missingBrowserFailure());
  });

  const dir = mkdtempSync(join(tmpdir(), 'report-html-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function writeReport(name: string, extra: Partial<ReportInput> = {}): string {
    const one = tinyRun();
    const two = tinyRun({ seed: 2 });
    const path = join(dir, name);
    const html = reportHtml({
      title: 'tiny-report',
      description: `${one.scenario.description}\n</script><script>alert(1)</script>`,
      sources: [{ file: TINY_FILE, text: TINY_YAML }],
      runs: [one.run, two.run],
      charts: sampleCharts(one.result),
      scripts: readReportScripts(),
      ...extra,
    });
    writeFileSync(path, html);
    return path;
  }

  it.skipIf(!installed)('loads offline with no errors, draws every chart as SVG, and shows tooltips', async () => {
    const seen = await inspectReport(writeReport('report.html'));
    expect(seen.dialogs).toEqual([]);
    expectCleanReport(seen, 3);
  });

  it.skipIf(!installed)('the report `simulate compare` writes opens the same way, every real chart drawn', async () => {
    const out = join(dir, 'compared');
    const run = await simulate(['compare', 'scenarios/mm1.yaml', 'test/fixtures/valid/minimal.yaml', '--out', out, '--format', 'svg', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    expectCleanReport(await inspectReport(join(out, 'report.html')), 4);
  });

  it.skipIf(!installed)('catches a chart that reaches out: the request is refused and reported', async () => {
    // A spec that would load its data from elsewhere (a loopback port nothing listens on):
    // the page's content security policy refuses it, and the chart says it could not be drawn.
    const outside = { id: 'outside', title: 'Data from elsewhere', spec: { data: { url: 'http://127.0.0.1:9/data.csv' }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } } };
    const seen = await inspectReport(writeReport('reaching-out.html', { charts: [outside] }), { timeout: 10_000 });
    expect(seen.consoleErrors.length + seen.externalRequests.length).toBeGreaterThan(0);
    expect(seen.chartsWithSvg + seen.chartErrors.length).toBeGreaterThan(0);
  });
});

/**
 * The report as a reviewer opens it (issue 17): the answer right under the title, at a desk
 * (1280 px), on a phone (390 px) and printed. Each scenario is run once, in this process, and its
 * report opened once in one shared browser: the page is resized and switched to print media in
 * place (vega's charts have a fixed width, so the overflow check holds without a redraw).
 */
describe('report.html opens with the answer, at 1280 px, 390 px and in print', () => {
  let browser: Browser | null = null;
  const shots = mkdtempSync(join(tmpdir(), 'report-shots-'));
  beforeAll(async () => {
    if (installed) browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(shots, { recursive: true, force: true });
  });

  /** The scenario file's runs (its variants side by side), and its report.html as the CLI writes it, less the chart images. */
  function reportOf(file: string): { runs: ResultRun[]; path: string } {
    const { scenario, variants } = readScenarioFileWithVariants(file);
    const runs = scenarioRuns(file, scenario, variants, scenario.seed).map((r): ResultRun => {
      const result = runScenario(r.scenario);
      return { label: r.label, scenario: r.scenario, summary: result.summary, series: result.series, backlog: result.backlog };
    });
    const subject = { title: scenario.name, description: scenario.description, sources: [{ file, text: readFileSync(file, 'utf8') }], runs };
    const path = join(shots, `${scenario.name}.html`);
    writeFileSync(path, reportHtml(reportInput(subject, runCharts(runs), readReportScripts())));
    return { runs, path };
  }

  /** Opens the report at 1280 px with every chart drawn, and takes a screenshot of each width and of print. */
  async function open(path: string, name: string): Promise<{ page: Page; desktop: Awaited<ReturnType<typeof overflowOf>>; phone: Awaited<ReturnType<typeof overflowOf>>; close: () => Promise<void> }> {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
    const page = await context.newPage();
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    await page.waitForFunction(() => [...document.querySelectorAll('.chart')].every((c) => c.querySelector('svg') !== null), undefined, { timeout: 30_000 });
    await page.screenshot({ path: join(shots, `${name}-1280.png`) });
    const desktop = await overflowOf(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(shots, `${name}-390.png`) });
    const phone = await overflowOf(page);
    return { page, desktop, phone, close: () => context.close() };
  }

  /** An A4 page's printable width at 96 CSS px per inch (as scripts/report-screenshots.mjs prints). */
  const PRINT_WIDTH = 718;

  async function expectPrintable(page: Page, name: string): Promise<void> {
    await page.setViewportSize({ width: PRINT_WIDTH, height: 1000 });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(shots, `${name}-print.png`) });
    expect(await isShown(page, 'nav')).toBe(false);
    expect(await isShown(page, '#verdict')).toBe(true);
    expect((await overflowOf(page)).outside).toEqual([]);
  }

  it.skipIf(!installed)('one run (retry-storm.yaml): the banner right under the title says METASTABLE, and nothing is wider than a phone', async () => {
    const { path } = reportOf('scenarios/retry-storm.yaml');
    const { page, desktop, phone, close } = await open(path, 'retry-storm');
    try {
      const banner = await afterTitle(page);
      expect(banner?.id).toBe('verdict');
      expect(banner?.className).toBe('banner banner-bad');
      expect(banner?.text).toMatch(/^✗ METASTABLE did not recover/);
      expect(banner?.text).toContain('Trigger: slowdown of api, service times ×2, from 60 s to 70 s (10 s).');
      expect(banner?.text).toMatch(/goodput\s+11\.3%/);
      expect(desktop.outside).toEqual([]);
      expect(phone).toEqual({ scrollWidth: 390, viewportWidth: 390, outside: [] });
      expect(await page.locator('.caption').count()).toBe(await page.locator('.chart').count());
      await expectPrintable(page, 'retry-storm');
    } finally {
      await close();
    }
  });

  it.skipIf(!installed)('three variants (retry-storm-compared.yaml): the ranked table in rank order, readable at 390 px and in print', async () => {
    const { runs, path } = reportOf('scenarios/retry-storm-compared.yaml');
    const { page, desktop, phone, close } = await open(path, 'retry-storm-compared');
    try {
      const banner = await afterTitle(page);
      expect(banner?.id).toBe('verdict');
      expect(banner?.text).toContain('3 runs: 2 recovered, 1 metastable. Best: circuit-breaker, recovered');
      const rows = await page.$$eval('table.ranking tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-run')));
      // The breaker recovers in seconds, the token bucket in about 13 s, naive never (the scenario's description).
      expect(rows).toEqual(['circuit-breaker', 'token-bucket', 'naive']);
      expect(rows).toEqual(rankRuns(runs).map((r) => r.label));
      expect(desktop.outside).toEqual([]);
      expect(phone).toEqual({ scrollWidth: 390, viewportWidth: 390, outside: [] });
      await expectPrintable(page, 'retry-storm-compared');
    } finally {
      await close();
    }
  });
});
