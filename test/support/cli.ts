/** Runs the `simulate` command in a child process, as a user (or CI) would. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'src/cli/simulate.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function simulate(args: string[], cwd = ROOT): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      done({ code, stdout, stderr });
    });
  });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'simulate-test-'));
}

/**
 * A fresh folder under node_modules/.cache for a build of the current sources (scripts/build.mjs
 * --out): from there the bundle finds the packages it leaves outside (vega, resvg) as an
 * installed copy would, which it could not from the system's temporary folder.
 */
export function buildDir(): string {
  const cache = join(ROOT, 'node_modules/.cache/metastable-sim-test');
  mkdirSync(cache, { recursive: true });
  return mkdtempSync(join(cache, 'build-'));
}
