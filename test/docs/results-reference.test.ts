/**
 * docs/results.md against what runs write: every summary.json field, timeseries.csv column and
 * entity, and comparison.csv column that the bundled scenarios produce (result-fields.ts) must be
 * named, in backticks, in its section of the page. A field that only some feature writes is
 * covered as long as a bundled scenario uses that feature; the last test makes sure each one does,
 * so a feature whose scenarios go away does not silently drop out of the check.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SERIES_COLUMNS } from '../../src/metrics/series.ts';
import { codeSpans, readDoc, section } from './markdown.ts';
import { producedFields, type ProducedFields } from './result-fields.ts';

const DOC = 'docs/results.md';

/** `a.{b,c}.d` → `a.b.d`, `a.c.d`: the page's shorthand for a group of fields. */
export function expandBraces(span: string): string[] {
  const match = /\{([^{}]*)\}/.exec(span);
  if (!match) return [span];
  const [head, tail] = [span.slice(0, match.index), span.slice(match.index + match[0].length)];
  return match[1].split(',').flatMap((choice) => expandBraces(`${head}${choice.trim()}${tail}`));
}

function documented(markdown: string, heading: string): Set<string> {
  return new Set([...codeSpans(section(markdown, heading))].flatMap(expandBraces));
}

function undocumented(produced: Set<string>, names: Set<string>): string[] {
  return [...produced].filter((name) => !names.has(name)).sort();
}

/** Simulated seconds per run: long enough for every scenario's features to write their fields (result-fields.ts). */
const SECONDS = 45;

const markdown = readDoc(DOC);
let produced: ProducedFields;

describe(`${DOC} documents every field the runs write`, () => {
  beforeAll(async () => {
    produced = await producedFields(SECONDS);
  }, 120_000);

  it('every summary.json field', () => {
    expect(undocumented(produced.summary, documented(markdown, '## summary.json')), `summary.json fields missing from ${DOC}`).toEqual([]);
  });

  it('every timeseries.csv column and kind of entity', () => {
    const names = documented(markdown, '## timeseries.csv');
    expect(undocumented(produced.columns, names), `timeseries.csv columns missing from ${DOC}`).toEqual([]);
    expect(undocumented(produced.entities, names), `timeseries.csv entities missing from ${DOC}`).toEqual([]);
  });

  it('every comparison.csv column', () => {
    const names = documented(markdown, 'comparison.csv');
    expect(undocumented(produced.comparison, names), `comparison.csv columns missing from ${DOC}`).toEqual([]);
  });

  it('notices a field whose line is gone (the check can fail)', () => {
    const without = markdown.replace(/^\| `clients\.<client>\.peak_rate` \|.*\n/m, '');
    expect(without).not.toBe(markdown);
    expect(undocumented(produced.summary, documented(without, '## summary.json'))).toEqual(['clients.<client>.peak_rate']);
  });

  it('covers every optional feature: the runs write each optional field and every column there is', () => {
    const optional = [
      'variant', 'stopped.reason', 'clients.<client>.peak_rate', 'clients.<client>.failures.pool_exhausted',
      'services.<service>.imbalance', 'services.<service>.replicas[i].excluded_s', 'services.<service>.partitions.<partition>.share',
      'services.<service>.cache.hit_ratio', 'services.<service>.autoscale.unit', 'metastability.saturation.service',
      'propagation.convergence_s', 'assertions[i].pass',
    ];
    expect(optional.filter((path) => !produced.summary.has(path)), 'optional fields no run wrote').toEqual([]);
    expect(SERIES_COLUMNS.filter((c) => !produced.columns.has(c)), 'columns no run wrote').toEqual([]);
  });
});
