/**
 * Tiny worlds of the periodic client (docs/periodic-work.md): how many requests each boundary
 * fires, where they fall (within [boundary, boundary + jitter), boundaries at phase + k·every),
 * the run's end, a load spike, determinism; and the loader's defaults and peak_rate.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.ts';
import type { ArrivalConfig, FaultConfig } from '../../src/model/config.ts';
import { NullObserver } from '../../src/model/observer.ts';
import { runScenario } from '../../src/run.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';

type Periodic = Extract<ArrivalConfig, { kind: 'periodic' }>;

function world(arrival: Periodic, duration: number, seed = 1, faults: FaultConfig[] = []) {
  return scenario({
    services: [service('api', 1000, { dist: 'constant', value: 0.001 })],
    clients: [openClient('agents', 'api', 0, { arrival })],
    duration,
    seed,
    faults,
  });
}

/** The times at which the client started its requests. */
function starts(arrival: Periodic, duration: number, seed = 1, faults: FaultConfig[] = []): number[] {
  const times: number[] = [];
  const observer = Object.assign(new NullObserver(), { requestStarted: (_c: number, t: number) => { times.push(t); } });
  const model = buildModel(world(arrival, duration, seed, faults), observer);
  model.start();
  model.sim.run();
  return times;
}

/** Requests per boundary k (boundary = phase + k·every), and the largest offset from its boundary. */
function perBoundary(times: number[], every: number, phase: number): { counts: number[]; maxOffset: number; minOffset: number } {
  const counts: number[] = [];
  let maxOffset = -Infinity;
  let minOffset = Infinity;
  for (const t of times) {
    const k = Math.floor((t - phase) / every + 1e-9);
    counts[k] = (counts[k] ?? 0) + 1;
    const offset = t - (phase + k * every);
    maxOffset = Math.max(maxOffset, offset);
    minOffset = Math.min(minOffset, offset);
  }
  return { counts, maxOffset, minOffset };
}

describe('periodic arrivals', () => {
  it('fire count requests per boundary phase + k·every, each within [boundary, boundary + jitter)', () => {
    const times = starts({ kind: 'periodic', every: 10, count: 100, jitter: 3, phase: 2 }, 35);
    const { counts, minOffset, maxOffset } = perBoundary(times, 10, 2);
    expect(counts).toEqual([100, 100, 100, 100]);
    expect(minOffset).toBeGreaterThanOrEqual(0);
    expect(maxOffset).toBeLessThan(3);
    // Spread over the window, not bunched: the offsets reach into both ends of it.
    expect(minOffset).toBeLessThan(0.1);
    expect(maxOffset).toBeGreaterThan(2.9);
  });

  it('without jitter, all requests of a boundary start at the boundary itself (synchronized)', () => {
    const times = starts({ kind: 'periodic', every: 60, count: 50, jitter: 0, phase: 0 }, 150);
    expect(times).toEqual([...Array(50).fill(0), ...Array(50).fill(60), ...Array(50).fill(120)]);
  });

  it('sends nothing at or after the duration: a boundary at the duration fires nothing, late offsets are dropped', () => {
    const times = starts({ kind: 'periodic', every: 10, count: 100, jitter: 10, phase: 0 }, 25);
    const { counts } = perBoundary(times, 10, 0);
    expect(counts.slice(0, 2)).toEqual([100, 100]);
    // Boundary 20's requests fall in [20, 30): about half before 25.
    expect(counts[2]).toBeGreaterThan(30);
    expect(counts[2]).toBeLessThan(70);
    expect(Math.max(...times)).toBeLessThan(25);
    expect(starts({ kind: 'periodic', every: 10, count: 5, jitter: 0, phase: 0 }, 20)).toHaveLength(10);
  });

  it('a load spike scales the count of the boundaries reached while it is active', () => {
    const spike: FaultConfig = { kind: 'load_spike', client: 'agents', factor: 2.5, at: 5, for: 10 };
    const { counts } = perBoundary(starts({ kind: 'periodic', every: 10, count: 10, jitter: 0, phase: 0 }, 30, 1, [spike]), 10, 0);
    expect(counts).toEqual([10, 25, 10]);
  });

  it('is deterministic: the same seed gives the same times, another seed other times', () => {
    const arrival: Periodic = { kind: 'periodic', every: 10, count: 200, jitter: 5, phase: 0 };
    expect(starts(arrival, 30, 7)).toEqual(starts(arrival, 30, 7));
    expect(starts(arrival, 30, 8)).not.toEqual(starts(arrival, 30, 7));
  });

  it('reports peak_rate for a periodic client only, the most requests started in one window per second', () => {
    const periodic = runScenario(world({ kind: 'periodic', every: 10, count: 300, jitter: 0, phase: 0 }, 30)).summary;
    expect(periodic.clients.agents.peak_rate).toBe(300);
    const open = runScenario(scenario({
      services: [service('api', 10, { dist: 'constant', value: 0.001 })], clients: [openClient('web', 'api', 100)], duration: 10,
    })).summary;
    expect(open.clients.web).not.toHaveProperty('peak_rate');
  });

  it('loads with jitter and phase 0s by default, and peak_rate is a metric an assertion may name', () => {
    const text = `name: p
duration: 120s
services: { api: { workers: 10, service_time: 1ms } }
clients:
  agents: { target: api, arrival: { kind: periodic, every: 60s, count: 10 } }
assert: ["clients.agents.peak_rate > 5"]
`;
    const loaded = loadScenario(text, 'p.yaml');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.scenario.clients[0].arrival).toEqual({ kind: 'periodic', every: 60, count: 10, jitter: 0, phase: 0 });
    const open = loadScenario(text.replace('{ kind: periodic, every: 60s, count: 10 }', '{ kind: open, rate: 1/s }'), 'p.yaml');
    expect(open.ok).toBe(false);
  });
});
