/** The CLI's side effects: writing result files whole, and a progress line on a terminal. */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from './exit-codes.ts';

/**
 * Writes every file to a temporary name first and renames them into place only when all are
 * written and no destination is in the way, so a failure leaves the folder as it was (the
 * temporary files removed) and names the file it failed on. Then `stale` files of an earlier
 * run that this one did not write are removed, so the folder never mixes two runs.
 */
export function writeFilesWhole(dir: string, files: Record<string, string | Uint8Array>, stale: (name: string) => boolean = () => false): void {
  const names = Object.keys(files);
  const written: string[] = [];
  const fail = (name: string, e: unknown): never => {
    for (const tmp of written) rmSync(tmp, { force: true });
    throw new InputError([`${join(dir, name)}: cannot write the results there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  };
  for (const name of names) {
    const tmp = join(dir, `${name}.tmp`);
    try {
      // A name may have a folder of its own (`naive/summary.json` in a comparison).
      mkdirSync(dirname(tmp), { recursive: true });
      writeFileSync(tmp, files[name]);
      written.push(tmp);
      if (existsSync(join(dir, name)) && statSync(join(dir, name)).isDirectory()) fail(name, new Error('a folder is in the way'));
    } catch (e) {
      if (e instanceof InputError) throw e;
      fail(name, e);
    }
  }
  for (const name of names) renameSync(join(dir, `${name}.tmp`), join(dir, name));
  const removed = previousFiles(dir).filter((name) => !(name in files) && stale(name));
  for (const name of removed) rmSync(join(dir, name), { force: true });
  // A run's folder that is left empty (a variant since renamed) goes too.
  for (const sub of new Set(removed.filter((n) => n.includes('/')).map((n) => n.split('/')[0]))) {
    if (readdirSync(join(dir, sub)).length === 0) rmSync(join(dir, sub), { recursive: true });
  }
}

/** The files in a folder and its direct subfolders, as `name` or `sub/name`. */
function previousFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isFile()) return [entry.name];
    if (!entry.isDirectory()) return [];
    return readdirSync(join(dir, entry.name), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => `${entry.name}/${e.name}`);
  });
}

/** One file, written under a temporary name and renamed into place; an unwritable path is bad input. */
export function writeFileWhole(path: string, content: string): void {
  try {
    writeFileSync(`${path}.tmp`, content);
    renameSync(`${path}.tmp`, path);
  } catch (e) {
    throw new InputError([`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
}

/** A progress line on stderr, redrawn in place; silent when stderr is not a terminal (CI logs). */
export function progressReporter(duration: number, label?: string): { update: (t: number) => void; done: () => void } {
  const status = statusLine();
  const prefix = label === undefined ? '' : `${label}: `;
  return {
    update(t: number) {
      const text = t < duration ? `simulating: ${t.toFixed(1)} s of ${duration} s (${((100 * t) / duration).toFixed(0)}%)` : `draining work in flight: t = ${t.toFixed(1)} s`;
      status.show(`${prefix}${text}`);
    },
    done: () => status.clear(),
  };
}

/** One line on stderr, redrawn in place; silent when stderr is not a terminal. */
export function statusLine(): { show: (text: string) => void; clear: () => void } {
  if (!process.stderr.isTTY) return { show: () => {}, clear: () => {} };
  let width = 0;
  return {
    show(text: string) {
      width = Math.max(width, text.length);
      process.stderr.write(`\r${text.padEnd(width)}`);
    },
    clear() {
      if (width > 0) process.stderr.write(`\r${' '.repeat(width)}\r`);
      width = 0;
    },
  };
}
