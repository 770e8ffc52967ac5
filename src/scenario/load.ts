/**
 * The scenario layer's entry point: YAML text -> validated `Scenario`, or every problem at once,
 * each with file, line and column.
 *
 *   text ─parse─▶ YAML tree (+ syntax problems) ─apply --set─▶ tree ─validate─▶ Scenario | problems
 *
 * Pure: the CLI reads the file and prints the problems.
 */
import { isMap, isNode, isScalar, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { reportCallCycles } from './call-cycles.ts';
import * as msg from './messages.ts';
import { metricPaths } from './metric-paths.ts';
import { applyOverrides, type Override } from './overrides.ts';
import { scenarioSpec } from './scenario-spec.ts';
import { Context, INVALID, keyText, ROOT, type RawProblem } from './spec.ts';
import type { Scenario } from './types.ts';

export { parseOverride, type Override } from './overrides.ts';

export interface Problem {
  file: string;
  /** 1-based; null only for a problem not tied to the file (a `--set`). */
  line: number | null;
  column: number | null;
  message: string;
}

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

export function formatProblem(p: Problem): string {
  return p.line === null ? `${p.file}: ${p.message}` : `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

export function loadScenario(text: string, file: string, overrides: readonly Override[] = []): LoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { keepSourceTokens: true, prettyErrors: false, lineCounter });
  const at = (offset: number): Pick<Problem, 'line' | 'column'> => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const yamlProblems = doc.errors.map((error): Problem => ({ file, ...at(error.pos[0]), message: yamlMessage(doc, error) }));
  // A tree the parser had to guess at would only add confusing problems; a repeated key is safe to go on from.
  if (doc.errors.some((error) => error.code !== 'DUPLICATE_KEY')) return { ok: false, problems: sorted(yamlProblems) };

  const aliasProblems = resolveAliases(doc).map((p): Problem => ({ file, ...at(p.offset), message: p.message }));
  if (aliasProblems.length > 0) return { ok: false, problems: sorted([...yamlProblems, ...aliasProblems]) };
  const applied = applyOverrides(doc, overrides);
  const ctx = new Context();
  const scenario = validate(doc.contents, ctx);
  const problems = [
    ...yamlProblems,
    ...applied.problems.map((message): Problem => ({ file, line: null, column: null, message })),
    ...ctx.problems.map((problem) => located(problem, file, applied.origins, at)),
  ];
  if (problems.length > 0 || scenario === INVALID) return { ok: false, problems: sorted(problems) };
  return { ok: true, scenario };
}

/**
 * `*name` stands for the node anchored `&name`: put that node in its place, so the specs see
 * plain values. A copy, so that a `--set` of one place leaves the other alone; a problem in it
 * points at the anchored original.
 */
function resolveAliases(doc: Document): { offset: number; message: string }[] {
  const problems: { offset: number; message: string }[] = [];
  let expanded = 0;
  visit(doc, {
    Alias: (_, alias) => {
      const target = alias.resolve(doc);
      if (!target) return visit.REMOVE;
      const [start, , end] = target.range ?? [0, 0, 0];
      const offset = alias.range?.[0] ?? 0;
      if (offset >= start && offset < end) {
        problems.push({ offset, message: msg.recursiveAlias(alias.source) });
        return visit.BREAK;
      }
      // Aliases of aliases can grow exponentially (the "billion laughs"): cap the nodes copied.
      expanded += nodeCount(target, MAX_ALIAS_EXPANSION - expanded + 1);
      if (expanded > MAX_ALIAS_EXPANSION) {
        problems.push({ offset, message: msg.tooManyAliases(MAX_ALIAS_EXPANSION) });
        return visit.BREAK;
      }
      return target.clone() as typeof target;
    },
  });
  return problems;
}

const MAX_ALIAS_EXPANSION = 100_000;

/** Nodes in a subtree, counting no further than `limit`. */
function nodeCount(node: Node, limit: number): number {
  let count = 0;
  visit(node, {
    Node: () => (++count >= limit ? visit.BREAK : undefined),
  });
  return count;
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

function located(
  problem: RawProblem, file: string, origins: Map<unknown, string>, at: (offset: number) => Pick<Problem, 'line' | 'column'>,
): Problem {
  const override = origins.get(problem.anchor);
  if (override !== undefined) return { file, line: null, column: null, message: msg.fromOverride(override, problem.message) };
  const range = isNode(problem.anchor) ? problem.anchor.range : null;
  // Only an empty file leaves nothing to point at; its first position is the honest answer.
  return { file, ...(range ? at(range[0]) : { line: 1, column: 1 }), message: problem.message };
}

function yamlMessage(doc: Document, error: { code: string; message: string; pos: [number, number] }): string {
  if (error.code !== 'DUPLICATE_KEY') return msg.yamlSyntax(error.message);
  return msg.duplicateKey(keyStartingAt(doc, error.pos[0]) ?? '?');
}

function keyStartingAt(doc: Document, offset: number): string | null {
  let found: string | null = null;
  visit(doc, {
    Pair: (_, pair) => {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) found = keyText(pair.key);
    },
  });
  return found;
}

/** By line, then column; problems without a position last; otherwise in the order found. */
function sorted(problems: Problem[]): Problem[] {
  const rank = (p: Problem): [number, number] => [p.line ?? Number.MAX_SAFE_INTEGER, p.column ?? 0];
  const unique = problems.filter((p, i) => problems.findIndex((q) => formatProblem(q) === formatProblem(p)) === i);
  return unique.sort((a, b) => rank(a)[0] - rank(b)[0] || rank(a)[1] - rank(b)[1]);
}
