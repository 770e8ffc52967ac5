/**
 * The fields and columns runs actually write, collected from the files themselves: every bundled
 * scenario (each variant too) is run as `simulate FILE --no-charts` runs it, through the library
 * (loadScenario, runScenario, writeResults), and its summary.json, timeseries.csv and
 * comparison.csv are read back. Names from the scenarios become placeholders, so that
 * `clients.web.goodput_ratio` is found as `clients.<client>.goodput_ratio`.
 *
 * Runs are cut to `seconds` of simulated time: which fields a run writes depends on the features
 * its scenario uses, not on how long it runs: checked once, the full-length runs wrote the same
 * summary paths (407, before placeholders) and the same CSV header names (52, timeseries.csv and
 * comparison.csv) as runs cut to 45 s, and took 163 s against 30 s here.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, writeResults } from '../../src/api/library.ts';
import { fileRuns, namedVariant, runScenario, type RunOptions } from '../../src/run.ts';
import type { Scenario } from '../../src/scenario/types.ts';

export interface ProducedFields {
  /** summary.json paths, with placeholders. */
  summary: Set<string>;
  /** timeseries.csv header columns. */
  columns: Set<string>;
  /** timeseries.csv `entity` values, with placeholders. */
  entities: Set<string>;
  /** comparison.csv header columns. */
  comparison: Set<string>;
}

export function bundledFiles(dir = 'scenarios'): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return bundledFiles(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

/** `clients.web.latency.p99` → `clients.<client>.latency.p99`; list positions → `[i]`. */
export function summaryPath(segments: readonly (string | number)[]): string {
  const named = segments.map((s, i) => {
    if (typeof s === 'number') return '[i]';
    if (i === 1 && segments[0] === 'clients') return '<client>';
    if (i === 1 && segments[0] === 'services') return '<service>';
    if (i === 3 && segments[0] === 'services' && segments[2] === 'partitions') return '<partition>';
    return s;
  });
  return named.join('.').replace(/\.\[i\]/g, '[i]');
}

/** Every leaf path of a summary, and every null or empty container (a `saturation: null`, an empty `assertions`). */
export function summaryPaths(value: unknown, segments: (string | number)[] = [], into = new Set<string>()): Set<string> {
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const)
    : value !== null && typeof value === 'object' ? Object.entries(value) : null;
  if (entries === null || entries.length === 0) into.add(summaryPath(segments));
  else for (const [key, child] of entries) summaryPaths(child, [...segments, key], into);
  return into;
}

export function entityPattern(entity: string): string {
  return entity
    .replace(/^clients\.[^.]+$/, 'clients.<client>')
    .replace(/^services\.[^.]+/, 'services.<service>')
    .replace(/\.replicas\.\d+$/, '.replicas.<i>')
    .replace(/\.partitions\.[^.]+$/, '.partitions.<partition>');
}

function readCsv(text: string, produced: ProducedFields, header: Set<string>): void {
  const [first, ...rows] = text.trimEnd().split('\n');
  const columns = first.split(',');
  for (const c of columns) header.add(c);
  const entity = columns.indexOf('entity');
  if (entity >= 0) for (const row of rows) produced.entities.add(entityPattern(row.split(',')[entity]));
}

/** Runs of one file as the CLI makes them, cut to `seconds`, written with --no-charts, and read back. */
async function collectFile(file: string, seconds: number, produced: ProducedFields, options: RunOptions = {}): Promise<void> {
  const loaded = loadScenario({ file });
  if (!loaded.ok) throw new Error(`${file}: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const cut = (s: Scenario): Scenario => ({ ...s, duration: Math.max(Math.min(s.duration, seconds), s.warmup + s.window) });
  const runs = fileRuns(loaded.scenario, loaded.variants, loaded.scenario.seed).map((r) => {
    const scenario = cut(r.scenario);
    return { label: r.label, scenario, result: namedVariant(runScenario(scenario, options), r.variant) };
  });
  const out = mkdtempSync(join(tmpdir(), 'result-fields-'));
  try {
    for (const name of await writeResults(out, runs.length === 1 ? runs[0] : runs, { charts: false })) {
      const text = readFileSync(join(out, name), 'utf8');
      if (name.endsWith('summary.json')) summaryPaths(JSON.parse(text), [], produced.summary);
      else if (name.endsWith('timeseries.csv')) readCsv(text, produced, produced.columns);
      else if (name === 'comparison.csv') readCsv(text, produced, produced.comparison);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Every bundled scenario, and the retry storm once more with an in-flight limit it passes (the
 * only way to a `stopped` block: no bundled scenario stops early, and the CLI's default limit is
 * far above what they reach).
 */
export async function producedFields(seconds: number): Promise<ProducedFields> {
  const produced: ProducedFields = { summary: new Set(), columns: new Set(), entities: new Set(), comparison: new Set() };
  for (const file of bundledFiles()) await collectFile(file, seconds, produced);
  await collectFile('scenarios/retry-storm.yaml', 120, produced, { maxInFlight: 1000 });
  return produced;
}
