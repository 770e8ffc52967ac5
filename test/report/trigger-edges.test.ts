/**
 * Faults at the edges of a run, in every place report.html names them: the banner's trigger
 * line and verdict, the shaded bands of the charts and their captions. Each is a real tiny run
 * (report-fixture.ts) with its one fault moved: of no length (`for: 0s`, which the verdict counts
 * as a trigger), after the end of arrivals (which it does not), and outlasting the run.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { chartCaption, shadedText } from '../../src/report/charts/captions.ts';
import { faultMarks, type ChartRun } from '../../src/report/charts/chart-data.ts';
import { runBanner } from '../../src/report/html-banner.ts';
import type { ReportRun } from '../../src/report/html.ts';
import { isTrigger, triggerSentence } from '../../src/report/trigger-text.ts';
import { verdictContextOf } from '../../src/report/verdict-text.ts';
import { TINY_FILE, TINY_YAML } from './report-fixture.ts';

const SLOWDOWN = '  - { kind: slowdown, service: api, factor: 3, at: 15s, for: 5s }';

/** The tiny scenario without retries (so that it comes back), with `fault` in place of its slowdown. */
function edgeRun(fault: string, edit: (yaml: string) => string = (y) => y): { scenario: Scenario; run: ReportRun; chart: ChartRun } {
  const yaml = edit(TINY_YAML.replace(SLOWDOWN, fault).replace('retry: { max_attempts: 3 }', 'retry: { max_attempts: 1 }'));
  const loaded = loadScenario(yaml, TINY_FILE);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const s = loaded.scenario;
  const result = runScenario(s);
  const run = { label: 'edge', summary: result.summary, verdict: verdictContextOf(s), trigger: { duration: s.duration, faults: s.faults, propagation: s.propagation ?? null } };
  return { scenario: s, run, chart: { label: 'edge', scenario: s, series: result.series } };
}

const text = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('a fault of no length (for: 0s): a trigger everywhere, since the verdict counts it', () => {
  const edge = edgeRun('  - { kind: latency, service: api, add: 200ms, at: 15s, for: 0s }');

  it('the verdict counts it, and the banner names it instead of saying there was no fault', () => {
    expect(edge.run.summary.metastability.outcome).toBe('recovered');
    expect(isTrigger(edge.scenario.faults[0], edge.scenario.duration)).toBe(true);
    expect(edge.run.verdict!.lastFaultEnd).toBe(15);
    const banner = runBanner(edge.run);
    expect(banner).toContain('<p class="trigger">Trigger: added latency at api, +200 ms on every response, at 15 s, lasting 0 s.</p>');
    expect(banner).not.toContain('No fault');
  });

  it('the charts shade it as a thin band, and the caption says so with the same words for its time', () => {
    expect(faultMarks([edge.chart])).toEqual([{ start: 15, end: 15.4, label: 'api +200.0 ms' }]);
    expect(shadedText([edge.chart])).toBe('Shaded: api +200.0 ms, at 15 s, lasting 0 s (a thin band).');
  });
});

describe('a fault after the end of arrivals: no trigger anywhere', () => {
  const edge = edgeRun('  - { kind: slowdown, service: api, factor: 3, at: 45s, for: 5s }');

  it('the verdict has no trigger, and neither the banner, the marks nor the captions name one', () => {
    expect(edge.run.summary.metastability.outcome).toBe('no_trigger');
    expect(edge.run.verdict!.lastFaultEnd).toBeNull();
    expect(text(runBanner(edge.run))).toContain('STEADY no fault, and goodput held steady');
    expect(runBanner(edge.run)).toContain('No fault: nothing perturbed this run.');
    expect(faultMarks([edge.chart])).toEqual([]);
    expect(shadedText([edge.chart])).toBe('No fault is shaded: the run has none.');
  });

  it('the captions point at the whole run rather than "after the fault"', () => {
    for (const id of ['load', 'latency', 'failures', 'services']) expect(chartCaption(id, [edge.chart])).not.toContain('after the fault');
    expect(chartCaption('load', [edge.chart])).toMatch(/^Look at goodput against the offered load: without a fault/);
  });
});

describe('a fault that outlasts the run: the configured fault, and where the run ends', () => {
  const edge = edgeRun('  - { kind: slowdown, service: api, factor: 3, at: 35s, for: 50s }');

  it('the banner and the caption give it the same end, saying that the run ends first', () => {
    const span = 'from 35 s to 85 s (50 s; the run ends at 40 s)';
    expect(runBanner(edge.run)).toContain(`Trigger: slowdown of api, service times ×3, ${span}.`);
    expect(shadedText([edge.chart])).toBe(`Shaded: api ×3 slower, ${span}.`);
    // The band itself stops where the chart does.
    expect(faultMarks([edge.chart])).toEqual([{ start: 35, end: 40, label: 'api ×3 slower' }]);
  });

  it('too short to hold: the banner says the reason once, without backticks', () => {
    const banner = runBanner(edge.run);
    expect(edge.run.summary.metastability.no_verdict).toBe('too_short_to_hold');
    expect(text(banner)).toContain('NO VERDICT no verdict: less than hold between the end of the last fault');
    expect(banner).not.toContain('<p class="why">');
    expect(banner).not.toContain('`');
  });
});

describe('the latency caption without a timeout', () => {
  it('names no dashed line when no client has a timeout (none is drawn)', () => {
    const edge = edgeRun(SLOWDOWN, (y) => y.replace('    timeout: 100ms\n', ''));
    expect(edge.scenario.clients[0].timeout ?? null).toBeNull();
    const caption = chartCaption('latency', [edge.chart]);
    expect(caption).not.toContain('dashed');
    expect(caption).toMatch(/^Look at p99 against p50 after the fault: no client has a timeout, so no timeout line is drawn;/);
  });
});

describe('triggerSentence of runs that share no fault', () => {
  it('says "in any run", not "in every run"', () => {
    expect(triggerSentence({ duration: 40, faults: [] }, true)).toBe('No fault in any run: nothing perturbed them.');
  });
});
