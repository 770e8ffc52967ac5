/**
 * The package as a user gets it: `npm pack` (which builds dist/ through `prepare`), the tarball
 * installed in an empty project, and there the `simulate` bin (a run with charts, a check) and
 * the library imported from an .mjs file (docs/api.md's example, run as written). And the built
 * CLI against the sources: the same bytes.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDir, ROOT, simulate, tempDir } from '../support/cli.ts';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function sh(cmd: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** The example of docs/api.md: its last js block. */
function apiExample(): string {
  const blocks = [...readFileSync(join(ROOT, 'docs/api.md'), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks[blocks.length - 1];
}

describe('the package, installed from its tarball in an empty project', () => {
  const project = tempDir();

  beforeAll(async () => {
    const packed = await sh(NPM, ['pack', '--pack-destination', project], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
    expect(tarball).toMatch(/^metastable-sim-\d+\.\d+\.\d+\.tgz$/);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }));
    const installed = await sh(NPM, ['install', '--prefer-offline', `./${tarball}`], project);
    expect(installed.code, installed.stderr).toBe(0);
  }, 240_000);

  it('carries the built code, the types, the scenarios and the docs, and no sources or tests', () => {
    const pkg = join(project, 'node_modules/metastable-sim');
    const files = readdirSync(pkg);
    expect(files).toEqual(expect.arrayContaining(['dist', 'scenarios', 'docs', 'README.md', 'CHANGELOG.md', 'LICENSE', 'package.json']));
    expect(files).not.toContain('src');
    expect(files).not.toContain('test');
    expect(readdirSync(join(pkg, 'dist'))).toEqual(expect.arrayContaining(['simulate.js', 'check-worker.js', 'index.js', 'types']));
  });

  it('runs `simulate` on a bundled scenario, charts and report.html included', async () => {
    const r = await sh('npx', ['simulate', 'node_modules/metastable-sim/scenarios/no-retry.yaml', '--out', 'out', '--format', 'svg'], project);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^metastability: RECOVERED/m);
    const out = readdirSync(join(project, 'out'));
    expect(out).toEqual(expect.arrayContaining(['summary.json', 'timeseries.csv', 'load.svg', 'load.vl.json', 'report.html']));
    expect(readFileSync(join(project, 'out/load.svg'), 'utf8')).toMatch(/^<svg/);
  }, 120_000);

  it('runs `simulate check` over seeds, on worker threads', async () => {
    const r = await sh('npx', ['simulate', 'check', 'node_modules/metastable-sim/scenarios/mm1.yaml', '--seeds', '2', '--threads', '2'], project);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ 0 failed \(1 scenarios\)/);
  }, 120_000);

  it('imports the library from an .mjs file: the example of docs/api.md runs as written', async () => {
    writeFileSync(join(project, 'example.mjs'), apiExample());
    const r = await sh(process.execPath, ['example.mjs'], project);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^naive: metastable, goodput [\d.]+%/m);
    expect(r.stdout).toMatch(/^token-bucket: recovered, goodput [\d.]+%/m);
    expect(readdirSync(join(project, 'results/api-example')).sort()).toEqual(['comparison.csv', 'naive', 'token-bucket']);
  }, 60_000);
});

describe('the built CLI and the sources', () => {
  it('give byte-identical files for the same scenarios and seeds (a run, variants, a sweep)', async () => {
    const out = tempDir();
    // A fresh build of the current sources (the bin without types), so a stale dist/ cannot pass.
    const build = buildDir();
    const built = await sh(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out', join(build, 'dist'), '--no-types'], ROOT);
    expect(built.code, built.stderr).toBe(0);
    const cases: string[][] = [
      ['scenarios/retry-storm.yaml', '--no-charts'],
      ['scenarios/retry-storm-compared.yaml', '--no-charts', '--set', 'duration=90s'],
      ['sweep', 'scenarios/no-retry.yaml', '--vary', 'clients.web.arrival.rate=600/s,800/s', '--set', 'duration=60s', '--seeds', '2', '--threads', '2', '--no-charts'],
    ];
    for (const [i, args] of cases.entries()) {
      const [fromSource, fromBuild] = [join(out, `src-${i}`), join(out, `dist-${i}`)];
      mkdirSync(fromSource);
      const a = await simulate([...args, '--out', fromSource]);
      const b = await sh(process.execPath, [join(build, 'dist/simulate.js'), ...args, '--out', fromBuild], ROOT);
      expect(a.code, a.stderr).toBe(b.code);
      const files = readdirSync(fromSource, { recursive: true }).map(String).filter((f) => /\.(json|csv)$/.test(f)).sort();
      expect(files.length, args.join(' ')).toBeGreaterThan(0);
      for (const f of files) expect(readFileSync(join(fromBuild, f)), `${args.join(' ')}: ${f}`).toEqual(readFileSync(join(fromSource, f)));
    }
  }, 120_000);
});
