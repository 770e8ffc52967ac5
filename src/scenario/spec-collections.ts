/** Lists, and maps from a user-chosen name to a value (`services`, `clients`). */
import { isMap, isSeq } from 'yaml';
import * as msg from './messages.ts';
import {
  anchorOf, childSite, Context, INVALID, keyText, pathOf,
  type Parsed, type Site, type Spec,
} from './spec.ts';

export interface ListOptions<T> {
  /** What one item is, for messages: `component`, `value`. */
  what: string;
  minItems?: number;
  description?: string;
  /** Checks across items; it reports its own problems, which make the list invalid. */
  check?: (items: Parsed<T>[], itemSites: Site[], itemNodes: unknown[], ctx: Context) => void;
}

export function list<T>(item: Spec<T>, options: ListOptions<T>): Spec<T[]> {
  const minItems = options.minItems ?? 0;
  return {
    parse: (node, site, ctx) => {
      if (!isSeq(node)) {
        ctx.report(anchorOf(node, site), msg.expected(pathOf(site), `a list of ${options.what}s`, node));
        return INVALID;
      }
      const before = ctx.problems.length;
      const sites = node.items.map((_, index) => childSite(site, index, null, node));
      const items = node.items.map((itemNode, index) => item.parse(itemNode, sites[index], ctx));
      if (items.length < minItems) ctx.report(node, msg.tooFewItems(pathOf(site), minItems, options.what));
      options.check?.(items, sites, node.items, ctx);
      return ctx.problems.length > before ? INVALID : (items as T[]);
    },
    schema: (definitions) => ({
      type: 'array',
      ...(options.description ? { description: options.description } : {}),
      items: item.schema(definitions),
      ...(minItems > 0 ? { minItems } : {}),
    }),
  };
}

export interface RecordOptions {
  /** What one entry is, for messages: `service`, `client`. */
  what: string;
  namePattern: RegExp;
  /** The naming rule in words, for the message when a name breaks it. */
  nameRule: string;
  description?: string;
  /**
   * Return the well-named, valid entries even when others are not (their problems are reported
   * all the same), for a caller that goes on to check each entry further (`variants`).
   */
  partial?: boolean;
}

export interface NamedEntry<T> {
  name: string;
  value: T;
}

/** A map from names to values, in file order; at least one entry. */
export function record<T>(value: Spec<T>, options: RecordOptions): Spec<NamedEntry<T>[]> {
  return {
    parse: (node, site, ctx) => {
      if (!isMap(node)) {
        ctx.report(anchorOf(node, site), msg.expected(pathOf(site), `a map from ${options.what} names to ${options.what}s`, node));
        return INVALID;
      }
      const before = ctx.problems.length;
      if (node.items.length === 0) ctx.report(node, msg.emptyMap(pathOf(site), options.what));
      const entries: NamedEntry<T>[] = [];
      const seen = new Set<string>();
      for (const pair of node.items) {
        const name = keyText(pair.key);
        if (name === null) ctx.report(pair.key ?? node, msg.nonTextKey(pathOf(site)));
        if (name === null || seen.has(name)) continue; // a repeated name is reported by the YAML parser
        seen.add(name);
        const wellNamed = options.namePattern.test(name);
        if (!wellNamed) ctx.report(pair.key, msg.badName(pathOf(site), name, options.nameRule));
        const parsed = value.parse(pair.value, childSite(site, name, pair.key, node), ctx);
        if (parsed !== INVALID && wellNamed) entries.push({ name, value: parsed });
      }
      return ctx.problems.length > before && !options.partial ? INVALID : entries;
    },
    schema: (definitions) => ({
      type: 'object',
      ...(options.description ? { description: options.description } : {}),
      minProperties: 1,
      propertyNames: { pattern: options.namePattern.source },
      additionalProperties: value.schema(definitions),
    }),
  };
}
