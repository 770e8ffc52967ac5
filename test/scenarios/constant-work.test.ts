/**
 * The bundled constant-work scenarios (scenarios/constant-work/) show what their descriptions
 * say: the health-check story under constant work and under an edge-triggered workflow, with
 * dropped updates, and with lost nodes. Loaded from the files, as a user runs them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PropagationSummary } from '../../src/metrics/propagation-summary.ts';
import { PROPAGATION_COLUMNS, SERIES_COLUMNS } from '../../src/metrics/series.ts';
import { summaryJson, timeseriesCsv } from '../../src/report/files.ts';
import { runScenario, type RunResult } from '../../src/run.ts';
import { metricValue } from '../../src/scenario/evaluate.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { metricPaths } from '../../src/scenario/metric-paths.ts';
import { bundled, runBundled } from '../support/bundled.ts';
import { ROOT } from '../support/cli.ts';

const DIR = 'constant-work';
const FILES = readdirSync(join(ROOT, 'scenarios', DIR)).filter((f) => f.startsWith('health-checks-') && f.endsWith('.yaml')).sort();
const results = new Map<string, RunResult>(FILES.map((f) => [f, runBundled(`${DIR}/${f}`)]));

function run(file: string): RunResult {
  return results.get(`health-checks-${file}.yaml`) as RunResult;
}

function p(file: string): PropagationSummary {
  return run(file).summary.propagation as PropagationSummary;
}

/** The propagation rows of the windows wholly inside [from, to). */
function work(file: string, from: number, to: number): number[] {
  return run(file).series
    .filter((row) => row.entity === 'propagation' && (row.t_s as number) >= from && (row.t_s as number) + 1 <= to)
    .map((row) => row.work_per_s as number);
}

const PERIOD = 5;

describe('bundled constant-work scenarios', () => {
  it('are the six the issue asks for, each holding its own assertions', () => {
    expect(FILES).toEqual([
      'health-checks-constant-work-dropped.yaml', 'health-checks-constant-work-lost-nodes.yaml', 'health-checks-constant-work.yaml',
      'health-checks-workflow-dropped.yaml', 'health-checks-workflow-lost-nodes.yaml', 'health-checks-workflow.yaml',
    ]);
    for (const [file, r] of results) {
      expect(r.summary.assertions.length, file).toBeGreaterThan(0);
      for (const a of r.summary.assertions) expect(a.pass, `${file}: ${a.expr} (observed ${a.value})`).toBe(true);
    }
  });

  it('constant work: the same work in every second, before, during and after the mass change (within 5%)', () => {
    for (const file of ['constant-work', 'constant-work-dropped']) {
      const w = p(file).work_per_s;
      expect(w.max! / w.min!, file).toBeLessThanOrEqual(1.05);
    }
    const around = work('constant-work', 55, 70);
    expect(Math.max(...around) / Math.min(...around)).toBeLessThanOrEqual(1.05);
  });

  it('constant work: every server has every change within two periods, with no backlog', () => {
    for (const file of ['constant-work', 'constant-work-lost-nodes']) {
      expect(p(file).staleness.max!, file).toBeLessThan(2 * PERIOD);
      expect(p(file).convergence_s!, file).toBeLessThan(2 * PERIOD);
      expect(p(file).never_converged, file).toBe(0);
      expect(p(file).backlog_max, file).toBeLessThan(5);
    }
  });

  it('constant work: lost pushes are repaired by the next ones; nothing is left stale, nothing is retried', () => {
    const dropped = p('constant-work-dropped');
    expect(dropped.dropped).toBeGreaterThan(0);
    expect(dropped.retries).toBe(0);
    expect(dropped.never_converged).toBe(0);
    expect(dropped.stale_nodes_at_end).toBe(0);
    expect(dropped.work_per_s).toEqual(p('constant-work').work_per_s);
    // From one period after the loss's end (230 s) on, no server misses a change older than a period
    // (and the time a push takes to be sent and applied, 31 ms), as before the loss.
    const after = run('constant-work-dropped').series.filter((row) => row.entity === 'propagation' && (row.t_s as number) >= 230 + PERIOD);
    for (const row of after) expect(row.staleness_max_s as number).toBeLessThan(PERIOD + 0.031);
  });

  it('losing nodes lowers the total work, under either strategy', () => {
    expect(p('constant-work-lost-nodes').work_per_s.mean!).toBeLessThan(p('constant-work').work_per_s.mean!);
    expect(p('constant-work-lost-nodes').utilization).toBeLessThan(p('constant-work').utilization);
    expect(p('workflow-lost-nodes').messages).toBeLessThan(p('workflow').messages);
    // After the loss the constant-work sender does 150/200 of the work, and stays flat.
    const after = work('constant-work-lost-nodes', 61, 300);
    expect(new Set(after)).toEqual(new Set([0.75 * work('constant-work', 31, 60)[0]]));
  });

  it('workflow: work rises with the changes; the mass change builds a backlog and convergence takes far longer', () => {
    const wf = p('workflow');
    const quiet = work('workflow', 30, 60);
    const draining = work('workflow', 61, 180);
    expect(Math.min(...draining)).toBeGreaterThan(5 * Math.max(...quiet));
    expect(wf.backlog_max).toBeGreaterThan(0.9 * 5000 * 200);
    expect(wf.convergence_s!).toBeGreaterThan(10 * p('constant-work').convergence_s!);
    expect(p('workflow-lost-nodes').backlog_max).toBeGreaterThan(0.9 * 5000 * 150);
    expect(p('workflow-lost-nodes').convergence_s!).toBeGreaterThan(10 * p('constant-work-lost-nodes').convergence_s!);
  });

  it('workflow: dropped updates whose tries all fail leave servers stale, and are counted', () => {
    const d = p('workflow-dropped');
    expect(d.retries).toBeGreaterThan(0);
    expect(d.never_converged).toBeGreaterThan(0);
    expect(d.never_converged).toBeLessThan(d.dropped);
    expect(d.stale_nodes_at_end).toBeGreaterThan(0);
    const rows = run('workflow-dropped').series.filter((row) => row.entity === 'propagation');
    expect(rows[rows.length - 1].stale_entries).toBeGreaterThan(0);
  });

  it('steady state: the workflow does a small fraction of the constant-work design\'s work', () => {
    expect(Math.max(...work('workflow', 30, 60))).toBeLessThan(0.01 * p('constant-work').work_per_s.min!);
  });

  it('health-checks-workflow-dropped, seeds 1-3: stale pairs are left at the end on every seed', () => {
    for (const seed of [2, 3]) {
      const s = runBundled(`${DIR}/health-checks-workflow-dropped.yaml`, seed).summary.propagation!;
      expect(s.never_converged, `seed ${seed}`).toBeGreaterThan(0);
    }
  });
});

describe('results of a propagation scenario', () => {
  it('are byte-identical for the same file and seed', () => {
    for (const file of ['health-checks-constant-work-dropped.yaml', 'health-checks-workflow-dropped.yaml']) {
      const again = runScenario(bundled(`${DIR}/${file}`));
      const first = results.get(file) as RunResult;
      expect(summaryJson(again.summary)).toBe(summaryJson(first.summary));
      expect(timeseriesCsv(again.series)).toBe(timeseriesCsv(first.series));
    }
  });

  it('have the contract\'s propagation keys first, then this project\'s, in a fixed order; every metric path has a value', () => {
    const s = run('workflow').summary;
    expect(Object.keys(s)).toEqual(['scenario', 'seed', 'duration_s', 'warmup_s', 'clients', 'services', 'metastability', 'propagation', 'assertions']);
    expect(Object.keys(s.propagation!)).toEqual([
      'work_per_s', 'staleness', 'convergence_s', 'backlog_max',
      'never_converged', 'stale_nodes_at_end', 'utilization', 'changes', 'messages', 'retries', 'dropped',
    ]);
    expect(Object.keys(s.propagation!.work_per_s)).toEqual(['min', 'mean', 'max']);
    expect(Object.keys(s.propagation!.staleness)).toEqual(['p50', 'p99', 'max']);
    for (const path of metricPaths([], [], { propagation: true }).keys()) expect(metricValue(s, path), path).not.toBeUndefined();
    // No clients: no goodput, so no metastability verdict.
    expect(s.metastability.no_verdict).toBe('zero_baseline');
  });

  it('have one propagation row per window, with its own columns filled, after the clients\' and services\'', () => {
    const r = run('constant-work');
    expect(SERIES_COLUMNS.slice(-PROPAGATION_COLUMNS.length)).toEqual([...PROPAGATION_COLUMNS]);
    const rows = r.series.filter((row) => row.entity === 'propagation');
    expect(rows.length).toBe(r.series.length);
    expect(rows.map((row) => row.t_s)).toEqual(rows.map((_, i) => i));
    for (const c of PROPAGATION_COLUMNS) expect(rows[100][c], c).not.toBeNull();
  });
});

describe('the compared files (both strategies as variants of one file)', () => {
  it.each([['compared', ''], ['compared-dropped', '-dropped'], ['compared-lost-nodes', '-lost-nodes']])(
    '%s.yaml: each variant runs exactly as the matching single-strategy file', (compared, suffix) => {
      const file = join(ROOT, 'scenarios', DIR, `${compared}.yaml`);
      const loaded = loadScenario(readFileSync(file, 'utf8'), file, [], (path) => readFileSync(path, 'utf8'));
      if (!loaded.ok) throw new Error(loaded.problems.map((x) => x.message).join('\n'));
      expect(loaded.variants.map((v) => v.name)).toEqual(['constant-work', 'workflow']);
      for (const variant of loaded.variants) {
        const summary = runScenario(variant.scenario).summary;
        expect(summary.propagation, `${compared}/${variant.name}`).toEqual(p(`${variant.name}${suffix}`));
        for (const a of summary.assertions) expect(a.pass, `${compared}/${variant.name}: ${a.expr}`).toBe(true);
      }
    });
});

describe('staleness counts the pairs that never converge', () => {
  it('at their age when the run ends, so a lost update is never left out of the worst case', () => {
    const s = bundled(`${DIR}/health-checks-workflow-dropped.yaml`);
    const config = s.propagation!;
    // Without the mass change, the worst reflected pair is far younger than the oldest lost one.
    const r = runScenario({ ...s, propagation: { ...config, changes: config.changes.filter((c) => c.kind === 'steady') }, assertions: [] });
    const summary = r.summary.propagation as PropagationSummary;
    expect(summary.never_converged).toBeGreaterThan(0);
    const last = r.series.filter((row) => row.entity === 'propagation').at(-1)!;
    // The last window's end is the run's end within a window: the oldest lost change's age there.
    expect(summary.staleness.max!).toBeGreaterThanOrEqual((last.staleness_max_s as number) - s.window);
    expect(summary.staleness.max!).toBeGreaterThan(60);
  });
});
