/**
 * The bundled scenarios, two checks from one set of runs (running each scenario once for both
 * saves the suite a second pass over all of them):
 *
 * 1. Existing scenarios keep their results: every bundled scenario listed in
 *    test/fixtures/golden.json gives byte-identical summary.json and timeseries.csv (each run,
 *    each variant) to the ones recorded there, as sha256 digests. A change that is meant to alter
 *    a scenario's results updates the fixture on purpose, and says why in its commit:
 *
 *      GOLDEN_UPDATE=1 npx vitest run test/scenarios/golden.test.ts
 *
 *    Scenarios added later (with the keys of a later version) are added to the fixture the same
 *    way; a bundled scenario missing from it fails, so none is forgotten.
 * 2. They are a regression suite of their own: each states what it shows as assertions, judged
 *    as `simulate check scenarios/` judges them (its seeds: `check.seeds` from the scenario's
 *    seed on; the same judging code, src/check/outcomes.ts). The command itself, folders, globs,
 *    threads and its output, is tested on small scenarios in test/cli/check.test.ts. These runs
 *    have no --max-in-flight limit, where the command's default is 5,000,000 attempts: no
 *    bundled scenario reaches it (`simulate check scenarios/` ran them all under it with exit 0,
 *    not 4, in check-bundled.test.ts, which this test replaces; retry-storm.yaml's backlog,
 *    ~530,000 attempts at the end, is a tenth of it).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, writeResults } from '../../src/api/library.ts';
import { assertionOutcomes, observedText } from '../../src/check/outcomes.ts';
import { findScenarioFiles } from '../../src/cli/find-scenarios.ts';
import { runScenario } from '../../src/run.ts';
import { assertionUnits } from '../../src/scenario/assertion-units.ts';
import type { Scenario } from '../../src/scenario/types.ts';

const FIXTURE = 'test/fixtures/golden.json';
const update = process.env.GOLDEN_UPDATE === '1';

function bundled(dir = 'scenarios'): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return bundled(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

/** The run at the scenario's own seed, and the assertions that fail over its check seeds (as `file (variant): expr observed ...`). */
function runAndJudge(label: string, scenario: Scenario) {
  const result = runScenario(scenario);
  const more = Array.from({ length: scenario.check.seeds - 1 }, (_, k) => runScenario({ ...scenario, seed: scenario.seed + k + 1 }).summary);
  const outcomes = assertionOutcomes(scenario.assertions, [result.summary, ...more], assertionUnits(scenario));
  const failed = outcomes.filter((o) => !o.pass).map((o) => `${label}: ${o.expr} observed ${observedText(o)} (held on ${o.held} of ${o.seeds} seeds)`);
  return { result, failed };
}

/** Digest of each result file a plain `simulate FILE --no-charts` writes, by its path under the output folder; and the failed assertions. */
async function digestsAndFailures(file: string): Promise<{ digests: Record<string, string>; failed: string[] }> {
  const loaded = loadScenario({ file });
  if (!loaded.ok) throw new Error(`${file}: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const named = loaded.variants.length === 0
    ? [{ label: 'run', title: file, scenario: loaded.scenario }]
    : loaded.variants.map((v) => ({ label: v.name, title: `${file} (variant ${v.name})`, scenario: v.scenario }));
  const judged = named.map((n) => ({ ...n, ...runAndJudge(n.title, n.scenario) }));
  const runs = judged.map((j) => ({ label: j.label, scenario: j.scenario, result: j.result }));
  const out = mkdtempSync(join(tmpdir(), 'golden-'));
  try {
    const written = await writeResults(out, runs.length === 1 ? runs[0] : runs, { charts: false });
    const digests: Record<string, string> = {};
    for (const name of [...written].sort()) {
      if (!/(summary\.json|timeseries\.csv)$/.test(name)) continue;
      digests[name] = createHash('sha256').update(readFileSync(join(out, name))).digest('hex').slice(0, 16);
    }
    return { digests, failed: judged.flatMap((j) => j.failed) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const recorded: Record<string, Record<string, string>> = update ? {} : JSON.parse(readFileSync(FIXTURE, 'utf8'));
const files = bundled();

describe('bundled scenarios keep their results and hold their assertions', () => {
  it('there are bundled scenarios to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  // `simulate check scenarios/` finds its files with src/cli/find-scenarios.ts; this test walks
  // the folder its own way (bundled() above), so neither shares the other's blind spots.
  it('simulate check scenarios/ finds exactly these files', () => {
    expect(findScenarioFiles(['scenarios/']).map((f) => f.split('\\').join('/'))).toEqual(files);
  });

  it.each(files)('%s', async (file) => {
    const { digests, failed } = await digestsAndFailures(file);
    expect(failed, 'assertions that fail, as simulate check would judge them').toEqual([]);
    if (update) {
      recorded[file] = digests;
      writeFileSync(FIXTURE, JSON.stringify(Object.fromEntries(Object.entries(recorded).sort()), null, 2) + '\n');
      return;
    }
    expect(recorded[file], `${file} is not in ${FIXTURE}: record it with GOLDEN_UPDATE=1`).toBeDefined();
    expect(digests).toEqual(recorded[file]);
  }, 60_000);
});
