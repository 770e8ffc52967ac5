/**
 * Reading a scenario file for a command: the file and the files it extends are read here (the
 * scenario layer is pure), `--set` arguments parsed, and problems turned into an InputError
 * (exit 2) with one `file:line:column: message` line each.
 */
import { readFileSync } from 'node:fs';
import { formatProblem, loadScenario, parseOverride, type Override } from '../scenario/load.ts';
import type { Scenario, Variant } from '../scenario/types.ts';
import { InputError } from './exit-codes.ts';

export interface ScenarioWithVariants {
  scenario: Scenario;
  /** In file order; empty when the file has no `variants`. */
  variants: Variant[];
}

/** The base scenario and its variants; `sets` are `--set path=value` arguments as typed. */
export function readScenarioFileWithVariants(file: string, sets: readonly string[] = []): ScenarioWithVariants {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError([`${file}: cannot read the scenario file (${(e as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  const overrides: Override[] = [];
  const bad: string[] = [];
  for (const arg of sets) {
    const parsed = parseOverride(arg);
    if (typeof parsed === 'string') bad.push(`--set ${arg}: ${parsed}`);
    else overrides.push(parsed);
  }
  if (bad.length > 0) throw new InputError(bad);
  const loaded = loadScenario(text, file, overrides, readOtherFile);
  if (!loaded.ok) throw new InputError(loaded.problems.map(formatProblem));
  return { scenario: loaded.scenario, variants: loaded.variants };
}

/** The base scenario only (a file's `variants` are checked, then left out). */
export function readScenarioFile(file: string, sets: readonly string[] = []): Scenario {
  return readScenarioFileWithVariants(file, sets).scenario;
}

/** `extends:` names other files; null when one cannot be read (the loader reports it where it is named). */
function readOtherFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
