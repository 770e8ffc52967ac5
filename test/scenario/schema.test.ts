/**
 * The JSON Schema is generated from the same specs that validate; these tests hold the two
 * together on the fixtures. Rules a schema cannot express (names that must exist, cross-field
 * checks) are listed in SEMANTIC_ONLY: the schema accepts those files, the validator does not.
 */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../src/scenario/schema.ts';
import { fixtureNames, fixtureText, loadFixture } from './helpers.ts';
import { KNOWN_KEYWORDS, keywordsUsed, validate } from './mini-json-schema.ts';

const schema = scenarioJsonSchema() as Record<string, any>;

const TOP_LEVEL_KEYS = ['name', 'description', 'seed', 'duration', 'warmup', 'window', 'services', 'clients', 'faults', 'propagation', 'metastability', 'assert', 'check', 'extends', 'variants'];

/** Invalid only by rules beyond JSON Schema: references, cross-field checks, metric paths. */
const SEMANTIC_ONLY = [
  'assert-duration-without-unit.yaml', 'assert-unknown-metric.yaml', 'call-cycle.yaml', 'fault-missing-service.yaml',
  'missing-target-service.yaml', 'schedule-not-increasing.yaml', 'uniform-min-above-max.yaml', 'warmup-too-long.yaml',
  'too-many-windows.yaml', 'concurrency-limit-min-above-max.yaml', 'budget-ratio-refuses-all.yaml', 'budget-concurrency-refuses-all.yaml',
  'propagation-mass-over-entries.yaml', 'propagation-metric-without-section.yaml', 'queue-overflow-unbounded.yaml',
  'weights-per-replica.yaml', 'fault-replica-out-of-range.yaml',
  'fan-out-quorum-above-calls.yaml', 'parallel-quorum-above-calls.yaml',
  'pool-metric-without-pool.yaml', 'outlier-detection-ejects-nothing.yaml',
  'share-in-fan-out.yaml', 'fault-replicas-of-partitioned.yaml',
  'partition-workers-sum.yaml', 'partition-caller-missing.yaml', 'partition-unknown-caller.yaml',
  'periodic-jitter-longer-than-period.yaml', 'periodic-every-zero.yaml',
  'cache-keys-too-many.yaml', 'cache-flush-without-cache.yaml',
  'autoscale-min-above-max.yaml', 'autoscale-window-not-whole.yaml', 'autoscale-start-outside.yaml', 'autoscale-replicas-health-check.yaml',
];
/** A variant's changes are checked once merged over the base; the schema of a variant is loose on purpose. */
const CHECKED_WHEN_MERGED = ['variant-negative-workers.yaml'];
/** Not a single JSON value: the YAML itself is broken. */
const NOT_YAML = ['yaml-syntax.yaml', 'duplicate-key.yaml', 'alias-bomb.yaml'];

describe('scenarioJsonSchema', () => {
  it('is a draft-07 schema of a closed object with every top-level key', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(TOP_LEVEL_KEYS);
    expect(schema.required).toEqual(['name', 'duration']);
    expect(schema.anyOf).toEqual([{ required: ['services', 'clients'] }, { required: ['propagation'] }]);
    expect(schema.definitions.distribution).toBeDefined();
  });

  it('uses only keywords the checker knows, and every $ref resolves', () => {
    expect([...keywordsUsed(schema)].filter((k) => !KNOWN_KEYWORDS.has(k))).toEqual([]);
    const refs = JSON.stringify(schema).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) expect(schema.definitions[ref.split('/').at(-1)!.replace('"', '')]).toBeDefined();
  });

  it('is plain JSON and the same every time', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(JSON.stringify(scenarioJsonSchema())).toBe(JSON.stringify(schema));
  });

  it.each(fixtureNames('valid'))('accepts valid/%s, as the validator does', (file) => {
    expect(loadFixture(`valid/${file}`).ok).toBe(true);
    expect(validate(schema, parse(fixtureText(`valid/${file}`)))).toEqual([]);
  });

  const invalid = fixtureNames('invalid').filter((file) => !NOT_YAML.includes(file));
  it.each(invalid)('agrees with the validator on invalid/%s', (file) => {
    expect(loadFixture(`invalid/${file}`).ok).toBe(false);
    const errors = validate(schema, parse(fixtureText(`invalid/${file}`)));
    if (SEMANTIC_ONLY.includes(file) || CHECKED_WHEN_MERGED.includes(file)) expect(errors).toEqual([]);
    else expect(errors).not.toEqual([]);
  });

  it('refuses the values that the validator refuses as degenerate', () => {
    const accepts = (at: Record<string, unknown>, value: unknown) => validate(at, value, schema).length === 0;
    const failureRate = schema.definitions.circuit_breaker.properties.failure_rate;
    for (const bad of [0, '0%', '00.0%', 1.5, '101%']) expect(accepts(failureRate, bad), String(bad)).toBe(false);
    for (const good of [1, '100%', 0.001, '0.1%', '50%']) expect(accepts(failureRate, good), String(good)).toBe(true);
    const tolerance = schema.properties.metastability.properties.tolerance;
    for (const bad of [0, 1, '0%', '100%', '100.0%']) expect(accepts(tolerance, bad), String(bad)).toBe(false);
    for (const good of [0.001, 0.999, '0.5%', '99.9%']) expect(accepts(tolerance, good), String(good)).toBe(true);
    const k = schema.definitions.throttle.allOf[0].then.properties.k;
    for (const bad of [0, 0.5, 1]) expect(accepts(k, bad), String(bad)).toBe(false);
    expect(accepts(k, 1.01)).toBe(true);
  });

  it('lists the half-open rules, all_succeed by default', () => {
    const rule = schema.definitions.circuit_breaker.properties.half_open_rule;
    expect(rule).toMatchObject({ enum: ['all_succeed', 'failure_rate'], default: 'all_succeed' });
    expect(validate(rule, 'failure_rate', schema)).toEqual([]);
    expect(validate(rule, 'resilience4j', schema)).not.toEqual([]);
  });

  it('offers defaults and descriptions to editors', () => {
    expect(schema.properties.seed.default).toBe(1);
    expect(schema.properties.warmup.default).toBe('0s');
    expect(schema.properties.duration.pattern).toBeDefined();
  });
});
