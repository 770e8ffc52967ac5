/**
 * A file written whole or not at all, and never over one that exists unless asked: the text goes
 * to a temporary file first, which is then linked to its name (link(2) fails with EEXIST if a
 * file of that name appeared meanwhile: the check and the write are one step) or, to overwrite,
 * renamed over it. Some filesystems have no hard links (FAT/exFAT, some network and FUSE mounts
 * refuse with EPERM, ENOTSUP or ENOSYS): there an exclusive create (`wx`, O_CREAT|O_EXCL) still
 * refuses an existing file, though a crash mid-write could then leave part of the text.
 */
import { linkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from './exit-codes.ts';

/** link(2)'s errors that mean "no hard links here", not "cannot write here". */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** Temporary names tried before giving up: leftovers of crashed runs (same pid) are stepped over. */
const TEMPORARY_NAMES = 100;

export function writeNewFile(path: string, text: string, overwrite: boolean, link: (from: string, to: string) => void = linkSync): void {
  const tmp = writeTemporary(path, text);
  try {
    if (overwrite) renameSync(tmp, path);
    else linkNew(tmp, path, text, link);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw cannotWrite(path, e);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** `.name.yaml.<pid>.tmp` beside the file (the same filesystem, so the link or rename works), or the next free `.<pid>-N.tmp`. */
function writeTemporary(path: string, text: string): string {
  for (let n = 0; n < TEMPORARY_NAMES; n++) {
    const tmp = join(dirname(path), `.${basename(path)}.${process.pid}${n === 0 ? '' : `-${n}`}.tmp`);
    try {
      writeFileSync(tmp, text, { flag: 'wx' });
      return tmp;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotWrite(path, e);
    }
  }
  throw new InputError([`${path}: cannot write (${TEMPORARY_NAMES} temporary files .${basename(path)}.${process.pid}*.tmp are in the way; remove them)`]);
}

function linkNew(tmp: string, path: string, text: string, link: (from: string, to: string) => void): void {
  try {
    link(tmp, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw alreadyExists(path);
    if (code === undefined || !NO_HARD_LINKS.has(code)) throw e;
    try {
      writeFileSync(path, text, { flag: 'wx' });
    } catch (direct) {
      throw (direct as NodeJS.ErrnoException).code === 'EEXIST' ? alreadyExists(path) : direct;
    }
  }
}

function alreadyExists(path: string): InputError {
  return new InputError([`${path} already exists; pass --force to overwrite it`]);
}

function cannotWrite(path: string, e: unknown): InputError {
  return new InputError([`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
}
