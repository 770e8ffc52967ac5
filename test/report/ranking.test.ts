/**
 * The ranking of runs (ranking.ts) and its table at the top of report.html: outcome first, then
 * recovery time, then goodput, then attempts per request; runs equal on all four share a rank.
 * Summaries are a real tiny run's, with the verdict and client counts edited to the case.
 */
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../src/metrics/summary.ts';
import { rankedTable } from '../../src/report/html-banner.ts';
import { rankRuns, RANKING_RULE } from '../../src/report/ranking.ts';
import { tinyRun } from './report-fixture.ts';

const base = tinyRun().run.summary;

type Outcome = Summary['metastability']['outcome'];

/** A run with that outcome and times, and `succeeded` of 1,000 requests in `attempts` attempts. */
function run(label: string, outcome: Outcome, o: { t?: number | null; succeeded?: number; attempts?: number; recovered?: boolean } = {}) {
  const m = {
    ...base.metastability, outcome, metastable: outcome === 'metastable', recovered: o.recovered ?? outcome === 'recovered',
    recovery_time_s: outcome === 'recovered' ? o.t ?? null : null,
    late_recovery_time_s: outcome === 'recovered_late' ? o.t ?? null : null,
    projected_recovery_s: outcome === 'still_recovering' ? o.t ?? null : null,
  };
  const web = { ...base.clients.web, requests: 1000, succeeded: o.succeeded ?? 900, attempts: o.attempts ?? 1000, failures: { ...base.clients.web.failures, budget: 7, circuit_open: 3 } };
  const api = { ...base.services.api, rejected: 5, shed: 6, wasted_fraction: 0.25 };
  return { label, summary: { ...base, clients: { web }, services: { api }, metastability: m } as Summary };
}

const order = (runs: ReturnType<typeof run>[]): string[] => rankRuns(runs).map((r) => `${r.rank}${r.tied ? '=' : ''} ${r.label}`);

describe('rankRuns', () => {
  it('puts recovered before recovered late, still recovering, metastable and no verdict, whatever the goodput', () => {
    const runs = [
      run('none', 'no_verdict', { succeeded: 1000 }), run('meta', 'metastable', { succeeded: 999 }), run('draining', 'still_recovering', { t: 5, succeeded: 998 }),
      run('late', 'recovered_late', { t: 1, succeeded: 997 }), run('ok', 'recovered', { t: 50, succeeded: 100 }),
    ];
    expect(order(runs)).toEqual(['1 ok', '2 late', '3 draining', '4 meta', '5 none']);
  });

  it('within an outcome, the faster recovery first; a run still recovering by its projection, none projected last', () => {
    const runs = [run('slow', 'recovered', { t: 30 }), run('fast', 'recovered', { t: 4 }), run('unknown', 'still_recovering', { t: null }), run('soon', 'still_recovering', { t: 60 })];
    expect(order(runs)).toEqual(['1 fast', '2 slow', '3 soon', '4 unknown']);
  });

  it('ties on time go to the higher goodput, then to fewer attempts; equal on all four share the rank, in the order given', () => {
    const runs = [
      run('a', 'recovered', { t: 10, succeeded: 900, attempts: 1200 }), run('b', 'recovered', { t: 10, succeeded: 950, attempts: 1500 }),
      run('c', 'recovered', { t: 10, succeeded: 900, attempts: 1000 }), run('d', 'recovered', { t: 10, succeeded: 900, attempts: 1000 }),
    ];
    expect(order(runs)).toEqual(['1 b', '2= c', '2= d', '4 a']);
  });

  it('ranks metastable runs among themselves by goodput, then amplification; a steady run without a fault with the recovered', () => {
    const runs = [
      run('storm', 'metastable', { succeeded: 100, attempts: 3600 }), run('shed', 'metastable', { succeeded: 400, attempts: 1100 }),
      run('calm', 'no_trigger', { recovered: true, t: null }), run('budget', 'metastable', { succeeded: 400, attempts: 1050 }),
    ];
    expect(order(runs)).toEqual(['1 calm', '2 budget', '3 shed', '4 storm']);
  });

  it('a steady run without a fault shares the recovered runs\' place, with no time to wait: before them, not after', () => {
    const runs = [run('slow', 'recovered', { t: 30 }), run('calm', 'no_trigger', { recovered: true, t: null }), run('fast', 'recovered', { t: 4 })];
    expect(order(runs)).toEqual(['1 calm', '2 fast', '3 slow']);
  });

  it('counts the costs: extra attempts, requests the clients refused, attempts the services turned away, the worst waste', () => {
    const [r] = rankRuns([run('x', 'recovered', { t: 1, attempts: 1250 })]);
    expect(r).toMatchObject({ goodputRatio: 0.9, amplification: 1.25, extraAttempts: 250, refusedByClients: 10, rejectedOrShed: 11, wasted: { service: 'api', fraction: 0.25 } });
  });
});

describe('the ranked table', () => {
  const html = rankedTable([run('meta', 'metastable'), run('ok', 'recovered', { t: 4 }), run('late', 'recovered_late', { t: 80 })]);

  it('lists the runs in rank order, each with its outcome as a word and a colour', () => {
    const rows = [...html.matchAll(/<tr class="rank-(\w+)" data-run="([^"]+)"><td class="num">(\d+=?)<\/td>/g)].map((m) => `${m[3]} ${m[2]} ${m[1]}`);
    expect(rows).toEqual(['1 ok good', '2 late bad', '3 meta bad']);
    expect(html).toContain('<span class="badge badge-good">&#10003; RECOVERED</span>');
    expect(html).toContain('<span class="badge badge-bad">&#10007; RECOVERED LATE</span>');
  });

  it('says its rule in one line under the table', () => {
    expect(html.indexOf('</table>')).toBeLessThan(html.indexOf(RANKING_RULE));
    expect(html).toContain(`<p class="rule">${RANKING_RULE}`);
  });
});
