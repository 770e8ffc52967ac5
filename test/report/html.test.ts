/** report.html as a string: its structure, its numbers, its escaping and its determinism. */
import { describe, expect, it } from 'vitest';
import { readReportScripts } from '../../src/cli/report-scripts.ts';
import type { Summary } from '../../src/metrics/summary.ts';
import { chartCaption, SWEEP_CAPTIONS } from '../../src/report/charts/captions.ts';
import { CHART_IDS, runCharts } from '../../src/report/charts/charts.ts';
import { recoveryText } from '../../src/report/comparison.ts';
import { escapeHtml, inlineScript, jsonForScript } from '../../src/report/html-escape.ts';
import { reportHtml, type ReportInput } from '../../src/report/html.ts';
import { reportInput } from '../../src/report/report-input.ts';
import { formatAmplification, formatPercent, formatPerSecond, formatSeconds } from '../../src/report/table.ts';
import { OUTCOME_WORD, verdictSentence } from '../../src/report/verdict-text.ts';
import { sampleCharts, TINY_FILE, TINY_YAML, tinyRun } from './report-fixture.ts';

/** Stand-ins for the libraries: the pure tests look at the page, not at vega. */
const FAKE_SCRIPTS = { vega: 'window.vega = {};', vegaLite: 'window.vegaLite = {};', vegaEmbed: 'window.vegaEmbed = function () {};' };

const one = tinyRun();
const two = tinyRun({ seed: 2 });

function input(extra: Partial<ReportInput> = {}): ReportInput {
  return {
    title: 'tiny-report',
    description: one.scenario.description,
    sources: [{ file: TINY_FILE, text: TINY_YAML }],
    runs: [one.run],
    charts: sampleCharts(one.result),
    scripts: FAKE_SCRIPTS,
    ...extra,
  };
}

/** The page with its scripts cut out: what a reader sees as text and markup. */
function markupOnly(html: string): string {
  return html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '<script></script>');
}

/** The JSON chart list exactly as an HTML parser would cut it out of the page. */
function chartJson(html: string): unknown {
  const open = '<script type="application/json" id="report-charts">';
  const start = html.indexOf(open) + open.length;
  return JSON.parse(html.slice(start, html.indexOf('</script', start)));
}

describe('reportHtml: structure', () => {
  const html = reportHtml(input({ runs: [one.run, two.run] }));

  it('is a whole HTML document with a title and a content security policy that allows no requests', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<title>tiny-report</title>');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; [^"]*">/);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('follows the review order: title, the verdict banner, description, comparison, charts, each run, source', () => {
    expect(html).toContain('<h1>tiny-report</h1>\n<section class="banner banner-compare" id="verdict"');
    expect(reportHtml(input())).toContain('<h1>tiny-report</h1>\n<section class="banner banner-bad" id="verdict"');
    const order = ['<h1>tiny-report</h1>', 'id="verdict"', 'Two workers at 40% load', '<h2>Comparison</h2>', '<h2>Charts</h2>', '<h2>Run: seed 1</h2>', '<h2>Run: seed 2</h2>', '<h2>Scenario source</h2>'];
    const at = order.map((s) => html.indexOf(s));
    expect(at.every((i) => i >= 0), JSON.stringify(at)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('has one container per chart, with its heading, and no comparison for a single run', () => {
    for (const id of ['goodput', 'load-vs-goodput', 'utilization']) expect(html).toContain(`<div class="chart" id="chart-${id}"></div>`);
    expect(html).toContain('<h3>Goodput per second</h3>');
    const single = reportHtml(input());
    expect(single).not.toContain('<h2>Comparison</h2>');
    expect(single).toContain('<h2>Run: seed 1</h2>');
  });

  it('inlines vega, vega-lite, vega-embed and the specs, in that order, and loads nothing', () => {
    const positions = [FAKE_SCRIPTS.vega, FAKE_SCRIPTS.vegaLite, FAKE_SCRIPTS.vegaEmbed, 'id="report-charts"', 'vegaEmbed(el, chart.spec, { actions: false, renderer: \'svg\' })'].map((s) => html.indexOf(s));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(positions[0]).toBeGreaterThan(0);
    const markup = markupOnly(html);
    expect(markup).not.toMatch(/\s(src|srcset|action|poster|data)=|<link|<img|<iframe|<object|@import|url\(/i);
    expect([...markup.matchAll(/href="([^"]*)"/g)].map((m) => m[1]).every((h) => h.startsWith('#'))).toBe(true);
    expect(chartJson(html)).toEqual(sampleCharts(one.result).map((c) => ({ id: c.id, spec: c.spec })));
  });

  it('shows the scenario source verbatim (as text) in a <pre>', () => {
    expect(html).toContain(`<h3><code>${TINY_FILE}</code></h3>\n<pre><code>`);
    expect(html).toContain('  - &quot;clients.web.goodput_ratio &gt;= 0.5&quot;\n');
    expect(html).toContain('&quot;quotes&quot; &amp; &lt;angle brackets&gt; survive.');
  });

  it('without charts, carries no script at all; without a description, says so', () => {
    const bare = reportHtml(input({ charts: [], description: '' }));
    expect(bare).not.toContain('<script');
    expect(bare).toContain('No description.');
    expect(bare).not.toContain('<h2>Charts</h2>');
  });

  it('refuses two charts with one id', () => {
    const charts = sampleCharts(one.result);
    expect(() => reportHtml(input({ charts: [charts[0], { ...charts[1], id: charts[0].id }] }))).toThrow(/two charts have the id "goodput"/);
  });
});

describe('reportHtml: a caption under every chart heading', () => {
  const runs = [{ label: 'tiny', scenario: one.scenario, series: one.result.series }];

  it('every chart runCharts draws has its sentence, shown under its heading', () => {
    const charts = runCharts(runs);
    const html = reportHtml(input({ charts }));
    expect(charts.map((c) => c.id)).toEqual(['load', 'latency', 'failures', 'services']);
    for (const c of charts) {
      expect(c.caption).toMatch(/^(Look|No) .+\.$/);
      expect(html).toContain(`<h3>${c.title}</h3>\n<p class="caption">${escapeHtml(c.caption)}</p>\n<div class="chart" id="chart-${c.id}">`);
    }
    expect(charts[0].caption).toContain('Shaded: api ×3 slower, from 15 s to 20 s (5 s).');
    expect(charts[1].caption).toContain('(clients.web 100 ms)');
    expect(charts[2].caption).toContain('(here: timeout)');
  });

  it('every chart kind there is has one, sweeps included', () => {
    for (const id of CHART_IDS) expect(chartCaption(id, runs)).toMatch(/^Look .+\.$/);
    expect(() => chartCaption('unknown', runs)).toThrow(/no caption/);
    expect(Object.keys(SWEEP_CAPTIONS).sort()).toEqual(['goodput', 'metastability-map']);
  });
});

describe('reportHtml: the numbers of a real run', () => {
  const html = reportHtml(input({ runs: [one.run, two.run] }));
  const text = markupOnly(html);

  it('has each client number formatted as the printed summary formats it', () => {
    for (const { summary } of [one.run, two.run]) {
      const c = summary.clients.web;
      for (const cell of [String(c.requests), String(c.attempts), String(c.succeeded), formatAmplification(c.amplification), formatPercent(c.goodput_ratio), formatPerSecond(c.goodput_per_s)]) {
        expect(text).toContain(`<td class="num">${cell}</td>`);
      }
      for (const q of [c.latency.mean, c.latency.p50, c.latency.p90, c.latency.p99, c.latency.p999, c.latency.max]) expect(text).toContain(`<td class="num">${formatSeconds(q)}</td>`);
      expect(text).toContain(`<td class="num">timeout ${c.failures.timeout}</td>`);
    }
  });

  it('has each service number', () => {
    const v = one.run.summary.services.api;
    for (const cell of [String(v.arrivals), String(v.completed), formatPercent(v.utilization), formatPercent(v.wasted_fraction), formatPerSecond(v.peak_arrivals_per_s), formatSeconds(v.sojourn.p99)]) {
      expect(text).toContain(`<td class="num">${cell}</td>`);
    }
  });

  it('compares the runs one row per run and client, with verdict and assertions passed', () => {
    const comparison = text.slice(text.indexOf('<h2>Comparison</h2>'), text.indexOf('<h2>Charts</h2>'));
    const rows = comparison.match(/<tr><th scope="row">/g) ?? [];
    expect(rows).toHaveLength(2);
    const s: Summary = one.run.summary;
    const passed = s.assertions.filter((a) => a.pass).length;
    expect(comparison).toContain(`<tr><th scope="row">seed 1</th><th scope="row">web</th><td class="num">${s.clients.web.requests}</td>`);
    expect(comparison).toContain(`<td class="num">${OUTCOME_WORD[s.metastability.outcome]}</td><td class="num">${recoveryText(s)}</td><td class="num">${passed}/${s.assertions.length}</td>`);
  });

  it('marks each assertion PASS or FAIL in words, with its observed value in its unit', () => {
    const s = one.run.summary;
    expect(s.assertions.some((a) => a.pass) && s.assertions.some((a) => !a.pass)).toBe(true);
    const section = text.slice(text.indexOf('<h2>Run: seed 1</h2>'), text.indexOf('<h2>Run: seed 2</h2>'));
    expect(section.match(/&#10003; PASS/g)).toHaveLength(s.assertions.filter((a) => a.pass).length);
    expect(section.match(/&#10007; FAIL/g)).toHaveLength(s.assertions.filter((a) => !a.pass).length);
    expect(section).toContain(`<code>clients.web.latency.p99 &lt; 1ms</code></th><td class="num">${formatSeconds(s.clients.web.latency.p99)}</td>`);
    expect(section).toContain(`Assertions: ${s.assertions.filter((a) => a.pass).length} of ${s.assertions.length} passed`);
  });

  it('reads assertion units from the paths when the caller does not give them', () => {
    const withUnits = reportHtml(input());
    const withoutUnits = reportHtml(input({ runs: [{ label: one.run.label, summary: one.run.summary, verdict: one.run.verdict }] }));
    expect(withoutUnits).toBe(withUnits);
  });

  it('gives the metastability verdict in words, and its numbers', () => {
    const m = one.run.summary.metastability;
    expect(m.metastable).toBe(true); // the tiny scenario tips over: a 3x slowdown at 40% load with 3 attempts
    expect(text).toContain(`<strong>METASTABLE</strong> — ${escapeHtml(verdictSentence(m, one.run.verdict!))}</p>`);
    expect(text).toContain('goodput did not come back');
    expect(text).toContain(`<dt>baseline goodput</dt><dd>${formatPerSecond(m.baseline_goodput_per_s)}</dd>`);
    expect(text).toContain('<dt>outcome</dt><dd>metastable</dd>');
    const steady = { ...one.run.summary, metastability: { ...m, outcome: 'no_trigger' as const, recovered: true, recovery_time_s: 0, metastable: false, evidence: null, saturation: null } };
    const calm = { ...one.run.verdict!, lastFaultEnd: null };
    expect(reportHtml(input({ runs: [{ label: 'calm', summary: steady, verdict: calm }] }))).toContain('<strong>STEADY</strong> — no faults; goodput held within tolerance');
    const unknown = reportHtml(input({ runs: [{ label: 'bare', summary: steady }] }));
    expect(unknown).toContain('<p class="verdict verdict-good"><strong>STEADY</strong></p>');
    const draining = { ...m, outcome: 'still_recovering' as const, metastable: false, still_recovering: true, no_verdict: 'still_recovering' as const, projected_recovery_s: 36, evidence: 'backlog_shrinking' as const };
    const page = reportHtml(input({ runs: [{ label: 'short', summary: { ...one.run.summary, metastability: draining }, verdict: one.run.verdict }] }));
    expect(page).toContain('<p class="verdict verdict-pending"><strong>STILL RECOVERING</strong> — goodput is not back yet, but the work in the system is draining');
    expect(page).toContain('<dt>projected recovery</dt><dd>36.00 s</dd>');
  });

  it('renders a propagation section generically when the summary has one', () => {
    const propagation = { work_per_s: { min: 1000, mean: 1000, max: 1250.5 }, staleness: { p50: 0.0025, p99: 4.2, max: 5 }, convergence_s: 12.5, backlog_max: 5000, utilization: 0.25, never_converged: 0 };
    const page = reportHtml(input({ runs: [{ label: 'p', summary: { ...one.run.summary, propagation } as unknown as Summary }] }));
    expect(page).toContain('<h3>Propagation</h3>');
    for (const [metric, value] of [['work_per_s.max', '1250.5/s'], ['staleness.p50', '2.50 ms'], ['staleness.p99', '4.20 s'], ['convergence_s', '12.50 s'], ['backlog_max', '5000'], ['utilization', '0.25 (25.0%)'], ['never_converged', '0']]) {
      expect(page).toContain(`<th scope="row">${metric}</th><td class="num">${value}</td>`);
    }
    expect(reportHtml(input())).not.toContain('Propagation');
  });
});

describe('reportHtml: escaping', () => {
  const attack = '</script><script>alert(1)</script>';

  it('keeps a hostile description, title, label, file name, chart title and spec inert', () => {
    const charts = sampleCharts(one.result);
    charts[0] = { ...charts[0], title: attack, spec: { ...charts[0].spec, description: attack } };
    const html = reportHtml(
      input({ title: attack, description: attack, sources: [{ file: attack, text: attack }], runs: [{ ...one.run, label: attack }], charts }),
    );
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    // Exactly the five scripts of the page: three libraries, the chart list, the embedding.
    expect(html.match(/<script/g)).toHaveLength(5);
    expect(html.match(/<\/script>/g)).toHaveLength(5);
    const parsed = chartJson(html) as { spec: { description: string } }[];
    expect(parsed[0].spec.description).toBe(attack);
  });

  it('keeps an assertion expression as text', () => {
    const summary = { ...one.run.summary, assertions: [{ expr: '<b>clients.web.requests</b> > 0', value: 1, pass: true }] };
    expect(reportHtml(input({ runs: [{ label: 'x', summary }] }))).toContain('<code>&lt;b&gt;clients.web.requests&lt;/b&gt; &gt; 0</code>');
  });

  it('escapes < in JSON (and U+2028/9) so that JSON.parse reads the same value', () => {
    const value = { a: '</script><!-- \u2028\u2029 <b>' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('inlines library code without a source-map comment or a closing script tag', () => {
    const code = 'var s = "</script>", r = /<!--/;\n//# sourceMappingURL=lib.min.js.map';
    const out = inlineScript(code);
    expect(out).not.toMatch(/<\/script|<!--|sourceMappingURL/i);
    expect(new Function(`${out}; return [s, r.source];`)()).toEqual(['</script>', '<\\!--']);
  });
});

describe('reportHtml: determinism', () => {
  /** The page of two runs as the CLI builds it (reportInput, runCharts): banner, ranked table, captions and all. */
  function page(): string {
    const runs = [tinyRun(), tinyRun({ seed: 2 })].map((t) => ({ label: t.run.label, scenario: t.scenario, summary: t.result.summary, series: t.result.series }));
    const subject = { title: 'tiny-report', description: one.scenario.description, sources: [{ file: TINY_FILE, text: TINY_YAML }], runs };
    return reportHtml(reportInput(subject, runCharts(runs), FAKE_SCRIPTS));
  }

  it('gives the same bytes for the same input, and for two runs of the same scenario', () => {
    const again = tinyRun();
    const a = reportHtml(input());
    expect(reportHtml(input())).toBe(a);
    expect(reportHtml(input({ runs: [again.run], charts: sampleCharts(again.result) }))).toBe(a);
    expect(a).not.toMatch(/20\d\d-\d\d-\d\d|GMT|UTC/);
  });

  it('gives the same bytes for a report made twice from fresh runs, its banner and captions included', () => {
    const a = page();
    expect(page()).toBe(a);
    expect(a).toContain('Trigger in every run: slowdown of api, service times ×3, from 15 s to 20 s (5 s).');
    expect(a).toContain('<table class="ranking"');
    expect(a.match(/<p class="caption">/g)).toHaveLength(4);
    expect(a).not.toMatch(/20\d\d-\d\d-\d\d|GMT|UTC/);
  });
});

describe('readReportScripts', () => {
  it('reads the three UMD builds, which set the globals the page uses, once per process', () => {
    const scripts = readReportScripts();
    expect(readReportScripts()).toBe(scripts);
    expect(scripts.vega).toContain('.vega={}');
    expect(scripts.vegaLite).toMatch(/\.vegaLite=\{\},\w+\.vega\)/);
    expect(scripts.vegaEmbed).toMatch(/\.vegaEmbed=\w+\(\w+\.vega,\w+\.vegaLite\)/);
    const size = scripts.vega.length + scripts.vegaLite.length + scripts.vegaEmbed.length;
    expect(size).toBeGreaterThan(500_000);
  });
});
