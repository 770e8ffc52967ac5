/**
 * The bundled scenarios are a regression suite of their own: each states what it shows as
 * assertions, over its `check.seeds`. This runs them as a CI job would, with `simulate check
 * scenarios/` (one thread: vitest already runs two test files at a time on this 2-core machine).
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, simulate } from '../support/cli.ts';

/**
 * Scenario files under scenarios/, at any depth. Listed here on purpose rather than with
 * src/cli/find-scenarios.ts: the check uses that, and the test must not share its blind spots.
 */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : []);
}

describe('simulate check scenarios/', () => {
  it('every bundled scenario, every variant, holds every assertion it states', async () => {
    const r = await simulate(['check', 'scenarios/', '--threads', '1']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const last = r.stdout.trim().split('\n').at(-1) ?? '';
    const [, passed, failed, scenarios] = /^(\d+) passed, (\d+) failed \((\d+) scenarios\)$/.exec(last) ?? [];
    expect(Number(failed), last).toBe(0);
    expect(Number(passed)).toBeGreaterThan(100);
    expect(Number(scenarios)).toBeGreaterThanOrEqual(40);
    // Every file was run: its progress line names it (`[k/N] scenarios/x.yaml (variant): ...`).
    const ran = new Set([...r.stderr.matchAll(/^\[\d+\/\d+\] (\S+\.yaml)/gm)].map((m) => m[1]));
    expect([...ran].sort()).toEqual(yamlFiles(join(ROOT, 'scenarios')).map((f) => relative(ROOT, f)).sort());
  });
});
