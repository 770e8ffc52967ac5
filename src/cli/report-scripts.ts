/**
 * The vega, vega-lite and vega-embed builds that report.html inlines, read from node_modules.
 *
 * The packages' `exports` maps hide `build/*.min.js` (and even `package.json`) from
 * `require.resolve`, so each package's main entry is resolved instead, the way Node would find
 * it from this file (in this repository or in an installed copy of the simulator), and the
 * package's folder is found above it: the nearest folder whose package.json carries its name.
 * The UMD builds fit together by their globals: vega sets `vega`, vega-lite reads `vega` and sets
 * `vegaLite`, vega-embed reads both and sets `vegaEmbed`, which the page calls.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ReportScripts } from '../report/html.ts';

const require = createRequire(import.meta.url);

/** The folder of an installed package, found from its resolved main entry. */
export function packageDir(name: string): string {
  const entry = require.resolve(name);
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
  }
  throw new Error(`cannot find the folder of the package ${name} above ${entry}`);
}

function readBuild(name: string, file: string): string {
  const path = join(packageDir(name), 'build', file);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${path}, which report.html inlines (${(e as NodeJS.ErrnoException).code ?? 'error'}); is ${name} installed?`);
  }
}

let cached: ReportScripts | undefined;

/** Read once per process: about 830 kB that every report of the process shares. */
export function readReportScripts(): ReportScripts {
  cached ??= {
    vega: readBuild('vega', 'vega.min.js'),
    vegaLite: readBuild('vega-lite', 'vega-lite.min.js'),
    vegaEmbed: readBuild('vega-embed', 'vega-embed.min.js'),
  };
  return cached;
}
