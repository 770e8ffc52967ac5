/**
 * Maps with a fixed set of keys (`object`) and maps whose `kind` picks the keys (`tagged`).
 * Unknown keys are reported with the allowed ones and a did-you-mean; keys the contract names
 * but this version does not implement are reported as such.
 */
import { isMap, isScalar, type Pair, type YAMLMap } from 'yaml';
import * as msg from './messages.ts';
import { closestMatch } from './suggest.ts';
import {
  anchorOf, childSite, Context, INVALID, keyText, nodeFromValue, pathOf,
  type JsonSchema, type Parsed, type Site, type Spec,
} from './spec.ts';

export interface Field<T> {
  readonly spec: Spec<T>;
  /** required: must be given; optional: `fileDefault` (written as in the file) when absent; maybe: null when absent. */
  readonly presence: 'required' | 'optional' | 'maybe';
  readonly fileDefault?: unknown;
  readonly description?: string;
}

export const required = <T>(spec: Spec<T>, description?: string): Field<T> => ({ spec, presence: 'required', description });
export const optional = <T>(spec: Spec<T>, fileDefault: unknown, description?: string): Field<T> =>
  ({ spec, presence: 'optional', fileDefault, description });
export const maybe = <T>(spec: Spec<T>, description?: string): Field<T | null> => ({ spec, presence: 'maybe', description });

export type Fields = Record<string, Field<unknown>>;
export type ValuesOf<F extends Fields> = { [K in keyof F]: F[K] extends Field<infer T> ? T : never };
export type ParsedFields<F extends Fields> = { [K in keyof F]: Parsed<ValuesOf<F>[K]> };

/** Where each field of a parsed map is, for checks that span fields. */
export interface FieldLocator<F extends Fields> {
  anchor(key: keyof F & string): unknown;
  path(key: keyof F & string): string;
}

export interface ObjectOptions<F extends Fields> {
  description?: string;
  exactlyOneOf?: readonly (keyof F & string)[];
  /** Checks across fields; it reports its own problems, which make the map invalid. */
  check?: (values: ParsedFields<F>, at: FieldLocator<F>, ctx: Context) => void;
}

export interface Shape<F extends Fields> {
  fields: F;
  options: ObjectOptions<F>;
}

export const shape = <F extends Fields>(fields: F, options: ObjectOptions<F> = {}): Shape<F> => ({ fields, options });

export function object<F extends Fields>(fields: F, options: ObjectOptions<F> = {}): Spec<ValuesOf<F>> {
  return {
    parse: (node, site, ctx) => parseObject(fields, options, node, site, ctx),
    schema: (definitions) => {
      const properties: Record<string, JsonSchema> = {};
      for (const [key, field] of Object.entries(fields)) properties[key] = fieldSchema(field, definitions);
      const requiredKeys = Object.keys(fields).filter((key) => fields[key].presence === 'required');
      return {
        type: 'object',
        ...(options.description ? { description: options.description } : {}),
        properties,
        ...(requiredKeys.length ? { required: requiredKeys } : {}),
        ...(options.exactlyOneOf ? { oneOf: options.exactlyOneOf.map((key) => ({ required: [key] })) } : {}),
        additionalProperties: false,
      };
    },
  };
}

function fieldSchema(field: Field<unknown>, definitions: Map<string, JsonSchema>): JsonSchema {
  const schema = { ...field.spec.schema(definitions) };
  if (field.description) schema.description = field.description;
  if (field.presence === 'optional') schema.default = field.fileDefault;
  // draft-07 ignores keywords beside $ref, so a described or defaulted reference goes in allOf.
  const { $ref: ref, ...rest } = schema;
  return ref && Object.keys(rest).length > 0 ? { allOf: [{ $ref: ref }], ...rest } : schema;
}

function parseObject<F extends Fields>(
  fields: F, options: ObjectOptions<F>, node: unknown, site: Site, ctx: Context,
): Parsed<ValuesOf<F>> {
  if (!isMap(node)) {
    ctx.report(anchorOf(node, site), msg.expected(pathOf(site), `a map with keys ${Object.keys(fields).join(', ')}`, node));
    return INVALID;
  }
  const before = ctx.problems.length;
  const pairs = knownPairs(fields, options, node, site, ctx);
  const values = {} as Record<string, Parsed<unknown>>;
  for (const [key, field] of Object.entries(fields)) {
    values[key] = parseField(key, field, pairs.get(key), node, site, ctx);
  }
  const at: FieldLocator<F> = {
    anchor: (key) => anchorOf(pairs.get(key)?.value, childSite(site, key, pairs.get(key)?.key ?? null, node)),
    path: (key) => pathOf(childSite(site, key, null, node)),
  };
  if (options.exactlyOneOf) checkExactlyOne(options.exactlyOneOf, pairs, node, site, ctx);
  options.check?.(values as ParsedFields<F>, at, ctx);
  return ctx.problems.length > before ? INVALID : (values as ValuesOf<F>);
}

/** The pairs whose keys are fields; every other key is reported. Repeated keys were reported by the YAML parser. */
function knownPairs<F extends Fields>(
  fields: F, options: ObjectOptions<F>, node: YAMLMap, site: Site, ctx: Context,
): Map<string, Pair> {
  const pairs = new Map<string, Pair>();
  const allowed = Object.keys(fields);
  for (const pair of node.items) {
    const key = keyText(pair.key);
    if (key === null) ctx.report(pair.key ?? node, msg.nonTextKey(pathOf(site)));
    else if (Object.hasOwn(fields, key)) {
      if (!pairs.has(key)) pairs.set(key, pair);
    } else {
      ctx.report(pair.key, msg.unknownKey(pathOf(site), key, allowed, closestMatch(key, allowed)));
    }
  }
  return pairs;
}

function parseField(
  key: string, field: Field<unknown>, pair: Pair | undefined, node: YAMLMap, site: Site, ctx: Context,
): Parsed<unknown> {
  const fieldSite = childSite(site, key, pair?.key ?? null, node);
  if (pair) return field.spec.parse(pair.value, fieldSite, ctx);
  if (field.presence === 'required') {
    ctx.report(node, msg.missingKey(pathOf(site), key));
    return INVALID;
  }
  return field.presence === 'optional' ? field.spec.parse(nodeFromValue(field.fileDefault), fieldSite, ctx) : null;
}

function checkExactlyOne(keys: readonly string[], pairs: Map<string, Pair>, node: YAMLMap, site: Site, ctx: Context): void {
  const present = keys.filter((key) => pairs.has(key));
  if (present.length === 1) return;
  const anchor = present.length > 1 ? pairs.get(present[1])?.key : node;
  ctx.report(anchor, msg.exactlyOneOf(pathOf(site), keys, present.length));
}

type VariantValue<D extends string, K extends string, S> = S extends Shape<infer F> ? { [P in D]: K } & ValuesOf<F> : never;
type TaggedValue<D extends string, V> = { [K in keyof V & string]: VariantValue<D, K, V[K]> }[keyof V & string];

export interface TaggedOptions {
  /** What the discriminator names, for messages: `distribution`, `fault kind`. */
  what: string;
  description?: string;
}

/** A map whose discriminator key (`kind`, `dist`) chooses which other keys it has. */
export function tagged<D extends string, V extends Record<string, Shape<any>>>(
  discriminator: D, variants: V, options: TaggedOptions,
): Spec<TaggedValue<D, V>> {
  const kinds = Object.keys(variants);
  const specs = new Map(kinds.map((kind) => [kind, variantSpec(discriminator, kind, variants[kind])]));
  return {
    parse: (node, site, ctx) => {
      if (!isMap(node)) {
        ctx.report(anchorOf(node, site), msg.expected(pathOf(site), `a map with \`${discriminator}\``, node));
        return INVALID;
      }
      const kind = chosenKind(discriminator, kinds, options, node, site, ctx);
      return kind === null ? INVALID : (specs.get(kind)!.parse(node, site, ctx) as TaggedValue<D, V>);
    },
    schema: (definitions) => ({
      type: 'object',
      ...(options.description ? { description: options.description } : {}),
      required: [discriminator],
      properties: { [discriminator]: { enum: kinds } },
      allOf: kinds.map((kind) => ({
        if: { properties: { [discriminator]: { const: kind } }, required: [discriminator] },
        then: specs.get(kind)!.schema(definitions),
      })),
    }),
  };
}

function variantSpec(discriminator: string, kind: string, variant: Shape<Fields>): Spec<unknown> {
  const fields: Fields = { [discriminator]: required(literal(kind)), ...variant.fields };
  return object(fields, variant.options);
}

function chosenKind(
  discriminator: string, kinds: string[], options: TaggedOptions, node: YAMLMap, site: Site, ctx: Context,
): string | null {
  const pair = node.items.find((item) => keyText(item.key) === discriminator);
  const path = pathOf(childSite(site, discriminator, null, node));
  if (!pair) {
    ctx.report(node, msg.missingKey(pathOf(site), discriminator));
    return null;
  }
  const word = isScalar(pair.value) ? pair.value.value : undefined;
  if (typeof word === 'string' && kinds.includes(word)) return word;
  const anchor = anchorOf(pair.value, childSite(site, discriminator, pair.key, node));
  if (typeof word !== 'string') ctx.report(anchor, msg.expected(path, `one of ${kinds.join(', ')}`, pair.value));
  else ctx.report(anchor, msg.unknownWord(path, word, options.what, kinds, closestMatch(word, kinds)));
  return null;
}

/** The discriminator's own value, already checked by `tagged`. */
function literal<K extends string>(value: K): Spec<K> {
  return { parse: () => value, schema: () => ({ const: value }) };
}
