/**
 * One case of `npm run bench`, in a process of its own (bench.ts runs it, RUNS times per case).
 * It prints one JSON object on stdout.
 *
 * It runs built code with plain `node`, so that time and memory are what a user gets: bench.ts
 * bundles this file with esbuild (the options of scripts/build.mjs) into a temporary folder,
 * and the library itself is not in that bundle: the cases that a user can run go through the
 * package's own dist/index.js, loaded at run time from the path given as the first argument.
 * What the library does not export (the model without metrics, the engine, the hand-written
 * loop) is bundled from src/ here, compiled as dist/ is.
 *
 *   node child.mjs <path of dist/index.js> <case> [arguments]
 *
 * Cases:
 *   bench <requests> <capacity|null>  runScenario(benchScenario(...)), every metric on
 *   file <scenario.yaml> <requests>    loadScenario + runScenario of a file; `requests` (nominal) gives the rate
 *   model <requests> <capacity|null>   the model with a NullObserver: no metrics
 *   engine <requests>                  engine-only.ts
 *   typed <requests>                   typed-loop.ts
 *   memory <scenario.yaml>             memory per queued attempt (see queuedAttemptMemory); needs --expose-gc
 */
import { pathToFileURL } from 'node:url';
import type { RunResult, Scenario } from '../../src/index.ts';
import { buildModel } from '../../src/model/build.ts';
import { NullObserver } from '../../src/model/observer.ts';
import { benchScenario } from './bench-scenario.ts';
import { runEngineOnly } from './engine-only.ts';
import { runTypedLoop } from './typed-loop.ts';

type Library = typeof import('../../src/index.ts');

export interface Measurement {
  requests: number;
  /** The run alone: model built, run, summarised (for `file`, the scenario's loading too). */
  seconds: number;
  events: number;
  peakRssMb: number;
  note: string;
  /** The run's client figures (requests from the warm-up on), to compare with SimPy and the typed loop. */
  figures?: Figures;
}

export interface Figures {
  requests: number;
  attempts: number;
  succeeded: number;
  goodput_ratio: number;
  amplification: number;
  /** Seconds. */
  latency_mean: number;
}

export interface MemoryMeasurement {
  /** Simulated time of the sample: the last progress report before the end of arrivals. */
  t: number;
  /** Attempts queued at that moment. */
  queue: number;
  /** heapUsed + external (after a full GC), and RSS, above the baseline, in bytes. */
  heapGrowth: number;
  rssGrowth: number;
  /** The estimate from the slope over every sample of the storm (see queuedAttemptMemory). */
  slope: number | null;
  samples: number;
  peakRssMb: number;
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

function timed<T>(run: () => T): { value: T; seconds: number } {
  const start = process.hrtime.bigint();
  const value = run();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

function figures(r: RunResult): Figures {
  const c = Object.values(r.summary.clients)[0];
  return {
    requests: c.requests,
    attempts: c.attempts,
    succeeded: c.succeeded,
    goodput_ratio: c.goodput_ratio ?? NaN,
    amplification: c.amplification ?? NaN,
    latency_mean: c.latency.mean ?? NaN,
  };
}

function noteOf(r: RunResult): string {
  const f = figures(r);
  const storm = r.series.find((row) => row.entity.startsWith('services.') && (row.queue_len ?? 0) > 1000);
  return `goodput ${(f.goodput_ratio * 100).toFixed(1)}%${storm ? `, retry storm from t = ${storm.t_s} s` : ''}`;
}

function load(lib: Library, file: string): Scenario {
  const loaded = lib.loadScenario({ file });
  if (!loaded.ok) throw new Error(loaded.problems.map(lib.formatProblem).join('\n'));
  return loaded.scenario;
}

const capacityOf = (arg: string) => (arg === 'null' ? null : Number(arg));

function measure(lib: Library, kind: string, args: string[]): Measurement {
  const requests = Number(args[kind === 'file' ? 1 : 0]);
  if (kind === 'bench' || kind === 'file') {
    const { value: r, seconds } = timed(() => lib.runScenario(kind === 'file' ? load(lib, args[0]) : benchScenario(requests, capacityOf(args[1]))));
    return { requests, seconds, events: r.events, peakRssMb: peakRssMb(), note: noteOf(r), figures: figures(r) };
  }
  if (kind === 'model') {
    const { value: events, seconds } = timed(() => {
      const model = buildModel(benchScenario(requests, capacityOf(args[1])), new NullObserver());
      model.start();
      model.sim.run();
      return model.sim.eventsRun;
    });
    return { requests, seconds, events, peakRssMb: peakRssMb(), note: '' };
  }
  if (kind === 'engine') {
    const { value, seconds } = timed(() => runEngineOnly(requests));
    return { requests, seconds, events: value.events, peakRssMb: peakRssMb(), note: '' };
  }
  if (kind === 'typed') {
    const { value: r, seconds } = timed(() => runTypedLoop(requests));
    const f: Figures = {
      requests: r.requests,
      attempts: r.attempts,
      succeeded: r.succeeded,
      goodput_ratio: r.succeeded / r.requests,
      amplification: r.attempts / r.requests,
      latency_mean: r.latencySum / r.succeeded,
    };
    return { requests, seconds, events: r.events, peakRssMb: peakRssMb(), note: '', figures: f };
  }
  throw new Error(`unknown case ${kind}`);
}

/**
 * Memory per queued attempt in a storm whose queue grows for the rest of the arrivals (e.g.
 * scenarios/retry-storm.yaml): what a queued attempt costs, everything it keeps alive included
 * (its Attempt, its share of the Request, its slot in the queue's ring buffer).
 *
 * Method: the same process first runs the same scenario cut to a quarter of its length (for
 * retry-storm.yaml 75 s: the storm has begun), so that the code a storm runs is loaded and
 * compiled; a full GC (twice), then the baseline. Then the whole scenario, with a full GC and a
 * sample at each progress report (runScenario's onProgress, every 250,000 events) before the
 * end of arrivals. The judged figure is the growth at the last of those samples (the largest
 * queue) over the baseline, divided by the queue length at that moment: the growth holds the
 * queue and what grows with the run's length (one series row per entity per window, a few
 * hundred kilobytes against tens of megabytes), so it can only overstate the cost per attempt,
 * and by little. The queue length at a moment is read from the series (queue_len is each
 * window's time average: interpolated between window midpoints). Memory is heapUsed +
 * external: data moved into typed arrays (outside the JavaScript heap) still counts.
 * Beside it, the slope of memory against queue length over every sample of the storm: the
 * marginal cost, free of any fixed part, but blind to the ring buffer, which grows in steps.
 */
function queuedAttemptMemory(lib: Library, file: string): MemoryMeasurement {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const scenario = load(lib, file);
  lib.runScenario({ ...scenario, duration: scenario.duration / 4 });
  const sample = () => {
    gc();
    gc();
    const m = process.memoryUsage();
    return { heap: m.heapUsed + m.external, rss: m.rss };
  };
  const base = sample();
  const samples: { t: number; heap: number; rss: number }[] = [];
  const result = lib.runScenario(scenario, {
    onProgress: (t) => {
      if (t < scenario.duration) samples.push({ t, ...sample() });
    },
  });
  const queueAt = queueLength(result, scenario);
  const storm = samples.map((s) => ({ ...s, queue: queueAt(s.t) })).filter((s) => s.queue > 1000);
  if (storm.length === 0) throw new Error(`${file}: no progress report while the queue held over 1,000 attempts`);
  const last = storm[storm.length - 1];
  return {
    t: last.t,
    queue: last.queue,
    heapGrowth: last.heap - base.heap,
    rssGrowth: last.rss - base.rss,
    slope: storm.length < 2 ? null : slope(storm.map((s) => s.queue), storm.map((s) => s.heap)),
    samples: storm.length,
    peakRssMb: peakRssMb(),
  };
}

/** Queued attempts at time t, every service together, from the windows' time averages. */
function queueLength(result: RunResult, scenario: Scenario): (t: number) => number {
  const w = scenario.window;
  /** By window number k: the window [k·w, (k+1)·w) starts at t_s = k·w. */
  const byWindow = new Map<number, number>();
  const services = new Set(scenario.services.map((s) => `services.${s.name}`));
  for (const row of result.series) {
    if (!services.has(row.entity) || row.t_s === null) continue;
    const k = Math.round(row.t_s / w);
    byWindow.set(k, (byWindow.get(k) ?? 0) + (row.queue_len ?? 0));
  }
  return (t) => {
    // A window's queue_len averages the queue over the window: taken as the queue at its midpoint.
    const k = Math.max(0, Math.floor(t / w - 0.5));
    const a = byWindow.get(k) ?? 0;
    const b = byWindow.get(k + 1) ?? a;
    return a + (b - a) * (t / w - 0.5 - k);
  };
}

/** Least-squares slope of y against x. */
function slope(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  return sxy / sxx;
}

const [libPath, kind, ...args] = process.argv.slice(2);
const lib = (await import(pathToFileURL(libPath).href)) as Library;
const out = kind === 'memory' ? queuedAttemptMemory(lib, args[0]) : measure(lib, kind, args);
process.stdout.write(JSON.stringify(out));
