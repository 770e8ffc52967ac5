/**
 * The scenario layer's entry point: YAML text -> validated `Scenario`, or every problem at once,
 * each with file, line and column.
 *
 *   text ─parse─▶ YAML tree (+ syntax problems) ─merge over `extends` bases─▶ tree
 *        ─apply --set─▶ tree ─validate─▶ Scenario | problems
 *
 * Pure: the CLI reads the file (and passes `readFile` for the files it extends) and prints the problems.
 */
import { isMap } from 'yaml';
import { reportCallCycles } from './call-cycles.ts';
import { EXTENDS_KEY, expandExtends, type ReadFile } from './extends.ts';
import * as msg from './messages.ts';
import { metricPaths } from './metric-paths.ts';
import { applyOverrides, pathSegments, type Override } from './overrides.ts';
import { scenarioSpec } from './scenario-spec.ts';
import { Origins, readSource, type Problem } from './source.ts';
import { Context, INVALID, keyText, ROOT, type RawProblem } from './spec.ts';
import type { Scenario } from './types.ts';

export { parseOverride, type Override } from './overrides.ts';
export type { ReadFile } from './extends.ts';
export type { Problem } from './source.ts';

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

export function formatProblem(p: Problem): string {
  return p.line === null ? `${p.file}: ${p.message}` : `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

/**
 * `file` names the text in problems, and `extends` paths are resolved against its directory.
 * `readFile` reads the files named by `extends` (null when one cannot be read); without it, a
 * scenario that extends another is a problem.
 */
export function loadScenario(
  text: string, file: string, overrides: readonly Override[] = [], readFile?: ReadFile,
): LoadResult {
  const read = readSource(text, file);
  if (!read.source) return { ok: false, problems: sorted(read.problems, [file]) };
  const { doc } = read.source;
  const origins = new Origins(read.source);
  const expanded = expandExtends(read.source, origins, readFile);
  const fileProblems = [...read.problems, ...expanded.problems];
  if (!expanded.ok) return { ok: false, problems: sorted(fileProblems, origins.files) };
  doc.contents = expanded.root as typeof doc.contents;

  const settable = overrides.filter((override) => pathSegments(override.path)?.[0] !== EXTENDS_KEY);
  const applied = applyOverrides(doc, settable);
  const ctx = new Context();
  const scenario = validate(doc.contents, ctx);
  const problems = [
    ...fileProblems,
    ...overrides.filter((o) => !settable.includes(o)).map((o) => setProblem(file, msg.fromOverride(o.path, msg.extendsNotSettable()))),
    ...applied.problems.map((message) => setProblem(file, message)),
    ...ctx.problems.map((problem) => located(problem, file, applied.origins, origins)),
  ];
  if (problems.length > 0 || scenario === INVALID) return { ok: false, problems: sorted(problems, origins.files) };
  return { ok: true, scenario };
}

function validate(root: unknown, ctx: Context): Scenario | typeof INVALID {
  const services = declaredNames(root, 'services');
  const clients = declaredNames(root, 'clients');
  const metrics = metricPaths(clients ?? [], services ?? []);
  const scenario = scenarioSpec({ services, clients, metrics }).parse(root, ROOT, ctx);
  reportCallCycles(root, ctx);
  return scenario;
}

/** The names under a top-level section; null when it is not a map (then names are not checked). */
function declaredNames(root: unknown, section: string): string[] | null {
  const entries = isMap(root) ? root.get(section, true) : null;
  if (!isMap(entries)) return null;
  return entries.items.map((pair) => keyText(pair.key)).filter((name): name is string => name !== null);
}

/** A problem of a `--set`: it has no place in any file, so it names the scenario file given. */
function setProblem(file: string, message: string): Problem {
  return { file, line: null, column: null, message };
}

function located(problem: RawProblem, file: string, overrideOrigins: Map<unknown, string>, origins: Origins): Problem {
  const override = overrideOrigins.get(problem.anchor);
  if (override !== undefined) return setProblem(file, msg.fromOverride(override, problem.message));
  return origins.locate(problem.anchor, problem.message);
}

/**
 * By file (the one given first, then the files it extends, in the order read), then line, then
 * column; problems without a position last; otherwise in the order found. Repeats are dropped.
 */
function sorted(problems: Problem[], files: readonly string[]): Problem[] {
  const rank = (p: Problem): number[] =>
    p.line === null ? [1, 0, 0, 0] : [0, files.indexOf(p.file), p.line, p.column ?? 0];
  const compare = (a: Problem, b: Problem): number => {
    const [x, y] = [rank(a), rank(b)];
    return x.map((value, i) => value - y[i]).find((difference) => difference !== 0) ?? 0;
  };
  const unique = problems.filter((p, i) => problems.findIndex((q) => formatProblem(q) === formatProblem(p)) === i);
  return unique.sort(compare);
}
