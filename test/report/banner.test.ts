/**
 * The banner at the top of report.html (html-banner.ts): its word and headline for every kind of
 * verdict, the trigger sentence and the headline numbers; real tiny runs where a scenario gives
 * the verdict cheaply, a real summary with its verdict edited where none does (a late recovery,
 * a run still draining, a stop at the in-flight limit).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../src/metrics/summary.ts';
import { runScenario } from '../../src/run.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { runBanner, verdictBanner } from '../../src/report/html-banner.ts';
import type { ReportRun } from '../../src/report/html.ts';
import { triggerSentence } from '../../src/report/trigger-text.ts';
import { verdictContextOf } from '../../src/report/verdict-text.ts';
import { TINY_FILE, TINY_YAML, tinyRun } from './report-fixture.ts';

/** A report run of a scenario text, as reportInput makes it. */
function runOf(yaml: string, file = TINY_FILE, label = 'run'): ReportRun {
  const loaded = loadScenario(yaml, file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const s = loaded.scenario;
  return { label, summary: runScenario(s).summary, verdict: verdictContextOf(s), trigger: { duration: s.duration, faults: s.faults, propagation: s.propagation ?? null } };
}

/** The tiny scenario with no retries: the slowdown passes and goodput comes back. */
const RECOVERING_YAML = TINY_YAML.replace('retry: { max_attempts: 3 }', 'retry: { max_attempts: 1 }');
const CALM_YAML = TINY_YAML.replace(/faults:\n.*\n/, '');

/** The tiny run (metastable), with its trigger as reportInput gives it. */
const tinyFixture = tinyRun();
const tiny: ReportRun = { ...tinyFixture.run, trigger: { duration: tinyFixture.scenario.duration, faults: tinyFixture.scenario.faults } };

/** The banner's head line: its badge word and its headline, as text. */
function head(html: string): string {
  const line = /<p class="banner-head">(.*)<\/p>/.exec(html)?.[1] ?? '';
  return line.replace(/<[^>]+>/g, '').replace(/&#10003; |&#10007; /g, '');
}

function edited(run: ReportRun, m: Partial<Summary['metastability']>, extra: Partial<Summary> = {}): ReportRun {
  return { ...run, summary: { ...run.summary, ...extra, metastability: { ...run.summary.metastability, ...m } } };
}

describe('the banner of one run: word, colour and headline for each verdict', () => {
  it('recovered: green, with the recovery time', () => {
    const run = runOf(RECOVERING_YAML);
    const m = run.summary.metastability;
    expect(m.outcome).toBe('recovered');
    const html = runBanner(run);
    expect(html).toContain('<section class="banner banner-good" id="verdict"');
    expect(head(html)).toBe(`RECOVERED recovered ${Number(m.recovery_time_s!.toPrecision(3))} s after the last fault ended`);
    expect(html).toContain('<span class="badge badge-good">&#10003; RECOVERED</span>');
  });

  it('metastable: red, saying it did not recover, with the evidence after it', () => {
    const html = runBanner(tiny);
    expect(tiny.summary.metastability.outcome).toBe('metastable');
    expect(html).toContain('banner-bad');
    expect(head(html)).toBe('METASTABLE did not recover: the failure outlived its trigger');
    expect(html).toContain('<p class="why">goodput did not come back');
  });

  it('no fault: steady, or not holding', () => {
    const calm = runOf(CALM_YAML);
    expect(calm.summary.metastability.outcome).toBe('no_trigger');
    expect(head(runBanner(calm))).toBe('STEADY no fault, and goodput held steady');
    expect(runBanner(calm)).toContain('No fault: nothing perturbed this run.');
    const shaky = edited(calm, { recovered: false });
    expect(head(runBanner(shaky))).toBe('DID NOT HOLD no fault, and goodput did not hold steady');
    expect(runBanner(shaky)).toContain('banner-bad');
  });

  it('no verdict: a model overloaded from the start says so, in grey', () => {
    const file = 'test/fixtures/verdict/overloaded-first-model.yaml';
    const html = runBanner(runOf(readFileSync(file, 'utf8'), file));
    expect(html).toContain('banner-none');
    expect(head(html)).toBe('NO VERDICT no verdict: the system was overloaded before the first fault');
    expect(html).toContain('fix the model (capacity, load) before judging a defence');
  });

  it('recovered late, and still recovering (draining, or back too late to see it hold)', () => {
    const late = edited(tiny, { outcome: 'recovered_late', metastable: false, late_recovery_time_s: 95 });
    expect(head(runBanner({ ...late, verdict: { ...late.verdict!, limit: 60 } }))).toBe('RECOVERED LATE recovered 95 s after the last fault ended, past the limit of 60 s');
    expect(runBanner(late)).toContain('banner-bad');
    const draining = edited(tiny, { outcome: 'still_recovering', metastable: false, still_recovering: true, projected_recovery_s: 36, evidence: 'backlog_shrinking' });
    expect(head(runBanner(draining))).toBe('STILL RECOVERING still recovering when the run ended: back about 36 s after the last fault ended, at the rate it drains');
    expect(runBanner(draining)).toContain('banner-pending');
    const back = edited(draining, { evidence: 'goodput_back', projected_recovery_s: 12.5 });
    expect(head(runBanner(back))).toBe('STILL RECOVERING still recovering: goodput came back 12.5 s after the last fault ended, too late to see it hold');
  });

  it('stopped at the in-flight limit: says so in words, beside the verdict', () => {
    const stopped = edited(tiny, { evidence: 'in_flight_limit' }, { stopped: { reason: 'max_in_flight', at_s: 61.5, in_flight: 100000, limit: 100000 } });
    const html = runBanner(stopped);
    expect(html).toContain('<p class="stopped">STOPPED EARLY: stopped early at 61.5 s simulated: 100,000 attempts in the system passed --max-in-flight 100,000');
    expect(html).toContain('the run stopped at its limit (--max-in-flight)');
  });

  it('a propagation section alone: converged or not, with its own numbers', () => {
    const propagation = { work_per_s: { min: 1000, mean: 1000, max: 1250 }, staleness: { p50: 0.5, p99: 4.2, max: 5 }, convergence_s: 12.5, backlog_max: 0, never_converged: 0, stale_nodes_at_end: 0, utilization: 0.1, changes: 10, messages: 10, retries: 0, dropped: 0 };
    const alone: ReportRun = { label: 'cw', summary: { ...tiny.summary, clients: {}, services: {}, propagation } };
    expect(head(runBanner(alone))).toBe('CONVERGED every live node holds every change, 12.50 s after the last mass change');
    expect(runBanner(alone)).toContain('<dt>staleness p99</dt><dd class="value">4.20 s</dd>');
    const stuck = { ...alone, summary: { ...alone.summary, propagation: { ...propagation, never_converged: 1200 } } };
    expect(head(runBanner(stuck))).toBe('NOT CONVERGED 1,200 (change, node) pairs still stale at the end');
  });
});

describe('the banner: what triggered it, and at what cost', () => {
  it('names the fault: kind, target, start, end, length and strength', () => {
    expect(runBanner(tiny)).toContain('<p class="trigger">Trigger: slowdown of api, service times ×3, from 15 s to 20 s (5 s).</p>');
  });

  it('words every fault kind, and leaves out faults after the end of arrivals', () => {
    const f = (fault: object) => ({ at: 10, for: 5, ...fault }) as never;
    const sentence = triggerSentence({
      duration: 60,
      faults: [
        f({ kind: 'workers', service: 'db', count: 1, replicas: [0, 2] }), f({ kind: 'load_spike', client: 'web', factor: 3 }),
        f({ kind: 'error_rate', service: 'api', rate: 0.25, latency: 0.005 }), f({ kind: 'outage', service: 'api' }),
        f({ kind: 'latency', service: 'api', add: 0.2 }), f({ kind: 'cache_flush', service: 'api', share: 1, for: 0 }),
        f({ kind: 'slowdown', service: 'api', factor: 2, at: 60 }),
      ],
    });
    expect(sentence).toBe('Triggers: db (replicas 0, 2) down to 1 worker, from 10 s to 15 s (5 s); load spike from web, arrival rate ×3, from 10 s to 15 s (5 s); ' +
      'errors at api, 25% of attempts fail after 5 ms, from 10 s to 15 s (5 s); outage of api, every attempt fails, from 10 s to 15 s (5 s); ' +
      'added latency at api, +200 ms on every response, from 10 s to 15 s (5 s); cache flush at api, 100% of its entries lost at 10 s.');
  });

  it('gives goodput, amplification and wasted work as headline numbers, the summary\'s own', () => {
    const html = runBanner(tiny);
    const c = tiny.summary.clients.web;
    expect(html).toContain(`<dt>goodput</dt><dd class="value">${(c.goodput_ratio! * 100).toFixed(1)}%</dd>`);
    expect(html).toContain(`<dt>amplification</dt><dd class="value">${c.amplification!.toFixed(2)}x</dd>`);
    expect(html).toContain(`<dt>wasted work</dt><dd class="value">${(tiny.summary.services.api.wasted_fraction * 100).toFixed(1)}%</dd><dd class="note">of api&#39;s busy time`);
  });

  it('with several runs: one banner, best run named, a row per run ranked, the rule under it', () => {
    const recovered = runOf(RECOVERING_YAML, TINY_FILE, 'no-retries');
    const html = verdictBanner([{ ...tiny, label: 'retries' }, recovered]);
    expect(html.match(/<section class="banner/g)).toHaveLength(1);
    expect(html).toContain(`2 runs: 1 metastable, 1 recovered. Best: no-retries, recovered`);
    expect(html).toContain('Trigger in every run: slowdown of api');
    expect([...html.matchAll(/data-run="([^"]+)"/g)].map((m) => m[1])).toEqual(['no-retries', 'retries']);
    expect(html).toContain('<p class="rule">Ranked by outcome');
  });
});

describe('the banner: review findings', () => {
  it('says what the amplification note counts: attempts sent minus requests, not retries', () => {
    const c = tiny.summary.clients.web;
    expect(runBanner(tiny)).toContain(`<dd class="note">attempts per request (attempts sent minus requests: ${(c.attempts - c.requests).toLocaleString('en-US')})</dd>`);
    expect(runBanner(tiny)).not.toContain('beyond the first');
  });

  it('with no requests at all, says so instead of a goodput of "-"', () => {
    const idle = runOf(CALM_YAML.replace('rate: 40/s', 'rate: 0/s'));
    expect(idle.summary.clients.web.requests).toBe(0);
    const html = runBanner(idle);
    expect(html).toContain('<dt>requests</dt><dd class="value">none</dd>');
    expect(html).not.toContain('<dt>goodput</dt>');
    expect(html).not.toContain('<dt>amplification</dt>');
  });

  it('when no run recovered, names the first ranked as such, not as the best', () => {
    const storm = { ...tiny, label: 'storm' };
    const worse = edited({ ...tiny, label: 'worse' }, {}, { clients: { web: { ...tiny.summary.clients.web, succeeded: 0, goodput_ratio: 0 } } });
    const html = verdictBanner([worse, storm]);
    expect(html).toContain('2 runs: 2 metastable. None recovered. Ranked first: storm, did not recover');
    expect(html).not.toContain('Best:');
  });

  it('without a fault in any run, says "in any run"', () => {
    const calm = runOf(CALM_YAML, TINY_FILE, 'a');
    expect(verdictBanner([calm, { ...calm, label: 'b' }])).toContain('<p class="trigger">No fault in any run: nothing perturbed them.</p>');
  });

  it('escapes hostile run labels in the head line, the per-run triggers and the ranked table', () => {
    const hostile = '<script>alert("x")</script> & \'q\'';
    const recovered = runOf(RECOVERING_YAML, TINY_FILE, hostile);
    const calm = runOf(CALM_YAML, TINY_FILE, `${hostile} 2`);
    const html = verdictBanner([calm, recovered]);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('"x"');
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;';
    expect(html).toContain(`Best: ${escaped} 2, no fault, and goodput held steady.`);
    expect(html).toContain(`<li><strong>${escaped}</strong>: Trigger: slowdown of api`);
    expect(html).toContain(`data-run="${escaped}"><td class="num">2</td><th scope="row">${escaped}</th>`);
  });

  it('a propagation-only run beside runs with clients: ranked last, with its own outcome and no goodput', () => {
    const file = 'scenarios/constant-work/health-checks-constant-work.yaml';
    const alone = runOf(readFileSync(file, 'utf8'), file, 'propagation');
    expect(Object.keys(alone.summary.clients)).toEqual([]);
    const html = verdictBanner([alone, { ...tiny, label: 'retries' }]);
    expect([...html.matchAll(/data-run="([^"]+)"/g)].map((m) => m[1])).toEqual(['retries', 'propagation']);
    expect(html).toMatch(/data-run="propagation"><td class="num">2<\/td><th scope="row">propagation<\/th><td><span class="badge badge-(good|bad)">&#1000[37]; (NOT )?CONVERGED<\/span><\/td><td class="num">-<\/td><td class="num">-<\/td>/);
  });
});
