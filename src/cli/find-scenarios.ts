/** Scenario files from command-line targets: files, folders (searched recursively) and globs. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { InputError } from './exit-codes.ts';

function yamlFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFilesIn(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}

/** `*` matches within a path segment, `**` across segments (for shells that do not expand them). */
function globToRegExp(glob: string): RegExp {
  const escaped = glob.split('**').map((part) => part.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

function expandGlob(glob: string): string[] {
  const firstWild = glob.indexOf('*');
  const base = glob.slice(0, glob.lastIndexOf('/', firstWild) + 1) || '.';
  if (!existsSync(base)) return [];
  const pattern = globToRegExp(glob);
  return yamlFilesIn(base)
    .map((f) => (base === '.' ? relative('.', f) : f).split(sep).join('/'))
    .filter((f) => pattern.test(f));
}

export function findScenarioFiles(targets: readonly string[]): string[] {
  const problems: string[] = [];
  const files: string[] = [];
  for (const target of targets) {
    if (target.includes('*')) {
      const found = expandGlob(target);
      if (found.length === 0) problems.push(`${target}: no scenario file matches`);
      files.push(...found);
    } else if (!existsSync(target)) {
      problems.push(`${target}: no such file or folder`);
    } else if (statSync(target).isDirectory()) {
      const found = yamlFilesIn(target);
      if (found.length === 0) problems.push(`${target}: no .yaml files in this folder`);
      files.push(...found);
    } else {
      files.push(target);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return [...new Set(files)];
}
