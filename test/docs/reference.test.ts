/**
 * docs/scenario-format.md against the JSON Schema the validator is built from
 * (src/scenario/schema.ts): every key, every `kind`/`dist` (and other enum) value, and every
 * default the schema states. A key table of the page (`| key | type | default | meaning |`)
 * documents the keys of one map; the schema object a key belongs to is matched to the table that
 * shares the most keys with it, so `window` is read in the circuit breaker's table for the
 * breaker's window and in the top-level table for the run's.
 *
 * The failures name what is missing or wrong, so the page can be fixed from the message alone.
 */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCES } from '../../src/check/baseline.ts';
import { DEFAULT_PANIC_THRESHOLD } from '../../src/model/route-health.ts';
import { scenarioJsonSchema } from '../../src/scenario/schema.ts';
import { parseDuration } from '../../src/scenario/units.ts';
import { codeSpans, readDoc, spansOf, tables } from './markdown.ts';

const DOC = 'docs/scenario-format.md';

type Json = Record<string, unknown>;

/** One map of the format: its keys, the defaults and the required keys the schema gives. */
interface SchemaObject {
  where: string;
  keys: string[];
  defaults: Map<string, unknown>;
  required: Set<string>;
}

interface SchemaFacts {
  keys: Set<string>;
  enumValues: Set<string>;
  objects: SchemaObject[];
}

/** Walks properties, items, additionalProperties, anyOf/oneOf/allOf, if/then and $refs (each definition once). */
function schemaFacts(root: Json): SchemaFacts {
  const definitions = (root.definitions ?? {}) as Record<string, Json>;
  const facts: SchemaFacts = { keys: new Set(), enumValues: new Set(), objects: [] };
  const visited = new Set<string>();
  const walk = (node: unknown, where: string): void => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    const n = node as Json;
    if (typeof n.$ref === 'string') {
      const name = n.$ref.split('/').pop()!;
      if (!visited.has(name)) {
        visited.add(name);
        walk(definitions[name], `#${name}`);
      }
    }
    for (const value of [...((n.enum as unknown[]) ?? []), ...('const' in n ? [n.const] : [])]) {
      if (typeof value === 'string') facts.enumValues.add(value);
    }
    const properties = n.properties as Record<string, Json> | undefined;
    if (properties) {
      const defaults = new Map<string, unknown>();
      for (const [key, property] of Object.entries(properties)) {
        facts.keys.add(key);
        if ('default' in property) defaults.set(key, property.default);
        walk(property, `${where}.${key}`);
      }
      facts.objects.push({ where, keys: Object.keys(properties), defaults, required: new Set((n.required as string[]) ?? []) });
    }
    if (n.items) walk(n.items, `${where}[]`);
    if (typeof n.additionalProperties === 'object') walk(n.additionalProperties, `${where}.<name>`);
    for (const combinator of ['anyOf', 'oneOf', 'allOf'] as const) {
      ((n[combinator] as unknown[]) ?? []).forEach((branch, i) => walk(branch, `${where}(${combinator} ${i})`));
    }
    if (n.then) walk(n.then, where);
  };
  walk(root, 'top level');
  return facts;
}

/** A key table of the page: its keys in order, and each key's default cell. */
interface KeyTable {
  keys: Set<string>;
  defaultCell: Map<string, string>;
}

function keyTables(markdown: string): KeyTable[] {
  return tables(markdown)
    .filter((t) => t.header[0] === 'key' && t.header.includes('default'))
    .map((t) => {
      const column = t.header.indexOf('default');
      const defaultCell = new Map<string, string>();
      for (const row of t.rows) {
        const key = spansOf(row[0])[0];
        if (key !== undefined) defaultCell.set(key, row[column] ?? '');
      }
      return { keys: new Set(defaultCell.keys()), defaultCell };
    });
}

/**
 * A value in one comparable form: durations in seconds, percentages as shares, so the page may
 * write `10%` for the schema's 0.1 and `5m` for `300s`.
 */
function normalize(value: unknown): unknown {
  if (typeof value === 'string') {
    const percent = /^(\d+(?:\.\d+)?)%$/.exec(value);
    if (percent) return Number(percent[1]) / 100;
    const seconds = parseDuration(value);
    if (seconds.ok) return `duration ${seconds.value}`;
    return value;
  }
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  }
  return value;
}

function documentsDefault(cell: string, value: unknown): boolean {
  const wanted = JSON.stringify(normalize(value));
  return spansOf(cell).some((span) => {
    try {
      return JSON.stringify(normalize(parse(span))) === wanted;
    } catch {
      return false;
    }
  });
}

/** The tables with a row for `key` that share the most keys with the schema object it belongs to. */
function tablesFor(key: string, object: SchemaObject, all: KeyTable[]): KeyTable[] {
  const candidates = all.filter((t) => t.keys.has(key));
  const overlap = (t: KeyTable) => object.keys.filter((k) => t.keys.has(k)).length;
  const best = Math.max(0, ...candidates.map(overlap));
  return candidates.filter((t) => overlap(t) === best);
}

/** Problems with the defaults and required keys of the schema's objects on the page, one line each. */
function defaultProblems(objects: SchemaObject[], all: KeyTable[]): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    for (const key of object.keys) {
      const hasDefault = object.defaults.has(key);
      if (!hasDefault && !object.required.has(key)) continue;
      const found = tablesFor(key, object, all);
      if (found.length === 0) {
        problems.push(`${object.where}: no key-table row for \`${key}\``);
        continue;
      }
      const cells = found.map((t) => t.defaultCell.get(key)!);
      if (hasDefault && !cells.some((c) => documentsDefault(c, object.defaults.get(key)))) {
        problems.push(`${object.where}.${key}: default ${JSON.stringify(object.defaults.get(key))}, the page says "${cells.join('" / "')}"`);
      }
      if (!hasDefault && !cells.some((c) => /required/.test(c))) {
        problems.push(`${object.where}.${key}: required, the page says "${cells.join('" / "')}"`);
      }
    }
  }
  return problems;
}

/** Defaults that live in code rather than in the schema (a `maybe` key, or a table of their own). */
function codeDefaults(): SchemaObject[] {
  return [
    {
      where: 'check.tolerances (src/check/baseline.ts)',
      keys: Object.keys(DEFAULT_TOLERANCES),
      defaults: new Map(Object.entries(DEFAULT_TOLERANCES)),
      required: new Set(),
    },
    {
      where: 'a route (src/model/route-health.ts)',
      keys: ['timeout', 'retry', 'balance', 'health_check', 'outlier_detection', 'healthy_panic_threshold'],
      defaults: new Map([['healthy_panic_threshold', DEFAULT_PANIC_THRESHOLD]]),
      required: new Set(),
    },
  ];
}

const markdown = readDoc(DOC);
const facts = schemaFacts(scenarioJsonSchema() as Json);
const spans = codeSpans(markdown);
const pageTables = keyTables(markdown);

describe(`${DOC} documents the scenario format`, () => {
  it('names every key of the JSON Schema in backticks', () => {
    const missing = [...facts.keys].filter((key) => !spans.has(key)).sort();
    expect(missing, `keys missing from ${DOC}`).toEqual([]);
  });

  it('names every `kind`, `dist` and other enum value of the schema in backticks', () => {
    const missing = [...facts.enumValues].filter((value) => !spans.has(value)).sort();
    expect(missing, `values missing from ${DOC}`).toEqual([]);
  });

  it('gives each default the schema (or the code) gives, and marks required keys required', () => {
    expect(defaultProblems([...facts.objects, ...codeDefaults()], pageTables)).toEqual([]);
  });

  it('documents in its key tables only keys the format has', () => {
    const known = new Set([...facts.keys, ...Object.keys(DEFAULT_TOLERANCES)]);
    const unknown = pageTables.flatMap((t) => [...t.keys]).filter((key) => !known.has(key));
    expect(unknown, 'table rows naming no key of the schema').toEqual([]);
  });

  it('would notice a missing key and a wrong default (the checks can fail)', () => {
    const withoutHedgeAfter = keyTables(markdown.replace(/^\| `after` \|.*$/m, ''));
    const spoiled = keyTables(markdown.replace(/^(\| `min_calls` \|[^|]*\| )`20`/m, '$1`25`'));
    const objects = facts.objects;
    expect(defaultProblems(objects, withoutHedgeAfter).some((p) => p.includes('`after`'))).toBe(true);
    expect(defaultProblems(objects, spoiled).some((p) => p.includes('min_calls: default 20'))).toBe(true);
  });
});
