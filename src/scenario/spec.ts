/**
 * A small combinator library for reading YAML nodes. Each `Spec<T>` does two things from one
 * definition: `parse` walks a YAML node, reports every problem it finds at the node it concerns,
 * and returns a typed value (or INVALID); `schema` describes the same rules as JSON Schema
 * (draft-07). The file format is written once, so the editor schema cannot drift from the validator.
 *
 * Parsing never stops at the first problem: a map parses all its keys, a list all its items,
 * and only then says whether it is valid.
 */
import { Document, isMap, isNode, isScalar } from 'yaml';

export const INVALID: unique symbol = Symbol('invalid');
export type Invalid = typeof INVALID;
export type Parsed<T> = T | Invalid;
export type JsonSchema = Record<string, unknown>;
/** Shared and recursive schemas, referenced as `#/definitions/<name>`. */
export type Definitions = Map<string, JsonSchema>;

/** A step of a path from the document root: a map key or a list index. */
export type Segment = string | number;

/** Where a value sits: its path, the key node it was found under, and its enclosing node. */
export interface Site {
  readonly segments: readonly Segment[];
  readonly key: unknown;
  readonly parent: unknown;
}

export const ROOT: Site = { segments: [], key: null, parent: null };

/** A problem before positions are known: the YAML node (or pair key) it points at. */
export interface RawProblem {
  anchor: unknown;
  message: string;
}

export class Context {
  readonly problems: RawProblem[] = [];

  report(anchor: unknown, message: string): void {
    this.problems.push({ anchor, message });
  }
}

export interface Spec<T> {
  parse(node: unknown, site: Site, ctx: Context): Parsed<T>;
  schema(definitions: Definitions): JsonSchema;
}

export function childSite(site: Site, segment: Segment, key: unknown, parent: unknown): Site {
  return { segments: [...site.segments, segment], key, parent };
}

/** `clients.web.retry`, `faults[0].for`; '' for the document root. */
export function pathText(segments: readonly Segment[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

export function pathOf(site: Site): string {
  return pathText(site.segments);
}

/**
 * An absent value, or an empty one in the file (`key:` with nothing after it), has no useful
 * position of its own. (An empty value from a `--set` has none either, but is known by its origin.)
 */
function isEmptyValue(node: unknown): boolean {
  if (!isNode(node)) return true;
  return isScalar(node) && node.value === null && node.range !== undefined && node.range !== null && node.range[0] === node.range[1];
}

/** The node a problem about `node` should point at: the node, or its key when it is empty. */
export function anchorOf(node: unknown, site: Site): unknown {
  if (!isEmptyValue(node)) return node;
  return site.key ?? site.parent ?? node;
}

/** The text of a map key, or null when the key is not a plain scalar. */
export function keyText(key: unknown): string | null {
  const value = isScalar(key) ? key.value : key;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** A value as it would be written in the file, turned into a node (for defaults). */
export function nodeFromValue(value: unknown): unknown {
  return new Document().createNode(value);
}

export function transform<T, U>(spec: Spec<T>, convert: (value: T) => U): Spec<U> {
  return {
    parse: (node, site, ctx) => {
      const value = spec.parse(node, site, ctx);
      return value === INVALID ? INVALID : convert(value);
    },
    schema: (definitions) => spec.schema(definitions),
  };
}

/** A spec given a name: built on first use (so it may refer to itself) and shared in the schema. */
export function named<T>(name: string, build: () => Spec<T>): Spec<T> {
  let built: Spec<T> | null = null;
  const spec = (): Spec<T> => (built ??= build());
  return {
    parse: (node, site, ctx) => spec().parse(node, site, ctx),
    schema: (definitions) => {
      if (!definitions.has(name)) {
        definitions.set(name, {});
        definitions.set(name, spec().schema(definitions));
      }
      return { $ref: `#/definitions/${name}` };
    },
  };
}

/** A scalar form and a map form of the same thing (a plain duration or a `{ dist: ... }` map). */
export function scalarOrMap<T>(scalar: Spec<T>, map: Spec<T>, description: string): Spec<T> {
  return {
    parse: (node, site, ctx) => (isMap(node) ? map : scalar).parse(node, site, ctx),
    schema: (definitions) => ({ description, anyOf: [scalar.schema(definitions), map.schema(definitions)] }),
  };
}
