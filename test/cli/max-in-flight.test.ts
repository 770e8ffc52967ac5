/**
 * --max-in-flight: a run whose backlog passes the limit stops there, writes its results up to
 * the stop, says so, and exits 4 (1 when an assertion failed as well).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/api/library.ts';
import { runScenario } from '../../src/run.ts';
import { ROOT, simulate, tempDir } from '../support/cli.ts';

const STORM = join(ROOT, 'scenarios/retry-storm.yaml');

/** retry-storm.yaml without its assertions (they judge the whole 300 s run). */
function stormWithoutAssertions(): string {
  const text = readFileSync(STORM, 'utf8').replace(/\nassert:[\s\S]*$/, '\n');
  const file = join(tempDir(), 'storm.yaml');
  writeFileSync(file, text);
  return file;
}

function load(file: string) {
  const loaded = loadScenario({ file });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.scenario;
}

describe('max in flight', () => {
  const scenario = load(STORM);

  it('stops a storm whose backlog only grows, and judges it metastable on that evidence', () => {
    const result = runScenario(scenario, { maxInFlight: 2000 });
    expect(result.stopped).not.toBeNull();
    const stopped = result.summary.stopped!;
    expect(stopped.reason).toBe('max_in_flight');
    // The fault starts at 60 s; 2,200 more attempts/s than served pass 2,000 within seconds.
    expect(stopped.at_s).toBeGreaterThan(60);
    expect(stopped.at_s).toBeLessThan(80);
    expect(stopped.in_flight).toBeGreaterThan(2000);
    expect(result.summary.metastability).toMatchObject({ outcome: 'metastable', evidence: 'in_flight_limit' });
    // Whole windows only, none after the stop.
    const last = result.series.at(-1)!;
    expect(last.t_s! + scenario.window).toBeLessThanOrEqual(stopped.at_s);
  });

  it('is deterministic: the same seed stops at the same event with the same summary', () => {
    const a = runScenario(scenario, { maxInFlight: 2000 });
    const b = runScenario(scenario, { maxInFlight: 2000 });
    expect(JSON.stringify(a.summary)).toBe(JSON.stringify(b.summary));
    expect(a.events).toBe(b.events);
  });

  it('leaves a run under the limit as it was: no `stopped` key, the same summary', () => {
    const limited = runScenario(load(join(ROOT, 'scenarios/no-retry.yaml')), { maxInFlight: 100_000 });
    const free = runScenario(load(join(ROOT, 'scenarios/no-retry.yaml')));
    expect(limited.stopped).toBeNull();
    expect('stopped' in limited.summary).toBe(false);
    expect(JSON.stringify(limited.summary)).toBe(JSON.stringify(free.summary));
  });

  it('simulate run: exit 4, results written, the stop said', async () => {
    const out = tempDir();
    const r = await simulate([stormWithoutAssertions(), '--no-charts', '--out', out, '--max-in-flight', '2000']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/stopped early at 6\d\.\d s simulated: [\d,]+ attempts in the system passed --max-in-flight 2,000/);
    expect(r.stdout).toContain('grew until the run stopped at its limit');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.stopped.limit).toBe(2000);
    expect(readFileSync(join(out, 'timeseries.csv'), 'utf8').split('\n').length).toBeGreaterThan(60);
  });

  it('simulate run: a failed assertion still exits 1', async () => {
    const r = await simulate([STORM, '--no-charts', '--out', tempDir(), '--max-in-flight', '2000', '-q']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stopped early at');
  });

  it('simulate check: exit 4 and the scenarios that stopped', async () => {
    const r = await simulate(['check', stormWithoutAssertions(), '--seeds', '2', '--threads', '1', '--max-in-flight', '2000']);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('stopped early at --max-in-flight (2,000 attempts in the system): retry-storm');
  });

  it('a bad limit is bad input: exit 2 naming the flag', async () => {
    const r = await simulate([STORM, '--no-charts', '--out', tempDir(), '--max-in-flight', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-in-flight');
  });
});
