/**
 * Keeps DESIGN.md's arrows honest: each layer imports only the layers before it, and the pure
 * core reads no clock and no unseeded randomness.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.ts';

const SRC = join(ROOT, 'src');
const LAYERS = ['engine', 'strategies', 'model', 'metrics', 'scenario', 'report', 'run.ts', 'sweep', 'check', 'cli', 'api', 'web', 'index.ts'];
/** The edges: they may touch files, the process or the page (the command line, the library's entry, the browser playground). */
const EDGES = ['cli', 'api', 'web', 'index.ts'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

function layerOf(path: string): string {
  return relative(SRC, path).split('/')[0];
}

function localImports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)].map((m) => resolve(dirname(path), m[1] ?? m[2]));
}

describe('architecture', () => {
  const sources = files(SRC);

  it('every source file belongs to a known layer', () => {
    for (const f of sources) expect(LAYERS, relative(ROOT, f)).toContain(layerOf(f));
  });

  it('imports point only to earlier layers (or within a layer)', () => {
    const wrong: string[] = [];
    for (const f of sources) {
      const from = LAYERS.indexOf(layerOf(f));
      for (const target of localImports(f)) {
        const to = LAYERS.indexOf(layerOf(target));
        if (to > from) wrong.push(`${relative(SRC, f)} imports ${relative(SRC, target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the engine knows no domain words', () => {
    for (const f of sources.filter((s) => layerOf(s) === 'engine')) {
      const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, relative(ROOT, f)).not.toMatch(/\b(request|attempt|retry|client|service|timeout|queue len|worker)s?\b/i);
    }
  });

  it('no unseeded randomness or clock reads in the pure core (only the CLI touches the outside world)', () => {
    for (const f of sources.filter((s) => !EDGES.includes(layerOf(s)))) {
      const code = readFileSync(f, 'utf8');
      expect(code, relative(ROOT, f)).not.toMatch(/Math\.random|Date\.now|new Date\(|performance\.now|process\.|from 'node:fs'/);
    }
  });
});
