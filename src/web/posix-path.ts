/**
 * The few `node:path` posix functions the scenario loader uses to resolve `extends:` paths
 * (string operations only), for the browser build: scripts/build-web.mjs maps `node:path` here,
 * so the page loads bundled scenarios by the same paths the CLI reads from disk.
 */
function normalize(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  const trailing = path.endsWith('/') && out.length > 0 ? '/' : '';
  const joined = out.join('/') + trailing;
  if (absolute) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

function join(...parts: string[]): string {
  return normalize(parts.filter((p) => p !== '').join('/'));
}

function dirname(path: string): string {
  if (/^\/+$/.test(path)) return '/';
  const i = path.replace(/\/+$/, '').lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : path.slice(0, i);
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

export const posix = { normalize, join, dirname, isAbsolute };
