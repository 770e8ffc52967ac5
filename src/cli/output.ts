/** The CLI's side effects: writing result files whole, and a progress line on a terminal. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from './exit-codes.ts';

/**
 * Writes every file to a temporary name first and renames them into place only when all are
 * written, so a failure never leaves a half-written result set.
 */
export function writeFilesWhole(dir: string, files: Record<string, string | Uint8Array>): void {
  mkdirSync(dir, { recursive: true });
  const names = Object.keys(files);
  for (const name of names) {
    // A name may have a folder of its own (`naive/summary.json` in a comparison).
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, `${name}.tmp`), files[name]);
  }
  for (const name of names) renameSync(join(dir, `${name}.tmp`), join(dir, name));
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
