/**
 * `--set <path>=<value>`: changes to the YAML tree made before validation, so an overridden
 * value is checked like any other. Nodes an override creates have no place in the file; they
 * are remembered with the override's path, and problems about them name the `--set` instead.
 */
import { Document, isMap, isScalar, isSeq, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import * as msg from './messages.ts';
import { keyText, pathText, type Segment } from './spec.ts';

export interface Override {
  /** Dotted, with `[i]` for list items: `faults[0].for`. */
  path: string;
  /** Read as a YAML scalar or flow value: `4` is a number, `{dist: exponential, mean: 5ms}` a map. */
  value: string;
}

const PATH_PART = /^([A-Za-z0-9_-]+)((?:\[\d+\])*)$/;

/** `clients.web.timeout` -> ['clients', 'web', 'timeout']; `faults[0].for` -> ['faults', 0, 'for']; null if malformed. */
export function pathSegments(path: string): Segment[] | null {
  const segments: Segment[] = [];
  for (const part of path.split('.')) {
    const match = PATH_PART.exec(part);
    if (!match) return null;
    segments.push(match[1], ...[...match[2].matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
  }
  return segments;
}

/** `a.b=c` -> { path: 'a.b', value: 'c' }; a message when malformed. */
export function parseOverride(arg: string): Override | string {
  const equals = arg.indexOf('=');
  if (equals < 0) return msg.overrideSyntax('there is no `=`');
  const path = arg.slice(0, equals).trim();
  if (pathSegments(path) === null) return msg.overrideSyntax(`\`${path}\` is not a path`);
  return { path, value: arg.slice(equals + 1) };
}

export interface AppliedOverrides {
  /** Each node (and key) an override created, with that override's path. */
  origins: Map<unknown, string>;
  /** Overrides that could not be applied, as complete messages (`--set <path>: ...`). */
  problems: string[];
}

export function applyOverrides(doc: Document, overrides: readonly Override[]): AppliedOverrides {
  const applied: AppliedOverrides = { origins: new Map(), problems: [] };
  for (const override of overrides) {
    const problem = applyOverride(doc, override, applied.origins);
    if (problem !== null) applied.problems.push(msg.fromOverride(override.path, problem));
  }
  return applied;
}

function applyOverride(doc: Document, override: Override, origins: Map<unknown, string>): string | null {
  const segments = pathSegments(override.path);
  if (segments === null) return msg.overrideSyntax(`\`${override.path}\` is not a path`);
  const parsed = parseDocument(override.value, { prettyErrors: false });
  if (parsed.errors.length > 0) return msg.overrideValueSyntax(parsed.errors[0].message);
  const mark = (node: unknown): unknown => markOrigin(node, override.path, origins);
  if (isEmpty(doc.contents)) doc.contents = mark(new YAMLMap()) as YAMLMap;
  let parent: unknown = doc.contents;
  for (const [index, segment] of segments.entries()) {
    const isLast = index === segments.length - 1;
    const next = segments[index + 1];
    const make = (): unknown => mark(isLast ? doc.createNode(parsed.toJS()) : typeof next === 'number' ? new YAMLSeq() : new YAMLMap());
    const step = typeof segment === 'string'
      ? stepIntoMap(parent, segment, isLast, make, mark)
      : stepIntoList(parent, segment, isLast, make);
    if ('problem' in step) return stepProblem(step, pathText(segments.slice(0, index)), segment);
    parent = step.node;
  }
  return null;
}

type Step = { node: unknown } | { problem: 'not_a_map' | 'not_a_list' | 'out_of_range'; parent: unknown };

function stepProblem(step: Extract<Step, { problem: unknown }>, parentPath: string, segment: Segment): string {
  if (step.problem === 'not_a_map') return msg.overrideNotAMap(parentPath, step.parent);
  if (step.problem === 'not_a_list') return msg.overrideNotAList(parentPath, step.parent);
  return msg.overrideIndexOutOfRange(parentPath, segment as number, isSeq(step.parent) ? step.parent.items.length : 0);
}

/** Goes to (or creates, or replaces when last) the value under `key`. */
function stepIntoMap(parent: unknown, key: string, isLast: boolean, make: () => unknown, mark: (n: unknown) => unknown): Step {
  if (!isMap(parent)) return { problem: 'not_a_map', parent };
  const pair = parent.items.find((item) => keyText(item.key) === key);
  if (pair && !isLast && !isEmpty(pair.value)) return { node: pair.value };
  const node = make();
  if (pair) pair.value = node;
  else parent.items.push(new Pair(mark(new Scalar(key)), node));
  return { node };
}

/** Goes to (or replaces when last) item `index`; `index` = length appends. */
function stepIntoList(parent: unknown, index: number, isLast: boolean, make: () => unknown): Step {
  if (!isSeq(parent)) return { problem: 'not_a_list', parent };
  if (index > parent.items.length) return { problem: 'out_of_range', parent };
  if (index < parent.items.length && !isLast && !isEmpty(parent.items[index])) return { node: parent.items[index] };
  const node = make();
  parent.items[index] = node;
  return { node };
}

function isEmpty(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

function markOrigin(node: unknown, path: string, origins: Map<unknown, string>): unknown {
  origins.set(node, path);
  if (isMap(node)) {
    for (const pair of node.items) {
      origins.set(pair.key, path);
      markOrigin(pair.value, path, origins);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) markOrigin(item, path, origins);
  }
  return node;
}
