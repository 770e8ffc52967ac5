import { describe, expect, it } from 'vitest';
import { loadScenario, parseOverride, type Override } from '../../src/scenario/load.ts';
import { pathSegments } from '../../src/scenario/overrides.ts';
import { fixtureText, loadFixture, problemsOf } from './helpers.ts';

const FULL = 'valid/full.yaml';

function set(...args: string[]): Override[] {
  return args.map((arg) => {
    const parsed = parseOverride(arg);
    if (typeof parsed === 'string') throw new Error(parsed);
    return parsed;
  });
}

function scenarioWith(...args: string[]) {
  const result = loadFixture(FULL, set(...args));
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.scenario;
}

describe('parseOverride', () => {
  it('splits at the first `=`; the value keeps any later `=`', () => {
    expect(parseOverride('clients.web.arrival.rate=900/s')).toEqual({ path: 'clients.web.arrival.rate', value: '900/s' });
    expect(parseOverride('description=a=b')).toEqual({ path: 'description', value: 'a=b' });
    expect(parseOverride('faults[0].for=5s')).toEqual({ path: 'faults[0].for', value: '5s' });
  });

  it.each(['no-equals', '=5', 'a..b=1', 'a.=1', 'a[x]=1', 'a b=1'])('rejects %s with a message', (arg) => {
    const result = parseOverride(arg);
    expect(typeof result).toBe('string');
    expect(result).toContain('expected `<path>=<value>`');
  });

  it('reads paths into keys and list indices', () => {
    expect(pathSegments('services.api.calls[0].retry.max_attempts')).toEqual(['services', 'api', 'calls', 0, 'retry', 'max_attempts']);
    expect(pathSegments('a[1][2]')).toEqual(['a', 1, 2]);
  });
});

describe('overrides change the scenario before validation', () => {
  it('sets a nested scalar, read in the key\'s unit', () => {
    expect(scenarioWith('clients.web.arrival.rate=900/s').clients[0].arrival).toMatchObject({ rate: 900 });
    expect(scenarioWith('clients.web.retry.max_attempts=2').clients[0].retry.maxAttempts).toBe(2);
    expect(scenarioWith('clients.web.timeout=none').clients[0].timeout).toBeNull();
    expect(scenarioWith('seed=42').seed).toBe(42);
  });

  it('sets list items, and a flow map as a value', () => {
    expect(scenarioWith('faults[0].for=30s').faults[0].for).toBe(30);
    expect(scenarioWith('services.api.service_time={dist: uniform, min: 1ms, max: 2ms}').services[0].serviceTime)
      .toEqual({ dist: 'uniform', min: 0.001, max: 0.002 });
    expect(scenarioWith('faults=[]').faults).toEqual([]);
  });

  it('creates missing maps, and appends at index = length', () => {
    expect(scenarioWith('services.cache.queue.capacity=5').services[2].queue).toEqual({ capacity: 5, discipline: 'fifo' });
    const faults = scenarioWith('faults[7]={kind: outage, service: db, at: 1s, for: 2s}').faults;
    expect(faults.at(-1)).toEqual({ kind: 'outage', service: 'db', at: 1, for: 2 });
  });

  it('applies overrides in order, the last one winning', () => {
    expect(scenarioWith('seed=2', 'seed=3').seed).toBe(3);
  });

  it('checks names against the overridden file', () => {
    const text = fixtureText(FULL);
    const result = loadScenario(text, 'f.yaml', set('clients.web.target=cache'));
    expect(result.ok && result.scenario.clients[0].target).toBe('cache');
  });
});

describe('problems from overrides', () => {
  it('a bad value is a `--set` problem without a position', () => {
    expect(problemsOf(loadFixture(FULL, set('clients.web.arrival.rate=900')))).toEqual([{
      file: FULL, line: null, column: null,
      message: '--set clients.web.arrival.rate: `clients.web.arrival.rate`: 900 has no unit; write e.g. `900/s` (units: /us, /ms, /s, /m, /h)',
    }]);
  });

  it('an unknown key, or a map left incomplete, names the `--set`', () => {
    const [unknown] = problemsOf(loadFixture(FULL, set('clients.web.retri.max_attempts=2')));
    expect(unknown.message).toMatch(/^--set clients\.web\.retri\.max_attempts: unknown key `retri` in `clients\.web`; did you mean `retry`\?/);
    const [incomplete] = problemsOf(loadFixture(FULL, set('clients.mobile.target=api')));
    expect(incomplete).toMatchObject({ line: null, message: '--set clients.mobile.target: `clients.mobile`: missing required key `arrival`' });
  });

  it.each([
    ['name[0]=x', '--set name[0]: `name` is the text `retry-storm`, not a list'],
    ['services[0].workers=1', '--set services[0].workers: `services` is a map, not a list'],
    ['faults.first.at=1s', '--set faults.first.at: `faults` is a list, so it has no keys to set'],
    ['faults[9].at=1s', '--set faults[9].at: `faults` has 7 item(s); index 9 is out of range'],
    ['seed={a: 1', '--set seed: the value is not valid YAML'],
  ])('%s cannot be applied', (arg, fragment) => {
    const problems = problemsOf(loadFixture(FULL, set(arg)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: null, column: null });
    expect(problems[0].message).toContain(fragment);
  });

  it('a malformed path given straight to loadScenario is a problem, not a crash', () => {
    const problems = problemsOf(loadFixture(FULL, [{ path: 'a..b', value: '1' }]));
    expect(problems[0].message).toMatch(/^--set a\.\.b: `a\.\.b` is not a path/);
  });

  it('file problems come first, by position, then `--set` problems', () => {
    const problems = problemsOf(loadFixture('invalid/bad-name.yaml', set('seed=-1')));
    expect(problems.map((p) => p.line)).toEqual([1, null]);
    expect(problems[1].message).toContain('--set seed: `seed`: -1 is too small');
  });
});
