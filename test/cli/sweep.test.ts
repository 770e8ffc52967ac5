/** `simulate sweep` and `simulate merge`, driven as a user or a CI matrix would. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulate, tempDir } from '../support/cli.ts';

const FILE = 'test/fixtures/sweep/compared.yaml';
const GRID = ['--vary', 'variant=naive,budget', '--vary', 'faults[0].for=1s..2s:1s', '--vary', 'clients.web.arrival.rate=100/s,150/s', '--seeds', '2'];
const FILES = ['sweep.csv', 'sweep-summary.csv', 'sweep.json'];

function read(dir: string): Record<string, string> {
  return Object.fromEntries(FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('simulate sweep', () => {
  const dir = tempDir();
  const whole = join(dir, 'whole');
  const shards = [1, 2, 3].map((i) => join(dir, `shard-${i}`));

  beforeAll(async () => {
    // An earlier sweep's chart, and a file of the user's, in the folder the --no-charts run writes to.
    mkdirSync(join(dir, 'two-threads'));
    for (const f of ['goodput.png', 'notes.png']) writeFileSync(join(dir, 'two-threads', f), 'x');
    const runs = await Promise.all([
      simulate(['sweep', FILE, ...GRID, '--threads', '1', '--out', whole]),
      simulate(['sweep', FILE, ...GRID, '--threads', '2', '--no-charts', '--out', join(dir, 'two-threads')]),
      ...shards.map((out, i) => simulate(['sweep', FILE, ...GRID, '--shard', `${i + 1}/3`, '--threads', '1', '--out', out])),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(runs[0].stdout).toBe(`8 points × 2 seeds = 16 runs; written to ${whole}/\ncharts: goodput, metastability-map (.png, .svg, .vl.json)\n`);
    // --no-charts and a shard say nothing of charts.
    expect(runs[1].stdout).toBe(`8 points × 2 seeds = 16 runs; written to ${join(dir, 'two-threads')}/\n`);
    expect(runs[2].stdout).not.toMatch(/charts/);
    expect(runs[2].stdout).toMatch(/^3 points \(shard 1\/3 of 8 points\) × 2 seeds = 6 runs/);
  }, 60_000);

  it('writes one row per point and seed, in grid order, with every column', () => {
    const lines = read(whole)['sweep.csv'].trimEnd().split('\n');
    expect(lines[0]).toBe('point,variant,faults[0].for,clients.web.arrival.rate,seed,web.offered_per_s,web.goodput_per_s,web.goodput_ratio,web.amplification,web.latency_p99_s,metastable,recovered,recovery_time_s,outcome,projected_recovery_s');
    // The outcome column holds the verdict's word, and agrees with the metastable and recovered columns.
    for (const line of lines.slice(1)) {
      const [metastable, recovered, , outcome] = line.split(',').slice(10, 14);
      expect(['recovered', 'recovered_late', 'still_recovering', 'metastable', 'no_verdict']).toContain(outcome);
      expect(metastable === 'true').toBe(outcome === 'metastable');
      expect(recovered === 'true').toBe(outcome === 'recovered');
    }
    expect(lines).toHaveLength(1 + 16);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 5).join(','))).toEqual([
      '0,naive,1s,100/s,1', '0,naive,1s,100/s,2', '1,naive,1s,150/s,1', '1,naive,1s,150/s,2',
      '2,naive,2s,100/s,1', '2,naive,2s,100/s,2', '3,naive,2s,150/s,1', '3,naive,2s,150/s,2',
      '4,budget,1s,100/s,1', '4,budget,1s,100/s,2', '5,budget,1s,150/s,1', '5,budget,1s,150/s,2',
      '6,budget,2s,100/s,1', '6,budget,2s,100/s,2', '7,budget,2s,150/s,1', '7,budget,2s,150/s,2',
    ]);
    // Offered load follows the rate set at the point (requests per measured second).
    const offered = lines.slice(1).map((l) => Number(l.split(',')[5]));
    expect(offered[0]).toBeGreaterThan(80);
    expect(offered[0]).toBeLessThan(120);
    expect(offered[2]).toBeGreaterThan(125);
  });

  it('aggregates each point over its seeds, in sweep-summary.csv and sweep.json', () => {
    const files = read(whole);
    const json = JSON.parse(files['sweep.json']);
    expect(Object.keys(json)).toEqual(['version', 'scenario', 'file', 'set', 'vary', 'seeds', 'clients', 'propagation', 'shard', 'rows', 'points']);
    expect(json.vary[2]).toEqual({ path: 'clients.web.arrival.rate', values: ['100/s', '150/s'], numbers: [100, 150] });
    expect(json.seeds).toEqual([1, 2]);
    expect(json.shard).toBeNull();
    const rows = json.rows.filter((r: { point: number }) => r.point === 3);
    const goodput = rows.map((r: { clients: { web: { goodput_per_s: number } } }) => r.clients.web.goodput_per_s);
    const agg = json.points[3].aggregates;
    expect(json.points[3].values).toEqual({ variant: 'naive', 'faults[0].for': '2s', 'clients.web.arrival.rate': '150/s' });
    expect(agg.clients.web.goodput_per_s.mean).toBeCloseTo((goodput[0] + goodput[1]) / 2, 3);
    expect(agg.clients.web.goodput_per_s.n).toBe(2);
    expect(agg.metastable_share.n).toBe(2);
    const summary = files['sweep-summary.csv'].trimEnd().split('\n');
    expect(summary).toHaveLength(1 + 8);
    expect(summary[0]).toMatch(/^point,variant,faults\[0\]\.for,clients\.web\.arrival\.rate,seeds,web\.offered_per_s\.mean,web\.offered_per_s\.ci_low,web\.offered_per_s\.ci_high,/);
    expect(summary[0]).toMatch(/,recovery_time_s\.mean,recovery_time_s\.ci_low,recovery_time_s\.ci_high,projected_recovery_s\.mean,projected_recovery_s\.ci_low,projected_recovery_s\.ci_high,metastable_share,metastable_share\.ci_low,metastable_share\.ci_high,still_recovering_share,still_recovering_share\.ci_low,still_recovering_share\.ci_high,no_verdict_share,no_verdict_share\.ci_low,no_verdict_share\.ci_high$/);
    expect(agg.still_recovering_share.n).toBe(2);
    expect(summary[4].split(',').slice(0, 5)).toEqual(['3', 'naive', '2s', '150/s', '2']);
  });

  it('removes an earlier sweep\'s charts it did not draw again, and nothing else', () => {
    expect(readdirSync(join(dir, 'two-threads')).sort()).toEqual(['notes.png', ...FILES].sort());
  });

  it('gives the same bytes with 1 and 2 threads', () => {
    expect(read(join(dir, 'two-threads'))).toEqual(read(whole));
  });

  it('merging shards 1/3, 2/3 and 3/3 gives the whole sweep byte for byte', async () => {
    const out = join(dir, 'merged');
    const r = await simulate(['merge', shards[2], shards[0], shards[1], '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`3 shards merged: 8 points × 2 seeds; written to ${out}/\ncharts: goodput, metastability-map (.png, .svg, .vl.json)\n`);
    expect(read(out)).toEqual(read(whole));
    // The charts too: drawn from the merged result as from the whole one.
    const names = readdirSync(whole).sort();
    expect(names).toEqual(['goodput.png', 'goodput.svg', 'goodput.vl.json', 'metastability-map.png', 'metastability-map.svg', 'metastability-map.vl.json', ...FILES].sort());
    expect(readdirSync(out).sort()).toEqual(names);
    for (const name of names) expect(readFileSync(join(out, name)).equals(readFileSync(join(whole, name))), name).toBe(true);
    expect(readdirSync(shards[0]).sort()).toEqual([...FILES].sort());
    const shard = JSON.parse(readFileSync(join(shards[1], 'sweep.json'), 'utf8'));
    expect(shard.shard).toEqual({ index: 2, count: 3 });
    expect(shard.points.map((p: { point: number }) => p.point)).toEqual([1, 4, 7]);
  });

  it('merge refuses a missing shard, a shard given twice, another sweep and a folder without a sweep', async () => {
    const other = join(dir, 'other');
    const made = await simulate(['sweep', FILE, ...GRID.slice(0, -1), '1', '--shard', '3/3', '--threads', '1', '--out', other]);
    expect(made.code, made.stderr).toBe(0);
    const [missing, twice, different, empty] = await Promise.all([
      simulate(['merge', shards[0], shards[1], '--out', join(dir, 'm1')]),
      simulate(['merge', shards[0], shards[1], shards[2], shards[1], '--out', join(dir, 'm2')]),
      simulate(['merge', shards[0], shards[1], other, '--out', join(dir, 'm3')]),
      simulate(['merge', shards[0], dir, '--out', join(dir, 'm4')]),
    ]);
    for (const r of [missing, twice, different, empty]) expect(r.code, r.stderr).toBe(2);
    expect(missing.stderr).toContain('points missing: 2, 5; is a shard folder left out? (the grid has 8 points)');
    expect(twice.stderr).toMatch(/point 1 is in both .*shard-2\/sweep\.json and .*shard-2\/sweep\.json/);
    expect(different.stderr).toMatch(/other\/sweep\.json: another sweep than .*shard-1\/sweep\.json: its `seeds` is \[1\], not \[1,2\]/);
    expect(empty.stderr).toMatch(/sweep\.json: cannot read the shard \(ENOENT\)/);
    for (const m of ['m1', 'm2', 'm3', 'm4']) expect(existsSync(join(dir, m))).toBe(false);
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'sweep.json'), '{"version": 3}');
    const wrong = await simulate(['merge', bad]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/bad\/sweep\.json: not a sweep\.json of version 2/);
    writeFileSync(join(bad, 'sweep.json'), '{"version": 1, "rows": []}');
    const old = await simulate(['merge', bad]);
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(/bad\/sweep\.json: a sweep\.json of version 1, written before its rows carried the verdict's outcome; run that shard again/);
  }, 30_000);
});

describe('simulate sweep: bad input exits 2 before anything runs, writing nothing', () => {
  it.each([
    [['--vary', 'clients.web.timeout=abc,100ms'], /compared\.yaml: --vary clients\.web\.timeout=abc: `clients\.web\.timeout`: .*abc/],
    [['--vary', 'clients.web.timeuot=1s'], /--vary clients\.web\.timeuot=1s: unknown key `timeuot`/],
    [['--vary', 'faults[0].for=-1s,1s'], /--vary faults\[0\]\.for=-1s: `faults\[0\]\.for`: `-1s` is negative/],
    [['--vary', 'clients.web.arrival.rate=1/s..5s:1/s'], /--vary clients\.web\.arrival\.rate=1\/s\.\.5s:1\/s: the range .* mixes units/],
    [['--vary', 'variant=naive,strict'], /--vary variant=strict: .*compared\.yaml has no variant `strict` \(its variants: naive, budget\)/],
    [['--vary', 'faults[0].for=1s'], /compared\.yaml has variants \(naive, budget\): pick them with --vary variant=naive,budget/],
    [['--vary', 'variant=naive', '--vary', 'variant=budget'], /--vary variant: given twice/],
    [['--vary', 'variant=naive', '--shard', '4/3'], /--shard: expected `i\/n` with 1 <= i <= n, got `4\/3`/],
    [['--vary', 'variant=naive', '--seeds', '0'], /--seeds: expected a whole number >= 1/],
    [['--vary', 'variant=naive', '--set', 'duration=abc'], /--set duration: `duration`: /],
  ])('%j', async (args, message) => {
    const out = join(tempDir(), 'out');
    const r = await simulate(['sweep', FILE, ...args, '--out', out]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/seeds? done/);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('`variant` on a file without variants is an error; --set applies to every point before --vary', async () => {
    const out = join(tempDir(), 'out');
    const r = await simulate(['sweep', 'test/fixtures/valid/minimal.yaml', '--vary', 'variant=a', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--vary variant=a: test\/fixtures\/valid\/minimal\.yaml has no `variants` to pick from/);
    const ok = await simulate(['sweep', 'test/fixtures/valid/minimal.yaml', '--set', 'duration=2s', '--set', 'clients.web.arrival.rate=10/s', '--vary', 'clients.web.arrival.rate=50/s', '--out', out]);
    expect(ok.code, ok.stderr).toBe(0);
    // One load is a point, not a curve: no goodput chart, and the command says why.
    expect(ok.stdout).toBe(`1 point × 1 seed = 1 run; written to ${out}/\ncharts: none fits this grid (goodput needs the offered load to vary; the metastability map, two numeric --vary paths)\n`);
    const json = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8'));
    expect(json.set).toEqual(['duration=2s', 'clients.web.arrival.rate=10/s']);
    expect(json.rows[0].clients.web.offered_per_s).toBeGreaterThan(30); // 50/s won over the --set 10/s
  });

  it('a problem only some points have names the point after its place', async () => {
    const r = await simulate(['sweep', FILE, '--vary', 'variant=naive', '--vary', 'duration=6s,1s', '--out', join(tempDir(), 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('test/fixtures/sweep/compared.yaml:5:9: `warmup`: the warmup (1s) must be shorter than the duration (1s) (at point 1: variant=naive, duration=1s)\n');
  });
});
