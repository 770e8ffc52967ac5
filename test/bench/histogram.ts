/**
 * Micro benchmark of the streaming histogram, as the recorder uses it: every value bucketed once
 * and recorded twice (its window's histogram and the run's), three quantiles and a reset when a
 * window closes. Measured, never asserted.
 *
 *   node --import tsx test/bench/histogram.ts [histogram.ts ...]
 *
 * Give two versions (e.g. `git show HEAD~1:src/metrics/histogram.ts > /tmp/old-histogram.ts`)
 * to compare them, rounds interleaved (A B, then B A, ...): this machine's speed drifts from
 * minute to minute (docs/performance.md), and both versions then see the same moods. The median
 * of the paired ratios is the figure to trust; best and median per version beside it. A copy of
 * the first version, given as a third, shows the noise floor (its ratio should be ~1.00).
 *
 * Each pass runs in a child process of its own, after a warm-up pass: in one process the loop's
 * call sites saw every version's classes and the JIT favoured one (two copies of one file came
 * out 7-10% apart). Time is CPU time, not wall time: with other work on the machine, wall times
 * of one version ranged from 15 to 30 ns a value, CPU times within 10%.
 *
 * Workload: VALUES (10 million) draws of an exponential distribution with mean 10 ms (the bench
 * scenario's service time), windows of 720 values (720 requests/s, 1 s windows).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RandomStream } from '../../src/engine/random.ts';

const VALUES = Number(process.env.HIST_VALUES ?? 10_000_000);
const ROUNDS = Number(process.env.HIST_ROUNDS ?? 7);
const WINDOW = 720;
const MEAN = 0.01;

interface HistogramLike {
  recordIn(bucket: number, value: number): void;
  quantile(q: number): number;
  reset(): void;
  count: number;
}

interface Version {
  label: string;
  bucketOf: (value: number) => number;
  Histogram: new () => HistogramLike;
  importMs: number;
}

async function load(path: string): Promise<Version> {
  const start = performance.now();
  const module = await import(path.startsWith('/') ? path : new URL(`../../${path}`, import.meta.url).href);
  return { label: path, bucketOf: module.bucketOf, Histogram: module.Histogram, importMs: performance.now() - start };
}

function draws(): Float64Array {
  const rng = new RandomStream(1, 'histogram-bench');
  const values = new Float64Array(VALUES);
  for (let i = 0; i < VALUES; i++) values[i] = -MEAN * Math.log(1 - rng.next());
  return values;
}

/**
 * One pass over the values: CPU nanoseconds per value (user + system: time the process spent
 * descheduled, as other work on the machine takes the CPUs, is not counted), and the histograms.
 */
function pass(v: Version, values: Float64Array): { ns: number; run: HistogramLike; window: HistogramLike; sink: number } {
  const window = new v.Histogram();
  const run = new v.Histogram();
  let sink = 0;
  const start = process.cpuUsage();
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const bucket = v.bucketOf(value);
    window.recordIn(bucket, value);
    run.recordIn(bucket, value);
    if (window.count === WINDOW) {
      sink += window.quantile(0.5) + window.quantile(0.99) + window.quantile(0.999);
      window.reset();
    }
  }
  const used = process.cpuUsage(start);
  const ns = ((used.user + used.system) * 1000) / values.length;
  return { ns, run, window, sink };
}

/** Bytes of typed arrays a histogram holds (its counts), found without knowing its fields. */
function countsBytes(h: HistogramLike): number {
  return Object.values(h).reduce((sum: number, x) => sum + (ArrayBuffer.isView(x) ? x.byteLength : 0), 0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface PassResult {
  ns: number;
  windowBytes: number;
  runBytes: number;
  importMs: number;
  quantiles: number[];
  /** The windows' quantiles added up: used, so that no optimiser can drop them. */
  sink: number;
}

/** In a child: load one version, warm up on a tenth of the values, then time a pass over all. */
async function child(path: string): Promise<void> {
  const v = await load(path);
  const values = draws();
  pass(v, values.subarray(0, values.length / 10));
  const { ns, run, window, sink } = pass(v, values);
  const result: PassResult = {
    ns, windowBytes: countsBytes(window), runBytes: countsBytes(run), importMs: v.importMs,
    quantiles: [0.5, 0.99, 0.999, 0.00001].map((q) => run.quantile(q)), sink,
  };
  console.log(JSON.stringify(result));
}

function inChild(path: string): PassResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'child', path], { encoding: 'utf8' });
  return JSON.parse(out) as PassResult;
}

function main(): void {
  const paths = process.argv.slice(2);
  if (paths.length === 0) paths.push('src/metrics/histogram.ts');
  console.log(`Node ${process.version}; ${VALUES.toLocaleString('en-US')} values, exponential, mean ${MEAN * 1000} ms; windows of ${WINDOW}; ${ROUNDS} rounds, interleaved`);
  const results = paths.map(() => [] as PassResult[]);
  for (let round = 0; round < ROUNDS; round++) {
    const order = paths.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) results[i].push(inChild(paths[i]));
    console.log(`round ${round + 1}: ${results.map((r) => `${r[round].ns.toFixed(2)} ns`).join('  ')}`);
  }
  console.log('');
  paths.forEach((path, i) => {
    const times = results[i].map((r) => r.ns);
    const ratio = i === 0 ? '' : `; paired ratio to the first, median ${median(times.map((t, r) => t / results[0][r].ns)).toFixed(3)}`;
    const { windowBytes, runBytes, quantiles } = results[i][0];
    console.log(`${path}: best ${Math.min(...times).toFixed(2)} CPU ns/value, median ${median(times).toFixed(2)}${ratio}`);
    console.log(`  counts: window ${windowBytes.toLocaleString('en-US')} B, run ${runBytes.toLocaleString('en-US')} B; import (tsx and tables) median ${median(results[i].map((r) => r.importMs)).toFixed(0)} ms`);
    console.log(`  run p50 ${quantiles[0]} p99 ${quantiles[1]} p999 ${quantiles[2]} p0.001% ${quantiles[3]}`);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === 'child') await child(process.argv[3]);
  else main();
}
