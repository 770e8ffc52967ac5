/**
 * Existing scenarios keep their results: every bundled scenario listed in
 * test/fixtures/golden.json gives byte-identical summary.json and timeseries.csv (each run, each
 * variant) to the ones recorded there, as sha256 digests. A change that is meant to alter a
 * scenario's results updates the fixture on purpose, and says why in its commit:
 *
 *   GOLDEN_UPDATE=1 npx vitest run test/scenarios/golden.test.ts
 *
 * Scenarios added later (with the keys of a later version) are added to the fixture the same way;
 * a bundled scenario missing from it fails, so none is forgotten.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, writeResults } from '../../src/api/library.ts';
import { runScenario } from '../../src/run.ts';

const FIXTURE = 'test/fixtures/golden.json';
const update = process.env.GOLDEN_UPDATE === '1';

function bundled(dir = 'scenarios'): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return bundled(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

/** Digest of each result file a plain `simulate FILE --no-charts` writes, by its path under the output folder. */
async function digests(file: string): Promise<Record<string, string>> {
  const loaded = loadScenario({ file });
  if (!loaded.ok) throw new Error(`${file}: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const runs = loaded.variants.length === 0
    ? [{ label: 'run', scenario: loaded.scenario, result: runScenario(loaded.scenario) }]
    : loaded.variants.map((v) => ({ label: v.name, scenario: v.scenario, result: runScenario(v.scenario) }));
  const out = mkdtempSync(join(tmpdir(), 'golden-'));
  try {
    const written = await writeResults(out, runs.length === 1 ? runs[0] : runs, { charts: false });
    const result: Record<string, string> = {};
    for (const name of [...written].sort()) {
      if (!/(summary\.json|timeseries\.csv)$/.test(name)) continue;
      result[name] = createHash('sha256').update(readFileSync(join(out, name))).digest('hex').slice(0, 16);
    }
    return result;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const recorded: Record<string, Record<string, string>> = update ? {} : JSON.parse(readFileSync(FIXTURE, 'utf8'));
const files = bundled();

describe('bundled scenarios keep their results', () => {
  it.each(files)('%s', async (file) => {
    const now = await digests(file);
    if (update) {
      recorded[file] = now;
      writeFileSync(FIXTURE, JSON.stringify(Object.fromEntries(Object.entries(recorded).sort()), null, 2) + '\n');
      return;
    }
    expect(recorded[file], `${file} is not in ${FIXTURE}: record it with GOLDEN_UPDATE=1`).toBeDefined();
    expect(now).toEqual(recorded[file]);
  }, 60_000);
});
