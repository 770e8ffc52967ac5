/**
 * The benchmark's queue written directly against the engine: M/M/8 at ρ = 0.9 (λ = 720/s,
 * exponential service with mean 10 ms), FIFO, unbounded, no timeouts, no retries, no model
 * objects and no metrics. What it costs is the engine's share (event heap, one event object per
 * event, random draws); the difference to the full benchmark is what the model and the metrics
 * cost. Its events per request (2: an arrival and a completion) are those of the bounded
 * benchmark, whose timeouts almost never fire.
 */
import type { EventHandler } from '../../src/engine/event-queue.ts';
import { rootStream, type RandomStream } from '../../src/engine/random.ts';
import { Simulation } from '../../src/engine/simulation.ts';
import { BENCH_RATE } from './bench-scenario.ts';

const WORKERS = 8;
const MEAN_SERVICE = 0.01;
const ARRIVAL = 0;
const DONE = 1;

class MMcQueue implements EventHandler {
  /** Arrival times of waiting requests, as a ring buffer (a number per request, no object). */
  private waiting = new Float64Array(1024);
  private head = 0;
  private count = 0;
  private busy = 0;
  private sent = 0;
  served = 0;
  private readonly arrivals: RandomStream;
  private readonly service: RandomStream;

  constructor(private readonly sim: Simulation, private readonly requests: number, seed: number) {
    const root = rootStream(seed);
    this.arrivals = root.fork('arrivals');
    this.service = root.fork('service');
  }

  start(): void {
    this.nextArrival();
  }

  handleEvent(tag: number): void {
    if (tag === ARRIVAL) {
      this.enqueue(this.sim.now);
      this.nextArrival();
    } else {
      this.busy--;
      this.served++;
    }
    this.dispatch();
  }

  private nextArrival(): void {
    if (this.sent++ >= this.requests) return;
    this.sim.scheduleIn(-Math.log(1 - this.arrivals.next()) / BENCH_RATE, this, ARRIVAL);
  }

  private enqueue(t: number): void {
    if (this.count === this.waiting.length) {
      const bigger = new Float64Array(this.waiting.length * 2);
      for (let i = 0; i < this.count; i++) bigger[i] = this.waiting[(this.head + i) & (this.waiting.length - 1)];
      this.waiting = bigger;
      this.head = 0;
    }
    this.waiting[(this.head + this.count) & (this.waiting.length - 1)] = t;
    this.count++;
  }

  private dispatch(): void {
    while (this.busy < WORKERS && this.count > 0) {
      this.head = (this.head + 1) & (this.waiting.length - 1);
      this.count--;
      this.busy++;
      this.sim.scheduleIn(-MEAN_SERVICE * Math.log(1 - this.service.next()), this, DONE);
    }
  }
}

/** Runs `requests` requests through the queue; returns the events the engine handled. */
export function runEngineOnly(requests: number, seed = 1): { events: number; served: number } {
  const sim = new Simulation();
  const queue = new MMcQueue(sim, requests, seed);
  queue.start();
  sim.run();
  return { events: sim.eventsRun, served: queue.served };
}
