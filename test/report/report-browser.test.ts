/**
 * report.html in a real browser: Debian's Chromium, headless, driven by playwright-core. The page
 * must load with no console or page errors, make no request beyond its own file, draw every
 * chart as an SVG, and show vega-tooltip's tooltip on hover.
 *
 * Without /usr/bin/chromium the test is skipped with a warning on a developer's machine, and
 * fails under CI (see browserRequired): `.ci/run` installs the browser and exports
 * SIMULATE_BROWSER_REQUIRED=1, or =0 with a line saying why where none can be installed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readReportScripts } from '../../src/cli/report-scripts.ts';
import { reportHtml, type ReportInput } from '../../src/report/html.ts';
import { simulate } from '../support/cli.ts';
import { browserRequired, chromiumInstalled, inspectReport, missingBrowserFailure, missingBrowserWarning } from '../support/browser.ts';
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
