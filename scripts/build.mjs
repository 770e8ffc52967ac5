#!/usr/bin/env node
/**
 * `npm run build` (and `prepare`, which `npm ci`, `npm pack` and an install from git run): the
 * JavaScript that the `simulate` command, its worker threads and the library run, in dist/.
 *
 *   src/cli/main.ts ─┐                                       dist/simulate.js      (the bin)
 *   src/cli/check-worker.ts ─┼─ esbuild: bundled, split ─▶ dist/check-worker.js  (worker threads)
 *   src/index.ts ────┘        into shared chunks           dist/index.js         (the library)
 *                                                            dist/chunk-*.js       (shared code)
 *   src/ ─ tsc --emitDeclarationOnly ─▶ dist/types/         (the library's types)
 *
 * Why esbuild and not tsc's JavaScript: the command starts once per use, and most of a start
 * went to loading modules one by one. Bundled (with yargs and the other pure-JS dependencies),
 * `simulate --help` takes about 2.1 times `node -e 0`, where tsc's file-per-module output took
 * 2.4 (hyperfine, 20 runs each); code that a command loads only when it runs (a dynamic import)
 * becomes a chunk of its own, so the lazy loading survives. The renderers (vega, vega-lite,
 * vega-embed, resvg: large, and resvg native) stay outside, loaded from node_modules when a
 * chart is drawn. tsc still checks everything (`npm run typecheck`) and writes the types.
 *
 * Usage: node scripts/build.mjs [--out DIR] [--no-types]
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles the three entry points into `outDir` (emptied first). */
export async function buildJavaScript(outDir) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  rmSync(outDir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { simulate: 'src/cli/main.ts', 'check-worker': 'src/cli/check-worker.ts', index: 'src/index.ts' },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Kept as installed packages: what `dependencies` lists (the renderers).
    external: Object.keys(pkg.dependencies ?? {}),
    // Whitespace and syntax only: names stay, so a stack trace (SIMULATE_DEBUG=1) still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    // Bundled CommonJS (seedrandom, yargs' helpers) may call require(): give the chunks one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  chmodSync(join(outDir, 'simulate.js'), 0o755);
}

function buildTypes(outDir) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', join(outDir, 'types')], { stdio: 'inherit' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const outDir = resolve(root, at >= 0 ? args[at + 1] : 'dist');
  await buildJavaScript(outDir);
  if (!args.includes('--no-types')) buildTypes(outDir);
}
