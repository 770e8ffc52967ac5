import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, simulate, tempDir } from '../support/cli.ts';

const fixtures = join(ROOT, 'test/fixtures/invalid');
const invalidFiles = readdirSync(fixtures).filter((f) => f.endsWith('.yaml')).sort();

describe('simulate <file>', () => {
  it('gives byte-identical summary.json and timeseries.csv for the same file and seed, across processes', async () => {
    // Without charts: that charts leave the data files alone is results-cli.test.ts's.
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    const runs = await Promise.all([
      simulate(['scenarios/no-retry.yaml', '--out', a, '--quiet', '--no-charts']),
      simulate(['scenarios/no-retry.yaml', '--out', b, '--quiet', '--no-charts']),
      simulate(['scenarios/no-retry.yaml', '--out', c, '--quiet', '--seed', '2', '--no-charts']),
    ]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    for (const file of ['summary.json', 'timeseries.csv']) {
      expect(readFileSync(join(a, file))).toEqual(readFileSync(join(b, file)));
      expect(readFileSync(join(a, file))).not.toEqual(readFileSync(join(c, file)));
    }
    const summary = JSON.parse(readFileSync(join(c, 'summary.json'), 'utf8'));
    expect(summary.seed).toBe(2);
    expect(readFileSync(join(a, 'timeseries.csv'), 'utf8').split('\n')[0]).toMatch(
      /^t_s,entity,offered_per_s,attempts_per_s,succeeded_per_s,failed_per_s,latency_p50_s,latency_p99_s,(.*,)?queue_len,utilization/,
    );
  });

  it('prints an aligned summary and exits 0 when the assertions hold', async () => {
    const out = tempDir();
    const r = await simulate(['scenarios/mm1.yaml', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/client\s+requests\s+amplification\s+goodput\s+p50\s+p99/);
    expect(r.stdout).toMatch(/pass {2}clients\.load\.latency\.mean > 19ms/);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  });

  it('says STILL RECOVERING, with the projection and a duration to run, for a run that ends while its backlog drains', async () => {
    const out = tempDir();
    const r = await simulate(['scenarios/strategies/token-bucket.yaml', '--out', out, '--no-charts', '--set', 'faults[0].for=25s', '--set', 'duration=120s']);
    expect(r.code, r.stderr).toBe(1); // its `recovered == true` assertion fails, as it should
    expect(r.stdout).toMatch(/^metastability: STILL RECOVERING \(baseline goodput 803\.3\/s\)$/m);
    // The sentence is wrapped to the terminal's width: read it with its line breaks as spaces.
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('goodput returns about 35.6 s after the last fault ended; run to at least 140 s (--set duration=140s)');
    const m = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).metastability;
    expect(m).toMatchObject({ outcome: 'still_recovering', recovered: false, metastable: false, no_verdict: 'still_recovering', evidence: 'backlog_shrinking' });
    expect(m.projected_recovery_s).toBeCloseTo(35.6, 1);
  });

  it('gives no verdict on a model overloaded before its fault, naming the saturated service, with the capacity table', async () => {
    const out = tempDir();
    const r = await simulate(['test/fixtures/verdict/overloaded-first-model.yaml', '--out', out, '--no-charts']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/before the first fault\s+offered\s+capacity\s+load\s+utilization\n/);
    expect(r.stdout).toMatch(/\ndeps\s+121\.\d\/s\s+116\.8\/s\s+10\d\.\d%\s+100\.0%\n/);
    expect(r.stdout).toMatch(/^metastability: NO VERDICT/m);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('the system was overloaded before the first fault: deps received');
    const m = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).metastability;
    expect(m).toMatchObject({ outcome: 'no_verdict', no_verdict: 'overloaded_before_trigger', recovered: false, metastable: false, saturation: { service: 'deps' } });
  });

  it('exits 1 and says FAIL when an assertion breaks (--set changes the scenario)', async () => {
    const r = await simulate(['scenarios/mm1.yaml', '--out', tempDir(), '--set', 'clients.load.arrival.rate=80/s', '--set', 'duration=200s']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}clients\.load\.latency\.mean < 21ms/);
  });

  it('exits 2 with the file and position for a bad --set value, writing nothing', async () => {
    const out = join(tempDir(), 'never');
    const r = await simulate(['scenarios/mm1.yaml', '--out', out, '--set', 'clients.load.timeout=200']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--set clients\.load\.timeout/);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 for a missing file, an unknown flag, a bad or missing --seed, an unwritable --out, without a stack trace', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const results = await Promise.all([
      simulate(['no/such/file.yaml']),
      simulate(['scenarios/mm1.yaml', '--sed', '3']),
      simulate(['scenarios/mm1.yaml', '--seed', '-1', '--out', tempDir()]),
      simulate(['scenarios/mm1.yaml', '--seed']),
      simulate(['scenarios/mm1.yaml', '--seed', '1.5', '--out', tempDir()]),
      simulate(['scenarios/mm1.yaml', '--out', join(file, 'sub'), '--set', 'duration=50s']),
    ]);
    for (const r of results) {
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(results[0].stderr).toMatch(/no\/such\/file\.yaml: cannot read/);
    expect(results[5].stderr).toMatch(/cannot write the results there \(ENOTDIR\)/);
  });

  it('--quiet prints nothing on success but still names a failed assertion on stderr', async () => {
    const [ok, failed] = await Promise.all([
      simulate(['scenarios/no-retry.yaml', '--quiet', '--out', tempDir()]),
      simulate(['scenarios/no-retry.yaml', '--quiet', '--no-charts', '--out', tempDir(), '--set', 'clients.web.retry.max_attempts=4']),
    ]);
    expect(ok).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/FAIL {2}metastability\.recovered == true/);
  });

  it('writes the results under results/<name>/ of the working directory by default', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'tiny.yaml'), readFileSync(join(ROOT, 'scenarios/mm1.yaml'), 'utf8').replace('duration: 2000s', 'duration: 50s'));
    const r = await simulate(['tiny.yaml', '--quiet', '--no-charts'], cwd);
    expect(r.code).toBe(1); // too short for the tight latency bounds: the assertions are real
    expect(readdirSync(join(cwd, 'results/mm1')).sort()).toEqual(['summary.json', 'timeseries.csv']);
  });
});

describe('simulate schema', () => {
  it('prints the checked-in JSON Schema that the bundled scenarios point editors at', async () => {
    const r = await simulate(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(ROOT, 'scenarios/scenario.schema.json'), 'utf8')));
    for (const file of readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'))) {
      expect(readFileSync(join(ROOT, 'scenarios', file), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
    }
  });
});

describe('malformed scenarios', () => {
  it('has at least 15 fixtures', () => {
    expect(invalidFiles.length).toBeGreaterThanOrEqual(15);
  });

  // One process reads them all (check validates every file before it runs any): each fixture
  // in its own process would cost ~1 s of start-up apiece; their exact messages are checked in
  // process by test/scenario/invalid-fixtures.test.ts.
  it('every one: exit 2, a message with its file, line and column, no stack trace', async () => {
    const r = await simulate(['check', 'test/fixtures/invalid/']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const named = new Set([...r.stderr.matchAll(/^test\/fixtures\/invalid\/([^:/]+\.yaml):\d+:\d+: \S/gm)].map((m) => m[1]));
    expect([...named].sort()).toEqual(invalidFiles);
  });

  it.each(['duration-without-unit.yaml', 'unknown-key.yaml', 'variant-negative-workers.yaml', 'propagation-unknown-strategy.yaml', 'pool-max-zero.yaml'])(
    'simulate %s: exit 2 and nothing written', async (file) => {
      const out = join(tempDir(), 'never');
      const r = await simulate([join('test/fixtures/invalid', file), '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`test/fixtures/invalid/${file.replace('.', '\\.')}:\\d+:\\d+: \\S`));
      expect(r.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    });
});
