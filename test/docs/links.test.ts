/**
 * Every relative link in README.md and docs/ leads somewhere: the README sends readers to docs/
 * for everything but the quick start, so a moved section or a renamed heading must not leave a
 * dead link behind. The checker itself is tested on fixtures whose broken links are known.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMarkdownLinks, formatBrokenLink, githubSlug, markdownAnchors, markdownLinks } from '../support/markdown-links.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'markdown-links');

function documentation(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.md'))
    .map((path) => join('docs', path))
    .sort();
  return ['README.md', ...docs];
}

describe('the links of README.md and docs/', () => {
  it('every relative link names a file that exists, and every #anchor a heading in it', () => {
    const files = documentation();
    expect(files.length).toBeGreaterThan(20);
    const broken = checkMarkdownLinks(ROOT, files).map(formatBrokenLink);
    expect(broken).toEqual([]);
  });
});

describe('the link checker', () => {
  it('slugs headings as GitHub does', () => {
    expect(githubSlug('Back pressure: queue.overflow')).toBe('back-pressure-queueoverflow');
    expect(githubSlug('Ramps: the hysteresis chart')).toBe('ramps-the-hysteresis-chart');
    expect(githubSlug('Where it stands (issue 13)')).toBe('where-it-stands-issue-13');
    expect(githubSlug('cancel_on_timeout, and 1 − Π(1 − rate)')).toBe('cancel_on_timeout-and-1--π1--rate');
    expect(githubSlug('CI: simulate check')).toBe('ci-simulate-check');
  });

  it('numbers repeated headings and reads explicit anchors', () => {
    const anchors = markdownAnchors('# A\n\n## Results\n\n## Results\n\n## Results\n\n<a id="x"></a>\n');
    expect([...anchors].sort()).toEqual(['a', 'results', 'results-1', 'results-2', 'x']);
  });

  it('finds no link in code: fenced, indented or inline', () => {
    const text = '[a](a.md)\n\n```\n[b](b.md)\n```\n\n    [c](c.md)\n\n`[d](d.md)` [e](e.md#x)\n';
    expect(markdownLinks(text)).toEqual([{ line: 1, target: 'a.md' }, { line: 9, target: 'e.md#x' }]);
  });

  it('accepts every kind of good link', () => {
    expect(checkMarkdownLinks(FIXTURES, ['good.md']).map(formatBrokenLink)).toEqual([]);
  });

  it('reports each broken link with its file and line', () => {
    expect(checkMarkdownLinks(FIXTURES, ['bad.md']).map(formatBrokenLink)).toEqual([
      'bad.md:3: nowhere.md: no such file (nowhere.md)',
      'bad.md:5: target.md#no-such-heading: no heading or anchor #no-such-heading in target.md',
      'bad.md:6: target.md#results-2: no heading or anchor #results-2 in target.md',
      'bad.md:8: sub/missing.png: no such file (sub/missing.png)',
      'bad.md:10: #bad-link: no heading or anchor #bad-link in bad.md',
      'bad.md:10: sub/gone.md: no such file (sub/gone.md)',
      'bad.md:12: target.md#back-pressure: no heading or anchor #back-pressure in target.md',
    ]);
  });
});
