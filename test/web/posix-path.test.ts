/**
 * The page resolves `extends:` paths with src/web/posix-path.ts where the CLI uses node:path's
 * posix functions: they must agree, or a scenario would load in one and not the other.
 */
import { posix as node } from 'node:path';
import { describe, expect, it } from 'vitest';
import { posix as page } from '../../src/web/posix-path.ts';

const PATHS = ['a/b.yaml', 'a/../b', '../x', './a/b/', '/a/../..', '', '.', 'a//b', 'a/./b', '/', '//', 'a/b/../../..', '/a/b/', 'topology/../retry-storm.yaml'];

describe('posix-path agrees with node:path', () => {
  it.each(PATHS)('normalize, dirname and isAbsolute of %j', (path) => {
    expect(page.normalize(path)).toBe(node.normalize(path));
    expect(page.dirname(path)).toBe(node.dirname(path));
    expect(page.isAbsolute(path)).toBe(node.isAbsolute(path));
  });

  it('join', () => {
    for (const [a, b] of [['topology', 'base.yaml'], ['.', '../x.yaml'], ['a/b', '/c'], ['/', 'a'], ['a', '']]) expect(page.join(a, b), `${a} + ${b}`).toBe(node.join(a, b));
  });
});
