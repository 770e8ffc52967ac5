/** Unknown keys, keys the contract names that this version does not implement, and YAML niceties. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.ts';
import { closestMatch, editDistance } from '../../src/scenario/suggest.ts';
import { position, problemsOf } from './helpers.ts';

const BASE = `name: keys
duration: 10s
services:
  api:
    workers: 1
    service_time: 1ms
    calls: [ { service: db } ]
  db: { workers: 1, service_time: 1ms }
clients:
  web: { target: api, arrival: { kind: open, rate: 1/s } }
`;

function messagesFor(text: string): string[] {
  return problemsOf(loadScenario(text, 'keys.yaml')).map((p) => p.message);
}

describe('closestMatch', () => {
  it('measures edit distance', () => {
    expect(editDistance('retri', 'retry')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests within distance 2, else by prefix, else nothing', () => {
    expect(closestMatch('max_attemps', ['max_attempts', 'retry_on'])).toBe('max_attempts');
    expect(closestMatch('Timeout', ['target', 'timeout'])).toBe('timeout');
    expect(closestMatch('max', ['backoff', 'max_attempts'])).toBe('max_attempts');
    expect(closestMatch('service_times', ['workers', 'service_time'])).toBe('service_time');
    expect(closestMatch('zzz', ['workers', 'queue'])).toBeNull();
  });
});

describe('keys of the contract that earlier versions did not support', () => {
  it('a propagation section is read, beside services and clients', () => {
    const result = loadScenario(`${BASE}propagation: { entries: 10, nodes: 3, strategy: { kind: constant_work, period: 1s } }\n`, 'keys.yaml');
    expect(result.ok && result.scenario.propagation?.strategy).toEqual({ kind: 'constant_work', period: 1 });
  });

  it('the strategy keys are supported now, in clients, calls and services', () => {
    const strategies = 'circuit_breaker: { failure_rate: 50% }, hedge: { after: 50ms }, throttle: { kind: adaptive }';
    const retry = 'retry: { backoff: { kind: exponential, base: 1ms }, budget: { kind: ratio, ratio: 20% } }';
    const text = BASE
      .replace('rate: 1/s } }', `rate: 1/s }, ${strategies}, ${retry} }`)
      .replace('{ service: db }', `{ service: db, ${strategies}, ${retry} }`)
      .replace('    workers: 1\n', '    workers: 1\n    shedding: { kind: deadline }\n    cancel_on_timeout: true\n');
    expect(loadScenario(text, 'keys.yaml').ok).toBe(true);
  });
});

describe('check and metastability.limit', () => {
  const loaded = (text: string) => {
    const result = loadScenario(`${BASE}${text}`, 'keys.yaml');
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    return result.scenario;
  };

  it('an empty check section takes the defaults; tolerances keep only the metrics given', () => {
    expect(loaded('check: {}\n').check).toEqual({ seeds: 1, tolerances: {} });
    expect(loaded('check: { tolerances: { amplification: 25%, latency_p50: 0.1, latency_p999: 1 } }\n').check)
      .toEqual({ seeds: 1, tolerances: { amplification: 0.25, latency_p50: 0.1, latency_p999: 1 } });
  });

  it('limit is a positive duration or none', () => {
    expect(loaded('metastability: { limit: none }\n').metastability).toEqual({ tolerance: 0.1, hold: 10, limit: null });
    expect(loaded('metastability: { limit: 90s }\n').metastability.limit).toBe(90);
    expect(messagesFor(`${BASE}metastability: { limit: 0s }\n`)).toEqual(['`metastability.limit`: must be greater than 0, got `0s`']);
  });

  it('tolerance lies strictly between 0 and 100%; hold 0s is kept (the verdict then looks at single windows)', () => {
    expect(loaded('metastability: { tolerance: 0.1%, hold: 0s }\n').metastability).toEqual({ tolerance: 0.001, hold: 0, limit: null });
    expect(loaded('metastability: { tolerance: 99% }\n').metastability.tolerance).toBe(0.99);
    expect(messagesFor(`${BASE}metastability: { tolerance: 0 }\n`)).toEqual([
      '`metastability.tolerance`: `0` is too small; expected a fraction above 0 (at 0 goodput would have to equal the baseline exactly, so a run with a fault would practically never count as recovered)',
    ]);
    expect(messagesFor(`${BASE}metastability: { tolerance: 1 }\n`)[0]).toContain('`metastability.tolerance`: `1` is too large; expected a fraction below 1');
  });

  it.each([
    ['check: { seeds: 2.5 }', '`check.seeds`: expected an integer >= 1'],
    ['check: { tolerances: { goodput_ratio: 150% } }', '`check.tolerances.goodput_ratio`: `150%` is outside [0, 1]'],
    ['check: { tolerances: { latency_p95: 10% } }', 'unknown key `latency_p95` in `check.tolerances`; did you mean `latency_p99`?'],
  ])('rejects %s', (line, fragment) => {
    const messages = messagesFor(`${BASE}${line}\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(fragment);
  });
});

describe('unknown keys', () => {
  it('name the key, where it is, the allowed keys, and a close match', () => {
    expect(messagesFor(BASE.replace('    workers: 1\n', '    wrokers: 1\n'))).toEqual([
      'unknown key `wrokers` in `services.api`; did you mean `workers`? (allowed keys: `workers`, `replicas`, `weights`, `partitions`, `service_time`, `queue`, `calls`, `shedding`, `cancel_on_timeout`, `contention`, `cache`, `autoscale`)',
      '`services.api`: missing required key `workers`',
    ]);
    expect(messagesFor(`${BASE}colour: blue\n`)[0]).toBe(
      'unknown key `colour` at the top level (allowed keys: `name`, `description`, `seed`, `duration`, `warmup`, `window`, `services`, `clients`, `faults`, `propagation`, `metastability`, `assert`, `check`, `extends`, `variants`)',
    );
  });

  it('a self-call is a cycle of one, reported at its `service:` key', () => {
    const problems = problemsOf(loadScenario(BASE.replace('{ service: db }', '{ service: api }'), 'keys.yaml'));
    expect(problems.map((p) => `${position(p)} ${p.message}`)).toEqual([
      '7:16 calls between services form a cycle: api -> api; a request would never finish',
    ]);
  });
});

describe('YAML', () => {
  it('aliases stand for their anchored values', () => {
    const text = BASE.replace('service_time: 1ms\n', 'service_time: &fast 1ms\n').replace('{ workers: 1, service_time: 1ms }', '{ workers: 1, service_time: *fast }');
    const result = loadScenario(text, 'keys.yaml');
    expect(result.ok && result.scenario.services[1].serviceTime).toEqual({ dist: 'constant', value: 0.001 });
  });

  it('an empty value points at its key', () => {
    const problems = problemsOf(loadScenario(BASE.replace('    service_time: 1ms\n', '    service_time:\n'), 'keys.yaml'));
    expect(problems.map((p) => `${position(p)} ${p.message}`)).toEqual([
      '6:5 `services.api.service_time`: expected a duration with a unit, like `250ms`, got nothing',
    ]);
  });

  it('several documents in one file are a YAML problem', () => {
    expect(messagesFor(`${BASE}---\nname: other\n`)[0]).toMatch(/^invalid YAML: Source contains multiple documents/);
  });
});
