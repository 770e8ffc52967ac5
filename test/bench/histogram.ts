/**
 * Micro benchmark of the streaming histogram, as the recorder uses it: every value bucketed once
 * and recorded twice (its window's histogram and the run's), three quantiles and a reset when a
 * window closes. Measured, never asserted.
 *
 *   node --import tsx test/bench/histogram.ts [histogram.ts ...]
 *
 * Give two versions (e.g. `git show HEAD~1:src/metrics/histogram.ts > /tmp/old-histogram.ts`)
 * to compare them in one process, rounds interleaved (A B, then B A, ...): this machine's speed
 * drifts from minute to minute (docs/performance.md), and both versions then see the same moods.
 * The median of the paired ratios is the figure to trust; best and median per version beside it.
 *
 * Workload: VALUES (10 million) draws of an exponential distribution with mean 10 ms (the bench
 * scenario's service time), windows of 720 values (720 requests/s, 1 s windows).
 */
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

/** One pass over the values: nanoseconds per value, and the run histogram (to check and to weigh). */
function pass(v: Version, values: Float64Array): { ns: number; run: HistogramLike; window: HistogramLike; sink: number } {
  const window = new v.Histogram();
  const run = new v.Histogram();
  let sink = 0;
  const start = process.hrtime.bigint();
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
  const ns = Number(process.hrtime.bigint() - start) / values.length;
  return { ns, run, window, sink };
}

/** Bytes of typed arrays a histogram holds (its counts), found without knowing its fields. */
function countsBytes(h: HistogramLike): number {
  return Object.values(h).reduce((sum: number, x) => sum + (ArrayBuffer.isView(x) ? x.byteLength : 0), 0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const paths = process.argv.slice(2);
  const versions: Version[] = [];
  for (const path of paths.length > 0 ? paths : ['src/metrics/histogram.ts']) versions.push(await load(path));
  const values = draws();
  console.log(`Node ${process.version}; ${VALUES.toLocaleString('en-US')} values, exponential, mean ${MEAN * 1000} ms; windows of ${WINDOW}; ${ROUNDS} rounds, interleaved`);
  const times = versions.map(() => [] as number[]);
  let last: ReturnType<typeof pass>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = versions.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    last = [];
    for (const i of order) {
      last[i] = pass(versions[i], values);
      times[i].push(last[i].ns);
    }
    console.log(`round ${round + 1}: ${versions.map((v, i) => `${times[i][round].toFixed(2)} ns`).join('  ')}`);
  }
  console.log('');
  versions.forEach((v, i) => {
    const { run, window } = last[i];
    const ratio = i === 0 ? '' : `; paired ratio to the first, median ${median(times[i].map((t, r) => t / times[0][r])).toFixed(3)}`;
    console.log(`${v.label}: best ${Math.min(...times[i]).toFixed(2)} ns/value, median ${median(times[i]).toFixed(2)}${ratio}`);
    console.log(`  counts: window ${countsBytes(window).toLocaleString('en-US')} B, run ${countsBytes(run).toLocaleString('en-US')} B; import (tsx and tables) ${v.importMs.toFixed(0)} ms`);
    console.log(`  run p50 ${run.quantile(0.5)} p99 ${run.quantile(0.99)} p999 ${run.quantile(0.999)} p0.001% ${run.quantile(0.00001)}`);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
