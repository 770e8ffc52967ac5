/**
 * The bundled scenarios show what their descriptions say, on several seeds. Loaded from the files
 * themselves, as a user would run them. (Their own assertions: golden.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/run.ts';
import { runBundled as run } from '../support/bundled.ts';

/** Mean goodput (succeeded requests per second) over the windows in [from, to). */
function goodputBetween(r: RunResult, from: number, to: number): number {
  const rows = r.series.filter((row) => row.entity.startsWith('clients.') && (row.t_s as number) >= from && (row.t_s as number) < to);
  return rows.reduce((s, row) => s + (row.succeeded_per_s as number), 0) / rows.length;
}

const SEEDS = [1, 2, 3];

describe('bundled scenarios', () => {
  // That every bundled scenario holds its own assertions is golden.test.ts's job.
  it.each(SEEDS)('retry-storm, seed %i: the storm outlives the 10 s slowdown; goodput stays near zero to the end', (seed) => {
    const r = run('retry-storm.yaml', seed);
    expect(r.summary.metastability.metastable).toBe(true);
    expect(goodputBetween(r, 30, 60)).toBeGreaterThan(750);
    // From 20 s after the slowdown ended to the end of arrivals: under 1% of the 800/s offered.
    expect(goodputBetween(r, 90, 300)).toBeLessThan(8);
    expect(r.summary.clients.web.amplification).toBeGreaterThan(3.5);
    expect(r.summary.services.api.wasted_fraction).toBeGreaterThan(0.8);
  });

  it.each(SEEDS)('no-retry, seed %i: the same slowdown without retries, and the system recovers', (seed) => {
    const r = run('no-retry.yaml', seed);
    expect(r.summary.metastability.recovered).toBe(true);
    expect(r.summary.metastability.recovery_time_s).toBeLessThan(30);
    expect(goodputBetween(r, 100, 300)).toBeGreaterThan(750);
    expect(r.summary.clients.web.amplification).toBe(1);
  });
});
