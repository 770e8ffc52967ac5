/**
 * The README's promises that code can keep: it stays short, its quick start is the command
 * .ci/run runs, and its example scenario runs as printed and shows what the text says it shows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/api/library.ts';
import { runScenario } from '../../src/run.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The first fenced block of `language` after the heading `heading`. */
function blockAfter(heading: string, language: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start, `README has no heading "${heading}"`).toBeGreaterThanOrEqual(0);
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(README.slice(start));
  expect(match, `no \`\`\`${language} block after "${heading}"`).not.toBeNull();
  return (match as RegExpExecArray)[1];
}

function run(text: string, set: string[] = []) {
  const loaded = loadScenario({ text, file: 'README.md' }, { set });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  return runScenario(loaded.scenario).summary;
}

describe('README.md', () => {
  it('is at most 300 lines (issue 17: a newcomer must see the shape of the tool)', () => {
    expect(README.split('\n').length - 1).toBeLessThanOrEqual(300);
  });

  it("quick start has the two commands, the second the test command .ci/run runs", () => {
    const commands = blockAfter('## Quick start', 'sh').split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter(Boolean);
    expect(commands).toEqual(['npm ci && npx simulate scenarios/retry-storm.yaml', 'npm test']);
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/^npm test$/m);
  });

  it('"Try more" names files and npm scripts that exist (the scenarios themselves run in golden.test.ts)', () => {
    const lines = blockAfter('## Try more', 'sh').split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    for (const line of lines) {
      const npmRun = /^npm run (\S+)$/.exec(line);
      if (npmRun) {
        expect(scripts[npmRun[1]], line).toBeDefined();
        continue;
      }
      expect(line, 'a simulate command').toMatch(/^npx simulate /);
      for (const path of line.split(' ').filter((w) => w.startsWith('scenarios/'))) expect(existsSync(join(ROOT, path)), path).toBe(true);
    }
  });

  it('the example scenario runs as printed, and tips into a storm only with retries', () => {
    const text = blockAfter('## Model your own service', 'yaml');
    expect(text.trim().split('\n').length).toBeLessThanOrEqual(12);

    const withRetries = run(text);
    expect(withRetries.metastability.metastable).toBe(true);
    expect((withRetries.clients.web.amplification as number).toFixed(2)).toBe('2.50');
    expect(Math.round((withRetries.clients.web.goodput_ratio as number) * 100)).toBe(25);

    const withoutRetries = run(text, ['clients.web.retry.max_attempts=1']);
    expect(withoutRetries.metastability.recovered).toBe(true);
    expect(Math.round(withoutRetries.metastability.recovery_time_s as number)).toBe(17);
    expect(Math.round((withoutRetries.clients.web.goodput_ratio as number) * 100)).toBe(77);
  });
});
