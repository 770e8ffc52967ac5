/** The results folder from the command line: charts, report, --no-charts, --format, compare. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, tempDir } from '../support/cli.ts';

const MINIMAL = 'test/fixtures/valid/minimal.yaml';
const CHARTS = ['failures', 'latency', 'load', 'services'];

describe('simulate <file> results', () => {
  it('writes the data files, each chart as spec, SVG and PNG, and report.html', async () => {
    const out = tempDir();
    const r = await simulate([MINIMAL, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const expected = ['summary.json', 'timeseries.csv', 'report.html', ...CHARTS.flatMap((c) => [`${c}.vl.json`, `${c}.svg`, `${c}.png`])];
    expect(readdirSync(out).sort()).toEqual(expected.sort());
    expect(r.stdout).toContain('4 charts (.svg, .png, .vl.json), report.html');
    expect(readFileSync(join(out, 'load.svg'), 'utf8')).toMatch(/^<svg /);
    expect(JSON.parse(readFileSync(join(out, 'load.vl.json'), 'utf8')).$schema).toMatch(/vega-lite\/v6/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('minimal');
  });

  it('--no-charts writes only summary.json and timeseries.csv; --format picks the images', async () => {
    const [none, svg, png] = [tempDir(), tempDir(), tempDir()];
    const results = await Promise.all([
      simulate([MINIMAL, '--out', none, '--no-charts']),
      simulate([MINIMAL, '--out', svg, '--format', 'svg', '--quiet']),
      simulate([MINIMAL, '--out', png, '--format', 'png', '--quiet']),
    ]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(none).sort()).toEqual(['summary.json', 'timeseries.csv']);
    expect(readdirSync(svg).filter((f) => f.endsWith('.png'))).toEqual([]);
    expect(readdirSync(svg).filter((f) => f.endsWith('.svg'))).toHaveLength(4);
    expect(readdirSync(png).filter((f) => f.endsWith('.svg'))).toEqual([]);
    expect(readdirSync(png).filter((f) => f.endsWith('.png'))).toHaveLength(4);
  });

  it('charts do not change the data files: same bytes with and without them', async () => {
    const [a, b] = [tempDir(), tempDir()];
    await Promise.all([simulate([MINIMAL, '--out', a, '--quiet']), simulate([MINIMAL, '--out', b, '--no-charts', '--quiet'])]);
    for (const f of ['summary.json', 'timeseries.csv']) expect(readFileSync(join(a, f))).toEqual(readFileSync(join(b, f)));
  });

  it('an unknown --format exits 2 naming the choices, writing nothing', async () => {
    const out = join(tempDir(), 'never');
    const r = await simulate([MINIMAL, '--out', out, '--format', 'bmp']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/format/);
    expect(r.stderr).toMatch(/svg.*png.*both/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('simulate compare', () => {
  it('runs each file, writes one folder per run, comparison.csv, side-by-side charts and a report', async () => {
    const out = tempDir();
    const r = await simulate(['compare', 'scenarios/mm1.yaml', MINIMAL, '--out', out, '--format', 'svg']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/run\s+client\s+requests\s+amplification\s+goodput/);
    expect(r.stdout).toMatch(/^mm1\s+load\s+\d+/m);
    expect(r.stdout).toMatch(/^minimal\s+web\s+\d+/m);
    for (const run of ['mm1', 'minimal']) {
      expect(JSON.parse(readFileSync(join(out, run, 'summary.json'), 'utf8')).scenario).toBe(run);
      expect(existsSync(join(out, run, 'timeseries.csv'))).toBe(true);
    }
    const csv = readFileSync(join(out, 'comparison.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^run,client,requests,amplification,goodput_ratio/);
    expect(csv).toHaveLength(3);
    expect(readFileSync(join(out, 'load.svg'), 'utf8')).toContain('>minimal</text>');
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });

  it('defaults to results/compare-<a>-vs-<b> and exits 2 for fewer than two files', async () => {
    const cwd = tempDir();
    const one = await simulate(['compare', join(process.cwd(), MINIMAL)], cwd);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/at least two/);
    const two = await simulate(['compare', join(process.cwd(), MINIMAL), join(process.cwd(), MINIMAL), '--no-charts', '--quiet'], cwd);
    expect(two.code, two.stderr).toBe(0);
    expect(readdirSync(join(cwd, 'results', 'compare-minimal-vs-minimal-2')).sort()).toEqual(['comparison.csv', 'minimal', 'minimal-2']);
  });
});

describe('simulate <file> with variants', () => {
  it('runs every variant on one seed, tables the propagation numbers, and adds them to comparison.csv', async () => {
    const out = tempDir();
    const r = await simulate(['scenarios/constant-work/compared.yaml', '--out', out, '--format', 'svg']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/health-checks-compared: 2 runs, seed 1/);
    expect(r.stdout).toMatch(/^constant-work\s+400000\.0\/s\s+400000\.0\/s/m);
    expect(r.stdout).toMatch(/^workflow\s+[\d.]+\/s\s+[\d.]+\/s\s+[\d.]+ s\s+[\d.]+ s\s+[\d.]+ s\s+1000000\s+0\s+2\/2$/m);
    expect(readdirSync(out).sort()).toEqual(['comparison.csv', 'constant-work', 'propagation.svg', 'propagation.vl.json', 'report.html', 'workflow']);
    // The report compares the propagation numbers, and shows no client tables for a scenario without clients.
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<caption>Propagation compared, one row per run</caption>');
    expect(html).toMatch(/<th scope="row">workflow<\/th><td class="num">[\d.]+\/s<\/td>/);
    expect(html).not.toContain('<h3>Clients</h3>');
    const [header, constant, workflow] = readFileSync(join(out, 'comparison.csv'), 'utf8').trim().split('\n');
    expect(header).toMatch(/,work_per_s_mean,work_per_s_max,staleness_p99_s,staleness_max_s,convergence_s,backlog_max,never_converged$/);
    expect(constant).toMatch(/^constant-work,,/);
    expect(workflow.split(',').at(-2)).toBe('1000000');
    const summaries = ['constant-work', 'workflow'].map((v) => JSON.parse(readFileSync(join(out, v, 'summary.json'), 'utf8')));
    expect(summaries.map((s) => [s.variant, s.seed])).toEqual([['constant-work', 1], ['workflow', 1]]);
    expect(Object.keys(summaries[0]).slice(0, 3)).toEqual(['scenario', 'variant', 'seed']);
  });
});

describe('a results folder used again', () => {
  it('holds only what the last run wrote: old charts, report and run folders go, other files stay', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const first = await simulate(['compare', 'scenarios/mm1.yaml', MINIMAL, '--out', out, '--quiet']);
    expect(first.code, first.stderr).toBe(0);
    const second = await simulate([MINIMAL, '--out', out, '--no-charts', '--quiet', '--seed', '5']);
    expect(second.code, second.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['notes.txt', 'summary.json', 'timeseries.csv']);
  });

  it('a folder in the way of a result file: exit 2 naming it, and nothing changed or left behind', async () => {
    const out = tempDir();
    mkdirSync(join(out, 'timeseries.csv', 'inside'), { recursive: true });
    const r = await simulate([MINIMAL, '--out', out, '--no-charts', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(out, 'timeseries.csv'));
    expect(readdirSync(out)).toEqual(['timeseries.csv']);
  });
});
