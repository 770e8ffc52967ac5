/**
 * The JSON Schema (draft-07) of the scenario file, for `simulate schema` and editors
 * (yaml-language-server: `# yaml-language-server: $schema=scenario.schema.json`).
 * Generated from the same specs that validate, so the two agree by construction. What a schema
 * cannot say (names that must exist, warmup shorter than the duration, increasing schedules,
 * metric paths, call cycles) is left to the validator.
 */
import { scenarioSpec } from './scenario-spec.ts';
import type { Definitions } from './spec.ts';

export function scenarioJsonSchema(): object {
  const definitions: Definitions = new Map();
  const root = scenarioSpec({ services: null, clients: null, metrics: null }).schema(definitions);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Retry-storm simulator scenario',
    ...root,
    definitions: Object.fromEntries(definitions),
  };
}
