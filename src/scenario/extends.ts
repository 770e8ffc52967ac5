/**
 * `extends: <path>`: a scenario derived from another file, so that variants of a baseline are
 * written as differences rather than hand-tuned copies. The base file is read (its own
 * `extends` followed first), then the extending file's keys are merged over it: maps key by key,
 * recursively (unless the map changes `kind` or `dist`: then it replaces the base's map whole);
 * any other value (a scalar, a list) replaces the base's, as Helm merges values
 * files (a list is replaced, never appended to). The merged tree keeps every file's own nodes, so a problem points into
 * the file its value came from.
 *
 * Pure: other files are read through the `readFile` the caller passes. Paths are resolved with
 * node:path's posix functions (string operations only), relative to the extending file.
 */
import { posix } from 'node:path';
import { isMap, isScalar, Pair, YAMLMap } from 'yaml';
import * as msg from './messages.ts';
import { readSource, type Origins, type Problem, type Source } from './source.ts';
import { anchorOf, childSite, keyText, ROOT } from './spec.ts';

/** The text of the file at `path`, or null when it cannot be read. */
export type ReadFile = (path: string) => string | null;

export const EXTENDS_KEY = 'extends';

export interface Expanded {
  /** The merged tree, without `extends`. */
  root: unknown;
  problems: Problem[];
  /** False when a base could not be read or merged: validating the rest would only mislead. */
  ok: boolean;
}

export function expandExtends(source: Source, origins: Origins, readFile: ReadFile | undefined): Expanded {
  return expand(source, [posix.normalize(source.file)], origins, readFile);
}

function expand(source: Source, chain: readonly string[], origins: Origins, readFile: ReadFile | undefined): Expanded {
  const root = source.doc.contents;
  const pair = isMap(root) ? root.items.find((item) => keyText(item.key) === EXTENDS_KEY) : undefined;
  if (!isMap(root) || !pair) return { root, problems: [], ok: true };
  root.items = root.items.filter((item) => keyText(item.key) !== EXTENDS_KEY);
  const anchor = anchorOf(pair.value, childSite(ROOT, EXTENDS_KEY, pair.key, root));
  const fail = (problems: Problem[], message?: string): Expanded =>
    ({ root, problems: message ? [...problems, origins.locate(anchor, message)] : problems, ok: false });

  const target = isScalar(pair.value) ? pair.value.value : undefined;
  if (typeof target !== 'string' || target === '') return fail([], msg.expected(EXTENDS_KEY, msg.EXPECTED_EXTENDS, pair.value));
  const path = basePath(source.file, target);
  if (!readFile) return fail([], msg.extendsWithoutReader(path));
  if (chain.includes(path)) return fail([], msg.extendsCycle([...chain, path]));
  const text = readFile(path);
  if (text === null) return fail([], msg.cannotRead(path));

  const read = readSource(text, path);
  if (!read.source) return fail(read.problems);
  origins.adopt(read.source);
  const base = expand(read.source, [...chain, path], origins, readFile);
  const problems = [...read.problems, ...base.problems];
  if (!base.ok) return fail(problems);
  if (!isMap(base.root)) return fail(problems, msg.extendsNotAMap(path, base.root));
  return { root: merge(base.root, root, origins), problems, ok: true };
}

/** `target` relative to the directory of `file` (an absolute `target` stands as it is). */
function basePath(file: string, target: string): string {
  return posix.isAbsolute(target) ? posix.normalize(target) : posix.join(posix.dirname(file), target);
}

/** Keys that say what kind of thing a map is (`arrival: { kind: ... }`, `{ dist: ... }`). */
const KIND_KEYS = ['kind', 'dist'];

/** The value of `key` in a map, as text; null when absent or not a scalar. */
function scalarAt(map: YAMLMap, key: string): string | null {
  const pair = map.items.find((item) => keyText(item.key) === key);
  return pair && isScalar(pair.value) ? String(pair.value.value) : null;
}

/**
 * A map that names another kind than the base's is another thing, not an edit of it: an open
 * arrival turned closed must not keep the open one's `rate`.
 */
function changesKind(base: YAMLMap, over: YAMLMap): boolean {
  return KIND_KEYS.some((key) => {
    const mine = scalarAt(over, key);
    return mine !== null && mine !== scalarAt(base, key);
  });
}

/**
 * `over` merged over `base`: the base's keys in the base's order (each value merged with the
 * one `over` gives, if any), then the keys only `over` has, in its order. A map that changes
 * `kind` or `dist` replaces the base's whole. Neither tree is changed: the result shares their
 * nodes (so positions survive), and `variants:` merges each variant over one base this way.
 */
export function merge(base: unknown, over: unknown, origins: Origins): unknown {
  if (!isMap(base) || !isMap(over) || changesKind(base, over)) return over;
  const merged = origins.place(new YAMLMap(), over);
  merged.flow = over.flow;
  const used = new Set<Pair>();
  const overPair = (key: string | null): Pair | undefined => over.items.find((item) => key !== null && keyText(item.key) === key);
  for (const pair of base.items) {
    const replacement = overPair(keyText(pair.key));
    if (replacement) used.add(replacement);
    merged.items.push(replacement ? new Pair(replacement.key, merge(pair.value, replacement.value, origins)) : pair);
  }
  merged.items.push(...over.items.filter((pair) => !used.has(pair)));
  return merged;
}
