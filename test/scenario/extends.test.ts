/**
 * `extends:` merges a file over the file it names (test/fixtures/valid/extends/ and
 * invalid/extends/): maps key by key, other values replaced; problems point into the file
 * their value came from.
 */
import { describe, expect, it } from 'vitest';
import { formatProblem, loadScenario, type LoadResult, type ReadFile } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { loadFixture, problemsOf } from './helpers.ts';

const ALL_REASONS = ['timeout', 'rejected', 'error'] as const;
const UNPROTECTED = { circuitBreaker: null, hedge: null, throttle: null } as const;
const UNSHED = { shedding: null, cancelOnTimeout: false } as const;

/** valid/extends/with-backoff.yaml over valid/extends/base.yaml, in full. */
const WITH_BACKOFF: Scenario = {
  name: 'with-backoff',
  description: 'A service at 80% load with clients that retry at once.',
  seed: 1,
  duration: 120,
  warmup: 10,
  window: 1,
  services: [
    {
      name: 'api',
      workers: 10,
      serviceTime: { dist: 'exponential', mean: 0.01 },
      queue: { capacity: 50, discipline: 'lifo' },
      calls: [{
        service: 'db',
        timeout: 0.05,
        retry: { maxAttempts: 1, retryOn: [...ALL_REASONS], backoff: { kind: 'none' }, budget: null },
        ...UNPROTECTED,
      }],
      ...UNSHED,
    },
    {
      name: 'db', workers: 4, serviceTime: { dist: 'constant', value: 0.002 },
      queue: { capacity: null, discipline: 'fifo' }, calls: [], ...UNSHED,
    },
  ],
  clients: [{
    name: 'web',
    target: 'api',
    arrival: { kind: 'open', rate: 800, process: 'poisson', schedule: [] },
    timeout: 0.2,
    retry: {
      maxAttempts: 4,
      retryOn: ['timeout'],
      backoff: { kind: 'exponential', base: 0.01, multiplier: 2, cap: 1, jitter: 'full' },
      budget: null,
    },
    ...UNPROTECTED,
  }],
  faults: [{ kind: 'outage', service: 'db', at: 30, for: 5 }],
  metastability: { tolerance: 0.1, hold: 10, limit: null },
  check: { seeds: 1, tolerances: {} },
  assertions: [
    { expr: 'clients.web.goodput_ratio >= 0.9', path: 'clients.web.goodput_ratio', op: '>=', value: 0.9, probability: null },
  ],
};

function scenarioOf(result: LoadResult): Scenario {
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.scenario;
}

const located = (result: LoadResult): string[] => problemsOf(result).map(formatProblem);

/** Files in memory, by path; anything else cannot be read. */
function memory(files: Record<string, string>): ReadFile {
  return (path) => files[path] ?? null;
}

const BASE = `name: base
duration: 10s
services:
  api: { workers: 1, service_time: &fast 1ms }
clients:
  web: { target: api, arrival: { kind: open, rate: 1/s } }
`;

describe('extends: merging', () => {
  it('merges nested maps key by key and replaces lists and scalars', () => {
    expect(scenarioOf(loadFixture('valid/extends/with-backoff.yaml'))).toEqual(WITH_BACKOFF);
  });

  it('follows a chain of two, each path relative to the file that names it', () => {
    const scenario = scenarioOf(loadFixture('valid/extends/variants/with-budget.yaml'));
    expect(scenario).toEqual({
      ...WITH_BACKOFF,
      name: 'with-budget',
      description: 'Exponential backoff and a retry budget.',
      services: [{ ...WITH_BACKOFF.services[0], workers: 12 }, WITH_BACKOFF.services[1]],
      clients: [{
        ...WITH_BACKOFF.clients[0],
        retry: { ...WITH_BACKOFF.clients[0].retry, budget: { kind: 'token_bucket', maxTokens: 10, tokenRatio: 0.1 } },
      }],
    });
  });

  it('keeps the base\'s order of keys, then the new ones in the order written', () => {
    const readFile = memory({ 'base.yaml': BASE });
    const text = 'extends: base.yaml\nname: child\nservices:\n  cache: { workers: 1, service_time: 1ms }\n  api: { workers: 3 }\n';
    const scenario = scenarioOf(loadScenario(text, 'child.yaml', [], readFile));
    expect(scenario.services.map((s) => [s.name, s.workers])).toEqual([['api', 3], ['cache', 1]]);
    expect(scenario.services[0].serviceTime).toEqual({ dist: 'constant', value: 0.001 });
  });

  it('applies --set after the merge, to values from either file', () => {
    const text = 'extends: base.yaml\nname: child\nclients:\n  web: { timeout: 1s }\n';
    const overrides = [{ path: 'services.api.workers', value: '5' }, { path: 'clients.web.timeout', value: '2s' }];
    const scenario = scenarioOf(loadScenario(text, 'dir/child.yaml', overrides, memory({ 'dir/base.yaml': BASE })));
    expect(scenario.services[0].workers).toBe(5);
    expect(scenario.clients[0].timeout).toBe(2);
  });

  it('resolves absolute paths as they are, and normalizes `..` and `.`', () => {
    const paths: string[] = [];
    const readFile: ReadFile = (path) => (paths.push(path), BASE);
    scenarioOf(loadScenario('extends: ../shared/./base.yaml\n', 'scenarios/x/child.yaml', [], readFile));
    scenarioOf(loadScenario('extends: /etc/sim/base.yaml\n', 'scenarios/child.yaml', [], readFile));
    expect(paths).toEqual(['scenarios/shared/base.yaml', '/etc/sim/base.yaml']);
  });
});

describe('extends: problems', () => {
  it('a cycle is reported where it closes', () => {
    expect(located(loadFixture('invalid/extends/cycle-a.yaml'))).toEqual([
      'invalid/extends/cycle-b.yaml:2:10: `extends`: the files extend each other in a cycle: '
      + 'invalid/extends/cycle-a.yaml -> invalid/extends/cycle-b.yaml -> invalid/extends/cycle-a.yaml',
    ]);
  });

  it('a file that extends itself is a cycle of one', () => {
    const result = loadScenario('extends: ./self.yaml\n', 'self.yaml', [], memory({ 'self.yaml': 'extends: self.yaml\n' }));
    expect(located(result)).toEqual(['self.yaml:1:10: `extends`: the files extend each other in a cycle: self.yaml -> self.yaml']);
  });

  it('a base that cannot be read is reported at the `extends` value', () => {
    expect(located(loadFixture('invalid/extends/missing-base.yaml'))).toEqual([
      'invalid/extends/missing-base.yaml:2:10: `extends`: cannot read `invalid/extends/no-such-base.yaml`',
    ]);
  });

  it('a problem in a value from the base points into the base; one from the extending file into that file', () => {
    expect(located(loadFixture('invalid/extends/child-of-bad-base.yaml'))).toEqual([
      'invalid/extends/child-of-bad-base.yaml:7:14: `clients.web.timeout`: 200 has no unit; write e.g. `200ms` (units: us, ms, s, m, h)',
      'invalid/extends/bad-base.yaml:8:14: `services.api.workers`: expected an integer >= 1, got the text `ten`',
    ]);
  });

  it('without readFile, `extends` is a problem', () => {
    expect(located(loadScenario('name: x\nextends: base.yaml\n', 'dir/x.yaml'))).toEqual([
      'dir/x.yaml:2:10: `extends`: cannot read `dir/base.yaml`: this loader was given no way to read other files',
    ]);
  });

  it.each([
    ['extends: [a.yaml]\n', 'x.yaml:1:10: `extends`: expected the path of a scenario file, relative to this one, got a list'],
    ['extends:\n', 'x.yaml:1:1: `extends`: expected the path of a scenario file, relative to this one, got nothing'],
    ['extends: empty.yaml\n', 'x.yaml:1:10: `extends`: `empty.yaml` is not a scenario: expected a map of keys at its top level, got nothing'],
    ['extends: list.yaml\n', 'x.yaml:1:10: `extends`: `list.yaml` is not a scenario: expected a map of keys at its top level, got a list'],
    ['extends: broken.yaml\n', 'broken.yaml:2:1: invalid YAML: Flow sequence in block collection'],
    ['extends: base.yaml\nservices: { api: { service_time: *fast } }\n', 'x.yaml:2:34: the alias `*fast` refers to no anchor `&fast`'],
  ])('%j', (text, problem) => {
    const readFile = memory({ 'empty.yaml': '', 'list.yaml': '- 1\n', 'broken.yaml': 'name: [x\n', 'base.yaml': BASE });
    const problems = located(loadScenario(text, 'x.yaml', [], readFile));
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(problem)).toBe(true);
  });

  it('`extends` cannot be given with --set', () => {
    const result = loadScenario(BASE, 'x.yaml', [{ path: 'extends', value: 'other.yaml' }], memory({}));
    expect(located(result)).toEqual([
      'x.yaml: --set extends: `extends` is read before `--set` applies; name the base file in the scenario itself',
    ]);
  });

  it('a key missing from both files is reported at the top of the extending file', () => {
    const result = loadScenario('# child\nextends: base.yaml\nname: child\n', 'x.yaml', [], memory({ 'base.yaml': BASE.replace('duration: 10s\n', '') }));
    expect(located(result)).toEqual(['x.yaml:2:1: missing required key `duration`']);
  });
});

describe('extends: a map that changes kind', () => {
  it('replaces the base map whole instead of merging into it (an open arrival turned closed keeps no rate)', () => {
    const files: Record<string, string> = {
      'dir/base.yaml': [
        'name: base',
        'duration: 60s',
        'services: { api: { workers: 1, service_time: { dist: exponential, mean: 10ms } } }',
        'clients: { web: { target: api, arrival: { kind: open, rate: 50/s } } }',
      ].join('\n'),
    };
    const readFile: ReadFile = (path) => files[path] ?? null;
    const child = [
      'extends: base.yaml',
      'name: child',
      'services: { api: { service_time: { dist: constant, value: 5ms } } }',
      'clients: { web: { arrival: { kind: closed, users: 3 } } }',
    ].join('\n');
    const result = loadScenario(child, 'dir/child.yaml', [], readFile);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.scenario.clients[0].arrival).toEqual({ kind: 'closed', users: 3, think: { dist: 'constant', value: 0 } });
    expect(result.scenario.services[0].serviceTime).toEqual({ dist: 'constant', value: 0.005 });
  });
});
