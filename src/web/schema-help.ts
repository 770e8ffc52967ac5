/**
 * Completion and hover from the scenario's JSON Schema (scenarioJsonSchema, generated from the
 * same specs that validate): the keys allowed where the cursor is, the values of an enum after
 * `key: `, and a key's description on hover. The YAML path at the cursor is read from
 * indentation, which is enough for the block style the bundled scenarios are written in.
 */
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { Text } from '@codemirror/state';
import { hoverTooltip } from '@codemirror/view';
import { scenarioJsonSchema } from '../scenario/schema.ts';

interface Schema {
  $ref?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  if?: Schema;
  then?: Schema;
  /** Set here on a `then` branch: the `kind` its `if` asks for. */
  whenKind?: string;
}

let root: (Schema & { definitions: Record<string, Schema> }) | null = null;
const schema = () => (root ??= scenarioJsonSchema() as Schema & { definitions: Record<string, Schema> });

/** A schema with its references followed and its alternatives spread out. */
function alternatives(node: Schema | undefined, depth = 0): Schema[] {
  if (node === undefined || depth > 8) return [];
  if (node.$ref !== undefined) return alternatives(schema().definitions[node.$ref.replace('#/definitions/', '')], depth + 1);
  // `allOf: [{ if: { kind: const }, then }]` is how a kind picks its keys: each `then` is an alternative for that kind.
  const branch = (n: Schema): Schema => (n.then === undefined ? n : { ...n.then, whenKind: String(n.if?.properties?.kind?.const ?? '') });
  const nested = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? []).map(branch)].flatMap((n) => alternatives(n, depth + 1));
  return [node, ...nested];
}

function child(nodes: readonly Schema[], segment: string): Schema[] {
  return nodes.flatMap((n) => {
    if (segment === '[]') return alternatives(n.items);
    const own = n.properties?.[segment];
    if (own !== undefined) return alternatives(own);
    return typeof n.additionalProperties === 'object' ? alternatives(n.additionalProperties) : [];
  });
}

const KEY_LINE = /^(\s*)(- )?([A-Za-z0-9_-]+):/;

/** Leading spaces, counting a list item's `- ` as indentation of what follows it. */
function indentOf(line: string): number {
  const m = /^(\s*)(- )?/.exec(line)!;
  return m[1].length + (m[2]?.length ?? 0);
}

/**
 * The keys (and `[]` for list items) that enclose a line whose content starts at column
 * `indent`, outermost first: each line above that starts further left is a parent (a key, or a
 * list item, or a key inside a list item); a list item whose dash is further left but whose key
 * is not holds the line as its sibling key.
 */
function pathAbove(doc: Text, lineNo: number, indent: number): string[] {
  const path: string[] = [];
  let limit = indent;
  for (let n = lineNo - 1; n >= 1 && limit > 0; n--) {
    const text = doc.line(n).text;
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    const lead = /^\s*/.exec(text)![0].length;
    const dash = /^\s*- /.test(text);
    const key = KEY_LINE.exec(text);
    if (indentOf(text) < limit) {
      if (key !== null) path.unshift(key[3]);
      if (dash) path.unshift('[]');
      if (key === null && !dash) continue;
      limit = lead;
    } else if (dash && lead < limit) {
      path.unshift('[]');
      limit = lead;
    }
  }
  return path;
}

function schemasAt(path: readonly string[]): Schema[] {
  return path.reduce<Schema[]>((nodes, segment) => child(nodes, segment), alternatives(schema()));
}

/** The `kind:` of the map the line at `lineNo` (content at column `indent`) belongs to, if written. */
function siblingKind(doc: Text, lineNo: number, indent: number): string | null {
  const kindAt = (n: number): string | null => {
    const m = /^\s*(?:- )?kind:\s*([A-Za-z0-9_-]+)/.exec(doc.line(n).text);
    return m !== null && indentOf(doc.line(n).text) === indent ? m[1] : null;
  };
  for (const step of [-1, 1]) {
    for (let n = lineNo; n >= 1 && n <= doc.lines; n += step) {
      const text = doc.line(n).text;
      if (n !== lineNo && text.trim() !== '' && indentOf(text) < indent) break;
      const item = n !== lineNo && /^\s*- /.test(text) && indentOf(text) === indent;
      if (step === 1 && item) break; // the next item of the list
      const kind = kindAt(n);
      if (kind !== null) return kind;
      if (step === -1 && item) break; // the first line of this item
    }
  }
  return null;
}

function keysOf(nodes: readonly Schema[], kind: string | null = null): Map<string, string> {
  const keys = new Map<string, string>();
  for (const n of nodes.filter((node) => kind === null || node.whenKind === undefined || node.whenKind === kind)) for (const [k, v] of Object.entries(n.properties ?? {})) if (!keys.has(k) || keys.get(k) === '') keys.set(k, alternatives(v).find((a) => a.description)?.description ?? '');
  return keys;
}

export function schemaCompletions(context: CompletionContext): CompletionResult | null {
  const line = context.state.doc.lineAt(context.pos);
  const before = line.text.slice(0, context.pos - line.from);
  const key = /^(\s*)(- )?([A-Za-z0-9_-]*)$/.exec(before);
  if (key !== null) {
    if (key[3] === '' && !context.explicit) return null;
    const indent = key[1].length + (key[2]?.length ?? 0);
    const path = [...pathAbove(context.state.doc, line.number, indent), ...(key[2] !== undefined ? ['[]'] : [])];
    const options = [...keysOf(schemasAt(path), siblingKind(context.state.doc, line.number, indent))].map(([label, info]) => ({ label, type: 'property', info: info || undefined, apply: `${label}: ` }));
    return options.length === 0 ? null : { from: context.pos - key[3].length, options, validFor: /^[A-Za-z0-9_-]*$/ };
  }
  const value = /^(\s*)(- )?([A-Za-z0-9_-]+):\s+([A-Za-z0-9_-]*)$/.exec(before);
  if (value === null) return null;
  const indent = value[1].length + (value[2]?.length ?? 0);
  const path = [...pathAbove(context.state.doc, line.number, indent), ...(value[2] !== undefined ? ['[]'] : []), value[3]];
  const values = schemasAt(path).flatMap((n) => [...(n.enum ?? []), ...(n.const !== undefined ? [n.const] : [])]).filter((v): v is string => typeof v === 'string');
  const options = [...new Set(values)].map((label) => ({ label, type: 'enum' }));
  return options.length === 0 ? null : { from: context.pos - value[4].length, options, validFor: /^[A-Za-z0-9_-]*$/ };
}

/** A key's description from the schema, shown when the pointer rests on the key. */
export const schemaHover = hoverTooltip((view, pos) => {
  const line = view.state.doc.lineAt(pos);
  const m = KEY_LINE.exec(line.text);
  if (m === null) return null;
  const from = line.from + m[1].length + (m[2]?.length ?? 0);
  const to = from + m[3].length;
  if (pos < from || pos > to) return null;
  const path = [...pathAbove(view.state.doc, line.number, m[1].length + (m[2]?.length ?? 0)), ...(m[2] !== undefined ? ['[]'] : [])];
  const description = keysOf(schemasAt(path), siblingKind(view.state.doc, line.number, m[1].length + (m[2]?.length ?? 0))).get(m[3]);
  if (!description) return null;
  return {
    pos: from, end: to, above: true,
    create: () => {
      const dom = document.createElement('div');
      dom.className = 'schema-hover';
      dom.textContent = `${m[3]}: ${description}`;
      return { dom };
    },
  };
});
