/**
 * Runs docs/tutorial.md as a reader would: every command of its `sh` blocks, in order, in one
 * empty temporary folder. The page's conventions (its last section says them to the reader):
 * - each line of a ```sh block is a command; a line ending in `\` continues on the next; blank
 *   lines and lines that start with `#` are skipped;
 * - `npx simulate` stands for this checkout's command (src/cli/simulate.mjs through tsx, as the
 *   other CLI tests run it); the rest of a line goes to /bin/sh as written (`cut`, quotes);
 * - a command exits 0, unless it ends in a comment `# exit N`: then it must exit N;
 * - a ```yaml title=FILE block is written to FILE when the run reaches it (the files a reader is
 *   asked to write come from the page's own text);
 * - a ```yaml excerpt=FILE block must match FILE, and an ```output block the stdout of the
 *   command before it: each of its lines, in order, with other lines allowed between them
 *   (`...` marks, for the reader, where some are left out);
 * - any other block (a workflow, an assert list to copy) is not run.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/cli.ts';

const PAGE = join(ROOT, 'docs/tutorial.md');
const BIN = join(ROOT, 'src/cli/simulate.mjs');

type Step =
  | { kind: 'command'; text: string; exit: number; line: number; output?: string[] }
  | { kind: 'file'; path: string; content: string; line: number }
  | { kind: 'excerpt'; path: string; lines: string[]; line: number };

/** The page's fenced blocks, as steps in page order. */
function tutorialSteps(markdown: string): Step[] {
  const steps: Step[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i]);
    if (!open || open[1] === '') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== '```') end++;
    const body = lines.slice(start, end);
    const [lang, attributes] = [open[1], open[2]];
    const title = /(?:^|\s)title=(\S+)/.exec(attributes)?.[1];
    const excerpt = /(?:^|\s)excerpt=(\S+)/.exec(attributes)?.[1];
    if (lang === 'sh') steps.push(...commandsOf(body, start + 1));
    else if (lang === 'output') {
      const last = steps.at(-1);
      if (last?.kind !== 'command') throw new Error(`docs/tutorial.md:${start}: an output block must follow a sh block`);
      last.output = body;
    } else if (title) steps.push({ kind: 'file', path: title, content: `${body.join('\n')}\n`, line: start });
    else if (excerpt) steps.push({ kind: 'excerpt', path: excerpt, lines: body, line: start });
    i = end;
  }
  return steps;
}

function commandsOf(body: string[], firstLine: number): Step[] {
  const commands: Step[] = [];
  let pending = '';
  let pendingLine = firstLine;
  body.forEach((raw, index) => {
    if (pending === '') pendingLine = firstLine + index;
    if (pending === '' && (raw.trim() === '' || raw.trim().startsWith('#'))) return;
    if (raw.endsWith('\\')) {
      pending += `${raw.slice(0, -1)} `;
      return;
    }
    const text = pending + raw;
    pending = '';
    const exit = /#\s*exit (\d+)\b[^'"]*$/.exec(text);
    commands.push({ kind: 'command', text, exit: exit ? Number(exit[1]) : 0, line: pendingLine });
  });
  return commands;
}

/** The expected lines that are not found in `actual`, in order (`...` lines are the reader's marks, skipped). */
function missingInOrder(expected: readonly string[], actual: string): string[] {
  const lines = actual.split('\n').map((l) => l.trimEnd());
  let at = 0;
  const missing: string[] = [];
  for (const want of expected.map((l) => l.trimEnd())) {
    if (want === '...' || want === '') continue;
    const found = lines.indexOf(want, at);
    if (found < 0) missing.push(want);
    else at = found + 1;
  }
  return missing;
}

function sh(command: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const text = command.replace(/^npx simulate\b/, `"${process.execPath}" "${BIN}"`);
  return new Promise((done) => {
    execFile('/bin/sh', ['-c', text], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

describe('docs/tutorial.md', () => {
  const steps = tutorialSteps(readFileSync(PAGE, 'utf8'));

  it('reads the page into the steps it shows', () => {
    const commands = steps.filter((s) => s.kind === 'command');
    expect(commands.length).toBeGreaterThanOrEqual(8);
    expect(commands[0].text).toMatch(/^npx simulate init checkout --rate 450 /);
    // Every command a reader types starts with `npx simulate`, or reads the results with cut.
    for (const c of commands) expect(c.text, `line ${c.line}`).toMatch(/^(npx simulate |cut )/);
    expect(commands.filter((c) => c.exit === 1).length).toBe(2); // the failures shown on purpose
    expect(steps.filter((s) => s.kind === 'file').map((s) => (s as { path: string }).path)).toEqual(['checkout-envoy.yaml']);
  });

  it('finds lines in order, and reports those that are missing or out of order', () => {
    expect(missingInOrder(['a', '...', 'c'], 'a\nb\nc\n')).toEqual([]);
    expect(missingInOrder(['c', 'a'], 'a\nb\nc\n')).toEqual(['a']);
    expect(missingInOrder(['a  '], 'a\n')).toEqual([]);
    expect(missingInOrder(['d'], 'a\n')).toEqual(['d']);
  });

  it('runs every command in order, with the exit codes and the output the page shows', async () => {
    const dir = tempDir();
    const started = performance.now();
    for (const step of steps) {
      const where = `docs/tutorial.md:${step.line}`;
      if (step.kind === 'file') {
        writeFileSync(join(dir, step.path), step.content);
      } else if (step.kind === 'excerpt') {
        expect(missingInOrder(step.lines, readFileSync(join(dir, step.path), 'utf8')), `${where}: lines not in ${step.path}`).toEqual([]);
      } else {
        const r = await sh(step.text, dir);
        expect(r.code, `${where}: ${step.text}\n${r.stdout}${r.stderr}`).toBe(step.exit);
        if (step.output) expect(missingInOrder(step.output, r.stdout), `${where}: lines missing from the output of ${step.text}\n${r.stdout}`).toEqual([]);
      }
    }
    // The page promises commands of a few seconds each; keep the whole under a minute here.
    console.log(`docs/tutorial.md: ${steps.length} steps in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 180_000);
});
