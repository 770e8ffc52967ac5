/** Loading the bundled scenarios from their files, as the CLI does (extends included). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario, type RunResult } from '../../src/run.ts';
import { formatProblem, loadScenario } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { ROOT } from './cli.ts';

export function bundled(name: string): Scenario {
  return load(name).scenario;
}

/** The variants of a bundled scenario, each as the scenario it runs, by name. */
export function bundledVariants(name: string): Map<string, Scenario> {
  return new Map(load(name).variants.map((v) => [v.name, v.scenario]));
}

function load(name: string) {
  const file = join(ROOT, 'scenarios', name);
  const readFile = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  };
  const loaded = loadScenario(readFileSync(file, 'utf8'), file, [], readFile);
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return loaded;
}

const runs = new Map<string, RunResult>();

/**
 * Runs a bundled scenario (at its own seed, or `seed`), once per test file: a run is
 * deterministic, so a second test asking for the same file and seed gets the same result,
 * kept, instead of simulating the storm again. Tests only read results.
 */
export function runBundled(name: string, seed?: number): RunResult {
  const s = bundled(name);
  const key = `${name}@${seed ?? s.seed}`;
  let r = runs.get(key);
  if (r === undefined) {
    r = runScenario(seed === undefined ? s : { ...s, seed });
    runs.set(key, r);
  }
  return r;
}
