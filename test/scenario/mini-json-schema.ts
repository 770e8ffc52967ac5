/**
 * A small JSON Schema (draft-07) checker for the keywords scenarioJsonSchema() uses, so the
 * tests can hold the schema against the validator without a new dependency. A keyword it does
 * not know is an error (see KNOWN_KEYWORDS), so it cannot pass a schema by ignoring part of it.
 */
type Schema = Record<string, unknown>;

const ANNOTATIONS = ['$schema', 'title', 'description', 'default', 'definitions'];
export const KNOWN_KEYWORDS = new Set([
  ...ANNOTATIONS, '$ref', 'type', 'enum', 'const', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum',
  'properties', 'required', 'additionalProperties', 'minProperties', 'propertyNames', 'items', 'minItems',
  'exclusiveMaximum', 'anyOf', 'oneOf', 'allOf', 'if', 'then', 'not',
]);

/** Every keyword used anywhere in the schema (keys of `properties` and `definitions` are names, not keywords). */
export function keywordsUsed(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => keywordsUsed(s, found));
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return found;
  for (const [key, value] of Object.entries(schema)) {
    found.add(key);
    if (key === 'properties' || key === 'definitions') Object.values(value as Schema).forEach((s) => keywordsUsed(s, found));
    else if (!['enum', 'const', 'default', 'required'].includes(key)) keywordsUsed(value, found);
  }
  return found;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return Number.isInteger(value);
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
    default: throw new Error(`unknown type ${type}`);
  }
}

/** The places where `value` breaks `schema`; empty when it conforms. */
export function validate(schema: Schema, value: unknown, root: Schema = schema, at = '$'): string[] {
  const errors: string[] = [];
  const sub = (s: unknown, v: unknown, where = at): string[] => validate(s as Schema, v, root, where);
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/definitions/', '');
    errors.push(...sub((root.definitions as Schema)[name], value));
  }
  if (typeof schema.type === 'string' && !hasType(value, schema.type)) return [...errors, `${at}: not ${schema.type}`];
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => same(e, value))) errors.push(`${at}: not in enum`);
  if ('const' in schema && !same(schema.const, value)) errors.push(`${at}: not ${JSON.stringify(schema.const)}`);
  if (typeof value === 'string' && typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    errors.push(`${at}: does not match ${schema.pattern}`);
  }
  if (typeof value === 'number') errors.push(...numberErrors(schema, value, at));
  if (isObject(value)) errors.push(...objectErrors(schema, value, root, at));
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${at}: too few items`);
    if (schema.items) value.forEach((item, i) => errors.push(...sub(schema.items, item, `${at}[${i}]`)));
  }
  errors.push(...combinatorErrors(schema, value, root, at));
  return errors;
}

function numberErrors(schema: Schema, value: number, at: string): string[] {
  const errors: string[] = [];
  if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${at}: below minimum`);
  if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${at}: above maximum`);
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) errors.push(`${at}: not above exclusiveMinimum`);
  if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) errors.push(`${at}: not below exclusiveMaximum`);
  return errors;
}

function objectErrors(schema: Schema, value: Record<string, unknown>, root: Schema, at: string): string[] {
  const errors: string[] = [];
  const properties = (schema.properties ?? {}) as Schema;
  for (const key of (schema.required ?? []) as string[]) if (!(key in value)) errors.push(`${at}: missing ${key}`);
  if (typeof schema.minProperties === 'number' && Object.keys(value).length < schema.minProperties) errors.push(`${at}: too few properties`);
  for (const [key, item] of Object.entries(value)) {
    if (schema.propertyNames) errors.push(...validate(schema.propertyNames as Schema, key, root, `${at}.${key} (name)`));
    if (key in properties) errors.push(...validate(properties[key] as Schema, item, root, `${at}.${key}`));
    else if (schema.additionalProperties === false) errors.push(`${at}: unknown key ${key}`);
    else if (isObject(schema.additionalProperties)) errors.push(...validate(schema.additionalProperties, item, root, `${at}.${key}`));
  }
  return errors;
}

function combinatorErrors(schema: Schema, value: unknown, root: Schema, at: string): string[] {
  const errors: string[] = [];
  const passes = (s: unknown): boolean => validate(s as Schema, value, root, at).length === 0;
  if (Array.isArray(schema.allOf)) schema.allOf.forEach((s) => errors.push(...validate(s as Schema, value, root, at)));
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some(passes)) errors.push(`${at}: matches none of anyOf`);
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter(passes).length !== 1) errors.push(`${at}: does not match exactly one of oneOf`);
  if (schema.if && schema.then && passes(schema.if)) errors.push(...validate(schema.then as Schema, value, root, at));
  if (schema.not && passes(schema.not)) errors.push(`${at}: matches not`);
  return errors;
}
