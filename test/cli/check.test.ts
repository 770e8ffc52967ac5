/** `simulate check`, driven as CI would drive it: a child process, exit codes, files. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { bundled } from '../support/bundled.ts';
import { simulate, tempDir } from '../support/cli.ts';

const FIXTURES = 'test/fixtures/check';

/** A small well-formedness check of XML (balanced tags, quoted attributes), enough for our writer. */
function assertWellFormedXml(text: string): void {
  const body = text.replace(/^<\?xml[^>]*\?>\s*/, '');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>|<|>/g)) {
    if (m[0] === '<' || m[0] === '>') throw new Error(`stray ${m[0]} at ${m.index}`);
    if (m[1]) {
      if (stack.pop() !== m[2]) throw new Error(`unbalanced </${m[2]}>`);
    } else if (!m[4]) stack.push(m[2]);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
}

describe('simulate check', () => {
  it('a passing folder exits 0 and prints a table and the totals', async () => {
    const r = await simulate(['check', `${FIXTURES}/pass/quick.yaml`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^scenario\s+check\s+observed\s+result/);
    expect(r.stdout).toMatch(/2 passed, 0 failed \(1 scenarios\)/);
    expect(r.stderr).toMatch(/\[1\/1\] test\/fixtures\/check\/pass\/quick\.yaml: 1 seed done/); // plain lines: not a terminal
  });

  it('a broken assertion exits 1 and names it; JUnit and markdown carry it', async () => {
    const dir = tempDir();
    const r = await simulate(['check', `${FIXTURES}/fail`, `${FIXTURES}/pass/quick.yaml`, '--seeds', '2', '--junit', join(dir, 'j.xml'), '--markdown', join(dir, 'm.md')]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/check-broken\s+clients\.load\.latency\.mean < 1ms\s+[\d.]+ ms \.\. [\d.]+ ms; held on 0\/2\s+FAIL/);
    expect(r.stdout).toMatch(/3 passed, 1 failed \(2 scenarios\)/);
    const junit = readFileSync(join(dir, 'j.xml'), 'utf8');
    assertWellFormedXml(junit);
    expect(junit).toMatch(/<testsuites name="simulate check" tests="4" failures="1">/);
    expect([...junit.matchAll(/<testcase /g)]).toHaveLength(4);
    expect([...junit.matchAll(/<failure /g)]).toHaveLength(1);
    const markdown = readFileSync(join(dir, 'm.md'), 'utf8');
    expect(markdown).toMatch(/^### simulate check: 1 of 4 checks failed/);
    expect(markdown).toMatch(/\| ❌ \| check-broken \| `clients.load.latency.mean < 1ms` \|/);
  });

  it('a malformed file exits 2 before anything runs', async () => {
    const dir = tempDir();
    const r = await simulate(['check', `${FIXTURES}/invalid`, '--junit', join(dir, 'j.xml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid\/bad\.yaml:4:39: `services\.server\.service_time`: 10 has no unit/);
    expect(r.stderr).not.toMatch(/seed done/);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'j.xml'))).toBe(false);
  });

  it('a probability assertion passes exactly when its share of seeds is reached', async () => {
    const seeds = 10;
    const s = bundled('../test/fixtures/check/probability/low.yaml');
    const held = Array.from({ length: seeds }, (_, k) => runScenario({ ...s, seed: s.seed + k }).summary.assertions[0].pass).filter(Boolean).length;
    // The fixture straddles its threshold (so the test means something): between 10% and 95% of seeds.
    expect(held).toBeGreaterThanOrEqual(1);
    expect(held).toBeLessThan(0.95 * seeds);
    const [low, high] = await Promise.all([
      simulate(['check', `${FIXTURES}/probability/low.yaml`, '--seeds', String(seeds)]),
      simulate(['check', `${FIXTURES}/probability/high.yaml`, '--seeds', String(seeds)]),
    ]);
    expect(low.stdout).toContain(`held on ${held}/${seeds}, needs 10%`);
    expect(low.code).toBe(0);
    expect(high.stdout).toContain(`held on ${held}/${seeds}, needs 95%`);
    expect(high.code).toBe(1);
  });

  it('a baseline catches a regression, names the metric and both values, and does not flag an improvement', async () => {
    const dir = tempDir();
    const baseline = join(dir, 'baseline.json');
    const written = await simulate(['check', `${FIXTURES}/baseline/base.yaml`, '--seeds', '3', '--baseline', baseline, '--update-baseline']);
    expect(written.code, written.stderr).toBe(0);
    const file = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(file.scenarios['check-baseline'].clients.load).toHaveProperty('latency_p99');
    const worse = await simulate(['check', `${FIXTURES}/baseline/worse.yaml`, '--seeds', '3', '--baseline', baseline]);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/baseline: clients\.load\.latency_p99\s+[\d.]+ against a baseline of [\d.]+ \(worst allowed [\d.]+\)\s+FAIL/);
    const better = await simulate(['check', `${FIXTURES}/baseline/better.yaml`, '--seeds', '3', '--baseline', baseline]);
    expect(better.code, better.stdout).toBe(0);
    expect(better.stdout).not.toMatch(/baseline:/);
    const other = await simulate(['check', `${FIXTURES}/pass/quick.yaml`, '--baseline', baseline]);
    expect(other.stdout).toMatch(/not in the baseline \(not compared\): check-quick/);
  });

  it('gives the same table and files with 1 and 2 worker threads, and twice', async () => {
    const runs = await Promise.all(
      ['1', '2', '2'].map(async (threads) => {
        const dir = tempDir();
        const r = await simulate(['check', `${FIXTURES}/pass`, `${FIXTURES}/fail`, '--seeds', '4', '--threads', threads, '--junit', join(dir, 'j.xml'), '--markdown', join(dir, 'm.md')]);
        return { stdout: r.stdout, junit: readFileSync(join(dir, 'j.xml'), 'utf8'), markdown: readFileSync(join(dir, 'm.md'), 'utf8') };
      }),
    );
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });

  it('a file with variants is one scenario per variant, `<name>/<variant>` in the table, JUnit, markdown and baseline', async () => {
    const dir = tempDir();
    const baseline = join(dir, 'baseline.json');
    const r = await simulate(['check', `${FIXTURES}/variants/compared.yaml`, '--junit', join(dir, 'j.xml'), '--markdown', join(dir, 'm.md'), '--baseline', baseline, '--update-baseline']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/check-variants\/one-server\s+services\.server\.utilization > 40%\s+0\.\d+ \([\d.]+%\)\s+pass/);
    expect(r.stdout).toMatch(/check-variants\/two-servers\s+services\.server\.utilization < 30%\s+0\.\d+ \([\d.]+%\)\s+pass/);
    expect(r.stdout).not.toMatch(/check-variants\/two-servers\s+services\.server\.utilization > 40%/); // its own list replaced the base's
    expect(r.stdout).toMatch(/3 passed, 0 failed \(2 scenarios\)/);
    expect(r.stderr).toMatch(/\[\d\/2\] test\/fixtures\/check\/variants\/compared\.yaml \(one-server\): 1 seed done/);
    expect(readFileSync(join(dir, 'j.xml'), 'utf8')).toContain('<testcase classname="check-variants/two-servers" name="services.server.utilization &lt; 30%">');
    expect(readFileSync(join(dir, 'm.md'), 'utf8')).toContain('| ✅ | check-variants/one-server | `clients.load.goodput_ratio == 1` |');
    expect(Object.keys(JSON.parse(readFileSync(baseline, 'utf8')).scenarios)).toEqual(['check-variants/one-server', 'check-variants/two-servers']);
    const again = await simulate(['check', `${FIXTURES}/variants/compared.yaml`, '--baseline', baseline]);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).not.toMatch(/not in the baseline/);
  });

  it('the exit code follows each variant\'s assertions, and the threads do not change what is printed or written', async () => {
    const runs = await Promise.all(
      ['1', '2', '3'].map(async (threads) => {
        const dir = tempDir();
        const r = await simulate(['check', `${FIXTURES}/variants`, '--seeds', '2', '--threads', threads, '--junit', join(dir, 'j.xml'), '--markdown', join(dir, 'm.md')]);
        return { code: r.code, stdout: r.stdout, junit: readFileSync(join(dir, 'j.xml'), 'utf8'), markdown: readFileSync(join(dir, 'm.md'), 'utf8') };
      }),
    );
    expect(runs[0].code).toBe(1);
    // broken.yaml extends compared.yaml and replaces one variant's assertions with one that fails.
    expect(runs[0].stdout).toMatch(/check-variants-broken\/two-servers\s+services\.server\.utilization > 40%\s+.*held on 0\/2\s+FAIL/);
    expect(runs[0].stdout).toMatch(/check-variants-broken\/one-server\s+services\.server\.utilization > 40%\s+.*held on 2\/2\s+pass/);
    expect(runs[0].stdout).toMatch(/5 passed, 1 failed \(4 scenarios\)/);
    expect([...runs[0].junit.matchAll(/<failure /g)]).toHaveLength(1);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });

  it('a problem inside a variant exits 2 with its place before anything runs', async () => {
    const r = await simulate(['check', 'test/fixtures/invalid/variant-negative-workers.yaml', `${FIXTURES}/pass`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/variant-negative-workers\.yaml:15:23: variant `broken`: `services\.api\.workers`: -1 is too small/);
    expect(r.stdout).toBe('');
  });

  it('bad flags and missing targets exit 2', async () => {
    const results = await Promise.all([
      simulate(['check', 'no/such/folder']),
      simulate(['check', `${FIXTURES}/pass`, '--seeds', '0']),
      simulate(['check', `${FIXTURES}/pass`, '--baseline', 'no/such/baseline.json']),
    ]);
    for (const r of results) expect(r.code, r.stderr).toBe(2);
    expect(results[2].stderr).toMatch(/cannot read the baseline/);
  });
});
