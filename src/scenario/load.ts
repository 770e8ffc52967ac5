/**
 * The scenario layer's entry point: YAML text -> validated `Scenario`, or every problem at once,
 * each with file, line and column.
 *
 *   text ─parse─▶ YAML tree (+ syntax problems) ─merge over `extends` bases─▶ tree
 *        ─apply --set─▶ tree ─split off `variants`─▶ base tree ─validate─▶ Scenario | problems
 *                                     └─ each variant merged over the base tree ─validate─▶ Variant | problems
 *
 * Pure: the CLI reads the file (and passes `readFile` for the files it extends) and prints the problems.
 */
import { isMap, visit, type Node } from 'yaml';
import { reportCallCycles } from './call-cycles.ts';
import { replicaCounts, reportReplicaIndexes } from './replica-indexes.ts';
import { autoscaledServices, reportAutoscaledHealth } from './autoscale-checks.ts';
import { reportPartitionCallers } from './partition-callers.ts';
import { EXTENDS_KEY, expandExtends, merge, type ReadFile } from './extends.ts';
import * as msg from './messages.ts';
import { metricPaths } from './metric-paths.ts';
import { closestMatch } from './suggest.ts';
import { applyOverrides, pathSegments, type Override } from './overrides.ts';
import { scenarioSpec } from './scenario-spec.ts';
import { Origins, readSource, type Problem } from './source.ts';
import { childSite, Context, INVALID, keyText, ROOT, type RawProblem } from './spec.ts';
import type { Scenario, Variant } from './types.ts';
import { VARIANTS_KEY, variantsSpec, type VariantEntry } from './variant-spec.ts';

export { parseOverride, type Override } from './overrides.ts';
export type { ReadFile } from './extends.ts';
export type { Problem } from './source.ts';

/** On success, the base scenario and its `variants` in file order (none when the key is absent). */
export type LoadResult = { ok: true; scenario: Scenario; variants: Variant[] } | { ok: false; problems: Problem[] };

import { formatProblem } from './problem.ts';

export { formatProblem };

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

  const unknownVariants = overrides.flatMap((override) => unknownVariantProblem(doc.contents, override, file));
  if (unknownVariants.length > 0) return { ok: false, problems: unknownVariants };
  const settable = overrides.filter((override) => pathSegments(override.path)?.[0] !== EXTENDS_KEY);
  const applied = applyOverrides(doc, settable);
  const ctx = new Context();
  const entries = splitVariants(doc.contents, ctx);
  const scenario = validate(doc.contents, ctx);
  const variants = entries.map((entry) => validateVariant(doc.contents, entry, ctx.problems, origins));
  const problems = [
    ...fileProblems,
    ...overrides.filter((o) => !settable.includes(o)).map((o) => setProblem(file, msg.fromOverride(o.path, msg.extendsNotSettable()))),
    ...applied.problems.map((message) => setProblem(file, message)),
    ...[...ctx.problems, ...variants.flatMap((v) => v.problems)].map((problem) => located(problem, file, applied.origins, origins)),
  ];
  const valid = variants.filter((v): v is CheckedVariant<Scenario> => v.scenario !== INVALID);
  if (problems.length > 0 || scenario === INVALID || valid.length < variants.length) return { ok: false, problems: sorted(problems, origins.files) };
  return { ok: true, scenario, variants: valid.map(({ name, scenario: merged }) => ({ name, scenario: merged })) };
}

/** The clients whose `arrival.kind` is `periodic` (read from the tree: they have `peak_rate`). */
function periodicClients(clients: unknown): string[] {
  if (!isMap(clients)) return [];
  return clients.items.filter((pair) => {
    const arrival = isMap(pair.value) ? pair.value.get('arrival', true) : null;
    return isMap(arrival) && arrival.get('kind') === 'periodic';
  }).map((pair) => keyText(pair.key)).filter((name): name is string => name !== null);
}

function validate(root: unknown, ctx: Context): Scenario | typeof INVALID {
  const services = declaredNames(root, 'services');
  const clients = declaredNames(root, 'clients');
  const replicated = [...replicaCounts(isMap(root) ? root.get('services', true) : null)].filter(([, n]) => n > 1).map(([name]) => name);
  const servicesNode = isMap(root) ? root.get('services', true) : null;
  const metrics = metricPaths(clients ?? [], services ?? [], {
    replicated, periodic: periodicClients(isMap(root) ? root.get('clients', true) : null), cached: cachedServices(servicesNode), autoscaled: autoscaledServices(root),
  });
  const scenario = scenarioSpec({ services, clients, metrics }).parse(root, ROOT, ctx);
  reportCallCycles(root, ctx);
  reportReplicaIndexes(root, ctx);
  reportPartitionCallers(root, ctx);
  reportAutoscaledHealth(root, ctx);
  return scenario;
}

/**
 * Takes `variants` out of the tree (so the rest is the base) and checks its shape: the variants
 * to merge are the well-formed ones (the others are reported).
 */
function splitVariants(root: unknown, ctx: Context): VariantEntry[] {
  const pair = isMap(root) ? root.items.find((item) => keyText(item.key) === VARIANTS_KEY) : undefined;
  if (!isMap(root) || !pair) return [];
  root.items = root.items.filter((item) => keyText(item.key) !== VARIANTS_KEY);
  const entries = variantsSpec().parse(pair.value, childSite(ROOT, VARIANTS_KEY, pair.key, root), ctx);
  return entries === INVALID ? [] : entries;
}

interface CheckedVariant<T> {
  name: string;
  scenario: T;
  problems: RawProblem[];
}

/**
 * A variant's changes merged over the base tree, validated as a scenario. A problem the base
 * has too (the same message) is the base's, reported once with the base's problems, unless it
 * sits on a node the variant wrote itself; the variant's own problems say which variant.
 */
function validateVariant(base: unknown, variant: VariantEntry, baseProblems: readonly RawProblem[], origins: Origins): CheckedVariant<Scenario | typeof INVALID> {
  const ctx = new Context();
  const changes = variant.value;
  const scenario = validate(changes === null ? base : merge(base, changes, origins), ctx);
  const own = new Set<unknown>();
  if (changes !== null) visit(changes, { Node: (_, node: Node) => void own.add(node) });
  const problems = ctx.problems
    .filter((p) => own.has(p.anchor) || !baseProblems.some((b) => b.message === p.message))
    .map((p) => ({ anchor: p.anchor, message: msg.inVariant(variant.name, p.message) }));
  return { name: variant.name, scenario, problems };
}

/** The names under a top-level section; null when it is not a map (then names are not checked). */
function declaredNames(root: unknown, section: string): string[] | null {
  const entries = isMap(root) ? root.get(section, true) : null;
  if (!isMap(entries)) return null;
  return entries.items.map((pair) => keyText(pair.key)).filter((name): name is string => name !== null);
}

/**
 * `--set variants.<name>...` must name a variant the file has: setting a key of a misspelt one
 * would otherwise quietly add a variant that runs the base.
 */
function unknownVariantProblem(root: unknown, override: Override, file: string): Problem[] {
  const segments = pathSegments(override.path);
  if (segments === null || segments[0] !== VARIANTS_KEY || segments.length < 3 || typeof segments[1] !== 'string') return [];
  const variants = declaredNames(root, VARIANTS_KEY) ?? [];
  if (variants.includes(segments[1])) return [];
  return [setProblem(file, msg.fromOverride(override.path, msg.unknownReference('', 'variant', segments[1], variants, closestMatch(segments[1], variants))))];
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

/** The services whose map has a `cache` key: their summaries have `cache` figures an assertion may name. */
function cachedServices(services: unknown): string[] {
  if (!isMap(services)) return [];
  return services.items.filter((pair) => isMap(pair.value) && pair.value.has('cache')).map((pair) => keyText(pair.key)).filter((name): name is string => name !== null);
}
