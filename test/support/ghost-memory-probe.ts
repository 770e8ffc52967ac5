/**
 * Run by ghost-memory.test.ts in a process of its own: node --expose-gc --import tsx <this file>.
 * A retry storm whose queue grows to hundreds of thousands of abandoned attempts; the live heap
 * (after full GCs, typed arrays included) is read before the model is built, when arrivals stop
 * (the queue at its longest) and after the queue has drained. Prints them as JSON.
 */
import { buildModel } from '../../src/model/build.ts';
import { NullObserver, type ModelObserver } from '../../src/model/observer.ts';
import { openClient, scenario, service } from './scenarios.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

/** Nothing recorded but the queue's length: the measure must not grow with the run, as a recorder's rows do. */
let queueLength = 0;
const observer: ModelObserver = new NullObserver();
observer.queueChanged = (_service, _t, length) => {
  queueLength = length;
};

/**
 * The live heap, with the memory of typed arrays (the queue keeps ghosts' numbers in them). Two
 * full GCs: the memory of a typed array is released by the collection after the one that found
 * it unreachable.
 */
function liveHeap(): number {
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

// retry-storm.yaml, shorter: a 2x slowdown tips 800 requests/s with four attempts each on a
// 200 ms timeout into a storm that offers 3,200 attempts/s to 1,000/s of capacity.
const s = scenario({
  services: [service('api', 10, { dist: 'exponential', mean: 0.01 })],
  clients: [
    openClient('web', 'api', 800, {
      timeout: 0.2,
      retry: { maxAttempts: 4, retryOn: ['timeout', 'rejected', 'error'], backoff: { kind: 'none' }, budget: null },
    }),
  ],
  faults: [{ kind: 'slowdown', service: 'api', factor: 2, at: 5, for: 10 }],
  duration: 150,
});
const before = liveHeap();
const model = buildModel(s, observer);
model.start();
model.sim.run({ until: s.duration });
const atLongest = liveHeap();
const queued = queueLength;
model.sim.run();
const drained = liveHeap();
console.log(JSON.stringify({ queued, atLongest: atLongest - before, drained: drained - before, left: queueLength }));
