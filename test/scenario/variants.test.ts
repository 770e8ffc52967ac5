/**
 * `variants:`: named changes merged over the base scenario (the file without `variants`) as
 * `extends` merges a file over its base; each merged variant is validated, its problems placed
 * where they are written and a problem of the base reported once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadScenario, type LoadResult, type Override, type ReadFile } from '../../src/scenario/load.ts';
import { scenarioJsonSchema } from '../../src/scenario/schema.ts';
import type { Scenario, Variant } from '../../src/scenario/types.ts';
import { ROOT } from '../support/cli.ts';
import { problemsOf } from './helpers.ts';
import { validate } from './mini-json-schema.ts';

const BASE = `name: compared
duration: 60s
services:
  api: { workers: 2, service_time: 10ms }
clients:
  web:
    target: api
    arrival: { kind: open, rate: 100/s }
    timeout: 50ms
    retry: { max_attempts: 3 }
assert:
  - "clients.web.goodput_ratio > 0.5"
`;

function loaded(result: LoadResult): { scenario: Scenario; variants: Variant[] } {
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result;
}

const load = (text: string, overrides: Override[] = [], readFile?: ReadFile): LoadResult =>
  loadScenario(text, 'v.yaml', overrides, readFile);
const located = (result: LoadResult): string[] => problemsOf(result).map(formatProblem);
const byName = (variants: Variant[]): Record<string, Scenario> => Object.fromEntries(variants.map((v) => [v.name, v.scenario]));

describe('variants: loading', () => {
  it('no `variants` key: no variants', () => {
    expect(loaded(load(BASE)).variants).toEqual([]);
  });

  it('merges each variant over the base, keeps file order and the base name; {} and nothing mean no change', () => {
    const text = `${BASE}variants:
  zeta: {}
  budget:
    clients: { web: { retry: { budget: { kind: token_bucket, max_tokens: 10, token_ratio: 0.1 } } } }
  shed:
    services: { api: { shedding: { kind: deadline }, workers: 4 } }
  alpha:
  tilde: ~
`;
    const { scenario, variants } = loaded(load(text));
    expect(variants.map((v) => v.name)).toEqual(['zeta', 'budget', 'shed', 'alpha', 'tilde']);
    for (const v of variants) expect(v.scenario.name).toBe('compared');
    const of = byName(variants);
    for (const same of ['zeta', 'alpha', 'tilde']) expect(of[same]).toEqual(scenario);
    expect(of.zeta).not.toBe(scenario); // each variant is a scenario of its own, safe to change
    expect(of.budget).toEqual({
      ...scenario,
      clients: [{ ...scenario.clients[0], retry: { ...scenario.clients[0].retry, budget: { kind: 'token_bucket', maxTokens: 10, tokenRatio: 0.1 } } }],
    });
    expect(of.shed.services[0]).toEqual({ ...scenario.services[0], workers: 4, shedding: { kind: 'deadline' } });
    expect(scenario.services[0].shedding).toBeNull(); // the base is left as it was
  });

  it('inherits the base\'s assertions; a variant\'s `assert` list replaces them', () => {
    const text = `${BASE}variants:
  same: {}
  own: { assert: [ "metastability.recovered == true", "clients.web.amplification < 1.1" ] }
  none: { assert: [] }
`;
    const of = byName(loaded(load(text)).variants);
    expect(of.same.assertions.map((a) => a.expr)).toEqual(['clients.web.goodput_ratio > 0.5']);
    expect(of.own.assertions.map((a) => a.expr)).toEqual(['metastability.recovered == true', 'clients.web.amplification < 1.1']);
    expect(of.none.assertions).toEqual([]);
  });

  it('a map that changes `kind` replaces the base\'s, as with extends', () => {
    const text = `${BASE}variants:\n  closed: { clients: { web: { arrival: { kind: closed, users: 5 } } } }\n`;
    expect(byName(loaded(load(text)).variants).closed.clients[0].arrival).toEqual({ kind: 'closed', users: 5, think: { dist: 'constant', value: 0 } });
  });

  it('works with extends: the variants of the extending file are merged over the merged base', () => {
    const readFile: ReadFile = (path) => (path === 'base.yaml' ? BASE : null);
    const text = 'extends: base.yaml\nname: child\nvariants:\n  bigger: { services: { api: { workers: 8 } } }\n';
    const { scenario, variants } = loaded(load(text, [], readFile));
    expect(scenario.name).toBe('child');
    expect(variants[0].scenario.services[0].workers).toBe(8);
    expect(variants[0].scenario.clients[0].timeout).toBe(0.05);
  });
});

describe('variants: --set', () => {
  const text = `${BASE}variants:\n  naive: {}\n  patient: { clients: { web: { timeout: 2s } } }\n  empty:\n`;

  it('a path outside `variants` changes the base, and so every variant that does not set it', () => {
    const { scenario, variants } = loaded(load(text, [{ path: 'clients.web.timeout', value: '1s' }]));
    expect(scenario.clients[0].timeout).toBe(1);
    expect(variants.map((v) => [v.name, v.scenario.clients[0].timeout])).toEqual([['naive', 1], ['patient', 2], ['empty', 1]]);
  });

  it('a path under `variants.<name>` changes that variant only (an empty variant becomes a map)', () => {
    const overrides = [{ path: 'variants.naive.clients.web.timeout', value: '1s' }, { path: 'variants.empty.services.api.workers', value: '5' }];
    const { scenario, variants } = loaded(load(text, overrides));
    expect(scenario.clients[0].timeout).toBe(0.05);
    const of = byName(variants);
    expect([of.naive.clients[0].timeout, of.patient.clients[0].timeout, of.empty.clients[0].timeout]).toEqual([1, 2, 0.05]);
    expect([of.naive.services[0].workers, of.empty.services[0].workers]).toEqual([2, 5]);
  });

  it('a problem in a value set for one variant names the --set and the variant', () => {
    expect(located(load(text, [{ path: 'variants.naive.clients.web.timeout', value: '1' }]))).toEqual([
      'v.yaml: --set variants.naive.clients.web.timeout: variant `naive`: `clients.web.timeout`: 1 has no unit; write e.g. `1ms` (units: us, ms, s, m, h)',
    ]);
    expect(located(load(text, [{ path: 'variants.patient.seed', value: '3' }]))[0]).toMatch(
      /^v\.yaml: --set variants\.patient\.seed: `variants\.patient\.seed`: variants run with the base's seed/,
    );
  });
  it('a key set under a variant the file does not have is refused (a typo would add a variant running the base)', () => {
    expect(located(load(text, [{ path: 'variants.naiv.clients.web.timeout', value: '1s' }]))).toEqual([
      'v.yaml: --set variants.naiv.clients.web.timeout: there is no variant named `naiv`; did you mean `naive`? (variants: `naive`, `patient`, `empty`)',
    ]);
    // A whole new variant may still be given.
    expect(loaded(load(text, [{ path: 'variants.strict', value: '{ clients: { web: { timeout: 1s } } }' }])).variants.map((v) => v.name))
      .toEqual(['naive', 'patient', 'empty', 'strict']);
  });
});

describe('variants: problems, each with its place', () => {
  // BASE is 12 lines; `variants:` is line 13.
  it.each([
    ['variants: []\n', 'v.yaml:13:11: `variants`: expected a map from variant names to variants, got a list'],
    ['variants:\n', 'v.yaml:13:1: `variants`: expected a map from variant names to variants, got nothing'],
    ['variants: {}\n', 'v.yaml:13:11: `variants`: needs at least one variant'],
    ['variants:\n  Fast: {}\n', 'v.yaml:14:3: `variants`: `Fast` is not a valid name; use lowercase letters, digits and `-` (it names a results folder)'],
    ['variants:\n  fast: [1]\n', 'v.yaml:14:9: `variants.fast`: expected a map of changes to the base scenario (`{}` or nothing for none), got a list'],
    ['variants:\n  fast: 3\n', 'v.yaml:14:9: `variants.fast`: expected a map of changes to the base scenario (`{}` or nothing for none), got `3`'],
    ['variants:\n  fast:\n    name: faster\n',
      'v.yaml:15:5: `variants.fast.name`: a variant keeps the scenario\'s name and is known by its key in `variants`; rename the variant instead'],
    ['variants:\n  fast:\n    seed: 2\n',
      'v.yaml:15:5: `variants.fast.seed`: variants run with the base\'s seed so they are compared on the same random draws; set `seed` at the top level or use --seed'],
    ['variants:\n  fast:\n    variants: { faster: {} }\n',
      'v.yaml:15:5: `variants.fast.variants`: variants do not nest; declare every variant in the top-level `variants`'],
    ['variants:\n  fast:\n    extends: other.yaml\n',
      'v.yaml:15:5: `variants.fast.extends`: a variant is merged over this scenario, not over another file; put `extends` at the top level'],
    ['variants:\n  fast: {}\n  fast: { services: { api: { workers: 3 } } }\n', 'v.yaml:15:3: duplicate key `fast`; each key may appear once in a map'],
  ])('%j', (section, problem) => {
    expect(located(load(`${BASE}${section}`))).toEqual([problem]);
  });

  it('a problem inside a variant is reported where it is written, naming the variant', () => {
    const text = `${BASE}variants:\n  ok: {}\n  broken:\n    services:\n      api: { workers: -1 }\n    clients: { web: { retri: {} } }\n`;
    expect(located(load(text))).toEqual([
      'v.yaml:17:23: variant `broken`: `services.api.workers`: -1 is too small; it must be >= 1',
      'v.yaml:18:23: variant `broken`: unknown key `retri` in `clients.web`; did you mean `retry`? '
        + '(allowed keys: `target`, `balance`, `class`, `health_check`, `outlier_detection`, `healthy_panic_threshold`, `arrival`, `timeout`, `retry`, `circuit_breaker`, `hedge`, `throttle`, `pool`)',
    ]);
  });

  it('a problem of the base alone is reported once, not once per variant', () => {
    const text = `${BASE.replace('service_time: 10ms', 'service_time: 10')}variants:
  a: {}
  b:
  c: { clients: { web: { timeout: 1s } } }
  d: { services: { api: { workers: 3 } } }
`;
    expect(located(load(text))).toEqual([
      'v.yaml:4:36: `services.api.service_time`: 10 has no unit; write e.g. `10ms` (units: us, ms, s, m, h)',
    ]);
  });

  it('a key missing from the base is reported once, at the base, whatever the variants merge', () => {
    const text = `${BASE.replace('duration: 60s\n', '')}variants:\n  a: {}\n  b: { services: { api: { workers: 3 } } }\n`;
    expect(located(load(text))).toEqual(['v.yaml:1:1: missing required key `duration`']);
  });

  it('the same mistake written in a variant too is reported there as well', () => {
    const text = `${BASE.replace('timeout: 50ms', 'timeout: 50')}variants:\n  a: {}\n  b: { clients: { web: { timeout: 50 } } }\n`;
    expect(located(load(text))).toEqual([
      'v.yaml:9:14: `clients.web.timeout`: 50 has no unit; write e.g. `50ms` (units: us, ms, s, m, h)',
      'v.yaml:15:35: variant `b`: `clients.web.timeout`: 50 has no unit; write e.g. `50ms` (units: us, ms, s, m, h)',
    ]);
  });

  it('a problem a variant makes out of the base\'s values names the variant (here at the base\'s `warmup`)', () => {
    const text = BASE.replace('duration: 60s\n', 'duration: 60s\nwarmup: 30s\n') + 'variants:\n  short: { duration: 20s }\n';
    expect(located(load(text))).toEqual([
      'v.yaml:3:9: variant `short`: `warmup`: the warmup (30s) must be shorter than the duration (20s)',
    ]);
  });

  it('reports every problem at once: a malformed variant does not hide a problem in another', () => {
    const text = `${BASE}variants:\n  seeded: { seed: 2 }\n  broken: { services: { api: { workers: 0 } } }\n`;
    expect(located(load(text)).map((p) => p.split(': ')[0])).toEqual(['v.yaml:14:13', 'v.yaml:15:41']);
  });

  it('points into the file a variant is written in, under extends', () => {
    const readFile: ReadFile = (path) => (path === 'base.yaml' ? BASE : null);
    const text = 'extends: base.yaml\nname: child\nvariants:\n  bad: { services: { api: { workers: ten } } }\n';
    expect(located(load(text, [], readFile))).toEqual([
      'v.yaml:4:38: variant `bad`: `services.api.workers`: expected an integer >= 1, got the text `ten`',
    ]);
  });
});

describe('variants: the bundled comparison and the schema', () => {
  const file = join(ROOT, 'scenarios', 'retry-storm-compared.yaml');
  const readFile: ReadFile = (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  };

  it('retry-storm-compared.yaml: three variants over retry-storm.yaml, each with assertions of its own point', () => {
    const { scenario, variants } = loaded(loadScenario(readFileSync(file, 'utf8'), file, [], readFile));
    expect(variants.map((v) => v.name)).toEqual(['naive', 'token-bucket', 'circuit-breaker']);
    const of = byName(variants);
    expect(of.naive).toEqual(scenario);
    expect(of.naive.assertions.map((a) => a.expr)).toContain('metastability.metastable == true');
    expect(of['token-bucket'].clients[0].retry.budget).toEqual({ kind: 'token_bucket', maxTokens: 10, tokenRatio: 0.1 });
    expect(of['circuit-breaker'].clients[0].circuitBreaker).not.toBeNull();
    for (const defended of ['token-bucket', 'circuit-breaker']) {
      expect(of[defended].assertions.map((a) => a.expr)).toContain('metastability.recovered == true');
    }
  });

  it('the schema describes `variants` loosely: names, and the keys a variant may not set', () => {
    const schema = scenarioJsonSchema() as Record<string, any>;
    const base = parse(BASE);
    // The bundled file extends another, so only its `variants` is held against the schema here.
    expect(validate(schema, { ...base, variants: parse(readFileSync(file, 'utf8')).variants })).toEqual([]);
    expect(validate(schema, { ...base, variants: { a: {}, b: null, c: { clients: { web: { timeout: '1s' } } } } })).toEqual([]);
    for (const bad of [{}, [], { Fast: {} }, { a: { seed: 1 } }, { a: { name: 'x' } }, { a: 3 }]) {
      expect(validate(schema, { ...base, variants: bad }), JSON.stringify(bad)).not.toEqual([]);
    }
  });
});
