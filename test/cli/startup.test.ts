/**
 * What each command loads, on the built bin (dist/simulate.js, built from the current sources into
 * a temporary folder): `--help`, `schema`, a `--no-charts` run and `check` (with its worker
 * threads) must never load the chart renderers (vega, vega-lite, vega-embed, resvg); a run that
 * draws does. test/support/forbid-renderers.mjs, preloaded, makes such an import fail the command.
 * How long a start takes is measured by `npm run bench`, not here.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDir, ROOT } from '../support/cli.ts';

const GUARD = join(ROOT, 'test/support/forbid-renderers.mjs');

function node(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

describe('the built command loads only what it needs', () => {
  const dir = buildDir();
  const bin = join(dir, 'dist/simulate.js');
  const guarded = (args: string[]) => node(['--import', GUARD, bin, ...args]);

  beforeAll(async () => {
    const built = await node([join(ROOT, 'scripts/build.mjs'), '--out', join(dir, 'dist'), '--no-types']);
    expect(built.code, built.stderr).toBe(0);
  }, 60_000);

  it('--help, schema, a --no-charts run and check (with workers) never load a renderer', async () => {
    const runs = await Promise.all([
      guarded(['--help']),
      guarded(['schema']),
      guarded(['scenarios/no-retry.yaml', '--no-charts', '--out', join(dir, 'run')]),
      guarded(['check', 'scenarios/mm1.yaml', '--seeds', '3', '--threads', '2']),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(runs[0].stdout).toMatch(/^simulate <scenario\.yaml> \[options\]/);
    expect(JSON.parse(runs[1].stdout).title).toBeDefined();
  }, 60_000);

  it('a run that draws loads them (so the guard is seen to work)', async () => {
    const r = await guarded(['scenarios/no-retry.yaml', '--out', join(dir, 'drawn'), '--format', 'svg']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/forbidden import of a renderer: vega/);
  }, 60_000);
});
