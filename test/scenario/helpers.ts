/** Shared helpers for the scenario-layer tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { loadScenario, type LoadResult, type Override, type Problem } from '../../src/scenario/load.ts';
import { Context, INVALID, type Parsed, type Spec } from '../../src/scenario/spec.ts';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function fixtureText(relative: string): string {
  return readFileSync(join(FIXTURES, relative), 'utf8');
}

export function fixtureNames(folder: string): string[] {
  return readdirSync(join(FIXTURES, folder)).filter((name) => name.endsWith('.yaml')).sort();
}

/** Reads a fixture by its path under test/fixtures, as the CLI reads files (for `extends`). */
export function readFixture(relative: string): string | null {
  try {
    return fixtureText(relative);
  } catch {
    return null;
  }
}

export function loadFixture(relative: string, overrides: Override[] = []): LoadResult {
  return loadScenario(fixtureText(relative), relative, overrides, readFixture);
}

export function problemsOf(result: LoadResult): Problem[] {
  if (result.ok) throw new Error('expected problems, but the scenario is valid');
  return result.problems;
}

export const position = (p: Problem): string => `${p.line}:${p.column}`;

/** Parses one YAML value (e.g. `200ms`, `{ dist: uniform, min: 1ms, max: 2ms }`) with a spec, as key `key`. */
export function parseValue<T>(spec: Spec<T>, yamlText: string, key = 'key'): { value: Parsed<T>; messages: string[] } {
  const ctx = new Context();
  const node = parseDocument(yamlText).contents;
  const value = spec.parse(node, { segments: [key], key: null, parent: null }, ctx);
  return { value, messages: ctx.problems.map((p) => p.message) };
}

export { INVALID };
