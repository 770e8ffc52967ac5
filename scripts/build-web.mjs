#!/usr/bin/env node
/**
 * `npm run build:web`: the browser playground (issue 16) as a static site, in dist/web/ or OUT_DIR.
 *
 *   src/web/engine-worker.ts ─esbuild (IIFE)─▶ worker text ─┐
 *   scenarios/**.yaml ─────────── texts by path ─────────────┼─ define ─▶ src/web/main.ts ─esbuild (IIFE)─▶ playground.js
 *   vega, vega-lite, vega-embed build/*.min.js ── texts ─────┘
 *   src/web/index.html ─ copied ─▶ index.html
 *   report's TABLE_CSS + src/web/playground.css ─▶ playground.css
 *
 * Why this shape: a page opened from file:// may not load `<script type="module">` nor a worker
 * by URL, so both bundles are classic scripts and the worker runs from a Blob URL of its text.
 * The vega builds go in as texts, run once by the page and inlined again into report.html, as
 * the CLI inlines the same files. `node:path` (extends.ts resolves `extends:` paths with its
 * posix functions) maps to src/web/posix-path.ts; any other Node built-in fails the build.
 *
 * Usage: node scripts/build-web.mjs [OUT_DIR]   (prints each file's size and the gzipped total)
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { register } from 'tsx/esm/api';

// report-scripts.ts finds the vega builds as the CLI does; it is TypeScript, so load tsx first.
register();
const { readReportScripts } = await import('../src/cli/report-scripts.ts');
const { TABLE_CSS } = await import('../src/report/html-assets.ts');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MAX_GZIPPED = 3 * 1024 * 1024;

/** Every scenario file under scenarios/, by its path there (`topology/fan-out.yaml`), in a stable order. */
function scenarioTexts() {
  const dir = join(root, 'scenarios');
  const walk = (d) => readdirSync(d).sort().flatMap((name) => {
    const path = join(d, name);
    return statSync(path).isDirectory() ? walk(path) : name.endsWith('.yaml') ? [path] : [];
  });
  return Object.fromEntries(walk(dir).map((path) => [relative(dir, path).split('\\').join('/'), readFileSync(path, 'utf8')]));
}

/** Maps `node:path` to the page's posix functions; the page must need no other Node module. */
const browserPath = {
  name: 'browser-path',
  setup(b) {
    b.onResolve({ filter: /^(node:)?path$/ }, () => ({ path: join(root, 'src/web/posix-path.ts') }));
  },
};

async function bundle(entry, define) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome110',
    minify: true,
    legalComments: 'none',
    define,
    plugins: [browserPath],
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

export async function buildWeb(outDir) {
  const scenarios = JSON.stringify(scenarioTexts());
  const worker = await bundle('src/web/engine-worker.ts', { __SCENARIOS__: scenarios });
  const page = await bundle('src/web/main.ts', {
    __SCENARIOS__: scenarios,
    __WORKER_SOURCE__: JSON.stringify(worker),
    __REPORT_SCRIPTS__: JSON.stringify(readReportScripts()),
  });
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'playground.js'), page);
  copyFileSync(join(root, 'src/web/index.html'), join(outDir, 'index.html'));
  // The report's table style first (html-assets.ts), then the page's own.
  writeFileSync(join(outDir, 'playground.css'), TABLE_CSS + readFileSync(join(root, 'src/web/playground.css'), 'utf8'));
  let total = 0;
  for (const name of readdirSync(outDir).sort()) {
    const bytes = readFileSync(join(outDir, name));
    const gz = gzipSync(bytes, { level: 9 }).length;
    total += gz;
    console.log(`${name.padEnd(16)} ${(bytes.length / 1024).toFixed(0).padStart(6)} kB  ${(gz / 1024).toFixed(0).padStart(5)} kB gzipped`);
  }
  console.log(`total gzipped: ${(total / 1024).toFixed(0)} kB (${total} bytes; limit ${MAX_GZIPPED / 1024 / 1024} MB)`);
  if (total > MAX_GZIPPED) throw new Error(`the playground's assets are ${total} bytes gzipped, over the ${MAX_GZIPPED}-byte limit`);
  return total;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? join(root, 'dist', 'web'));
  await buildWeb(outDir);
  console.log(`playground: ${join(outDir, 'index.html')}`);
}
