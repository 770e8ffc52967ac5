/**
 * The standard benchmark (standard.yaml) written by hand: one loop over typed arrays, no event
 * engine, no model objects, no metrics beyond four counters. It is the floor against which the
 * simulator's cost is measured: what the same model costs when nothing is general.
 *
 * The model, as the simulator runs it with `cancel_on_timeout: true`: Poisson arrivals at 720/s
 * until 1,000,000 / 720 s; a FIFO queue in front of 8 workers, exponential service (10 ms mean)
 * drawn when service starts; each attempt times out 100 ms after it is sent, and is then
 * dropped at once, from the queue or from its worker (which takes the next queued attempt at
 * once); a timed-out first attempt is retried at once, a timed-out retry fails the request.
 *
 * It draws from the simulator's own random streams (src/engine/random.ts, forked by the same
 * labels as src/model/build.ts) and makes its draws in the simulator's order (a freed worker
 * takes queued work before the retry arrives), so it reproduces the simulator's run draw for
 * draw: its counts equal summary.json's (the bench prints both). That is the check that the
 * floor is the same model, not a cheaper one. The generator costs the same in both, so the
 * comparison measures structure, not the choice of generator.
 *
 * Structure: every timeout is the same length, so timeouts expire in the order attempts were
 * sent: a FIFO ring of attempts replaces a timer per attempt. Eight workers are scanned for the
 * next completion. The next event is the earliest of the next arrival, the next completion and
 * the oldest pending deadline. Attempts live in slots of typed arrays, reused through a free
 * list; a slot is freed when nothing refers to it any more (its deadline has passed, and it is
 * neither at work nor in the queue).
 */
import { rootStream, type RandomStream } from '../../src/engine/random.ts';

const RATE = 720;
const WORKERS = 8;
const MEAN_SERVICE = 0.01;
const TIMEOUT = 0.1;
const MAX_ATTEMPTS = 2;
const WARMUP = 10;

// An attempt slot's phase.
const FREE = 0;
const QUEUED = 1;
const WORKING = 2;
/** Served in time; the slot waits for its deadline to leave the timeout FIFO. */
const SERVED = 3;
/** Timed out while queued; the slot waits for the queue to reach it. */
const ABANDONED = 4;

export interface LoopResult {
  /** Requests started from the warm-up on, and their attempts and successes (as summary.json counts them). */
  requests: number;
  attempts: number;
  succeeded: number;
  /** Sum of the latencies of those successes, in seconds. */
  latencySum: number;
  /** Arrivals, completions and timeouts handled. */
  events: number;
}

/** A FIFO of slot numbers in a growable ring. */
class Ring {
  items = new Int32Array(1024);
  head = 0;
  length = 0;

  push(slot: number): void {
    if (this.length === this.items.length) {
      const bigger = new Int32Array(this.items.length * 2);
      for (let i = 0; i < this.length; i++) bigger[i] = this.items[(this.head + i) & (this.items.length - 1)];
      this.items = bigger;
      this.head = 0;
    }
    this.items[(this.head + this.length++) & (this.items.length - 1)] = slot;
  }

  peek(): number {
    return this.items[this.head];
  }

  shift(): number {
    const slot = this.items[this.head];
    this.head = (this.head + 1) & (this.items.length - 1);
    this.length--;
    return slot;
  }
}

/**
 * The loop's state. A class, not closures made per run: a closure made afresh for each run is
 * a new call target, and the optimised code of the last run is thrown away at the first call.
 */
class TypedLoop {
  // Attempts, by slot.
  private capacity = 1024;
  private startedAt = new Float64Array(this.capacity);
  private deadline = new Float64Array(this.capacity);
  private phase = new Uint8Array(this.capacity);
  private tries = new Uint8Array(this.capacity);
  private worker = new Int8Array(this.capacity);
  private free = new Int32Array(this.capacity);
  private freeCount = 0;

  private readonly queue = new Ring();
  private readonly timeouts = new Ring();
  /** When each worker's attempt completes; Infinity when it is idle. */
  private readonly doneAt = new Float64Array(WORKERS).fill(Infinity);
  private readonly workSlot = new Int32Array(WORKERS);
  private busy = 0;
  /**
   * The simulated time, in a typed array's cell: a double passed to a function that is not
   * inlined is a heap box, an allocation per call. So only slot numbers cross function
   * boundaries. (Measured, Node 20: the allocation left, the loop's doubles boxed by the
   * on-stack-replaced code of a loop entered once and the random streams' fields, costs nothing
   * measurable: moving them all into typed arrays removed it and left the time as it was.)
   */
  private readonly clock = new Float64Array(1);
  private readonly arrivals: RandomStream;
  private readonly service: RandomStream;

  constructor(private readonly duration: number, seed: number) {
    const root = rootStream(seed);
    this.arrivals = root.fork('client:load').fork('arrivals');
    this.service = root.fork('service:server').fork('service_time');
    this.addSlots(0);
  }

  run(): LoopResult {
    const { queue, timeouts, doneAt, workSlot, clock, arrivals, duration } = this;
    let counted = 0;
    let attempts = 0;
    let succeeded = 0;
    let latencySum = 0;
    let events = 0;
    let nextArrival = -Math.log(1 - arrivals.next()) / RATE;
    if (!(nextArrival < duration)) nextArrival = Infinity;

    for (;;) {
      let w = -1;
      let completion = Infinity;
      for (let i = 0; i < WORKERS; i++) {
        if (doneAt[i] < completion) {
          completion = doneAt[i];
          w = i;
        }
      }
      // The oldest deadline still pending; slots served in time leave the FIFO here.
      while (timeouts.length > 0 && this.phase[timeouts.peek()] === SERVED) this.release(timeouts.shift());
      const expiry = timeouts.length > 0 ? this.deadline[timeouts.peek()] : Infinity;

      if (nextArrival <= completion && nextArrival <= expiry) {
        if (nextArrival === Infinity) break;
        const now = nextArrival;
        clock[0] = now;
        this.send(-1);
        const at = now + -Math.log(1 - arrivals.next()) / RATE;
        nextArrival = at < duration ? at : Infinity;
      } else if (completion <= expiry) {
        const now = completion;
        clock[0] = now;
        const slot = workSlot[w];
        doneAt[w] = Infinity;
        this.busy--;
        this.phase[slot] = SERVED;
        this.dispatch();
        const start = this.startedAt[slot];
        if (start >= WARMUP) {
          counted++;
          attempts += this.tries[slot];
          succeeded++;
          latencySum += now - start;
        }
      } else {
        clock[0] = expiry;
        const slot = timeouts.shift();
        const working = this.phase[slot] === WORKING;
        if (working) {
          doneAt[this.worker[slot]] = Infinity;
          this.busy--;
          this.dispatch();
        } else this.phase[slot] = ABANDONED;
        if (this.tries[slot] < MAX_ATTEMPTS) this.send(slot);
        else if (this.startedAt[slot] >= WARMUP) {
          counted++;
          attempts += this.tries[slot];
        }
        // Freed only now, so that send() could copy the request's start from it.
        if (working) this.release(slot);
      }
      events++;
    }
    return { requests: counted, attempts, succeeded, latencySum, events };
  }

  /** Sends a request's first attempt (`first` = -1) or the retry of the attempt in slot `first`. */
  private send(first: number): void {
    if (this.freeCount === 0) this.addSlots(this.capacity);
    const slot = this.free[--this.freeCount];
    const now = this.clock[0];
    this.startedAt[slot] = first < 0 ? now : this.startedAt[first];
    this.tries[slot] = first < 0 ? 1 : this.tries[first] + 1;
    this.deadline[slot] = now + TIMEOUT;
    this.timeouts.push(slot);
    // Queued work waits only while every worker is busy (dispatch is eager).
    if (this.busy < WORKERS) this.startWork(slot);
    else {
      this.phase[slot] = QUEUED;
      this.queue.push(slot);
    }
  }

  /** Free workers take queued attempts; those that timed out in the queue are skipped here. */
  private dispatch(): void {
    while (this.busy < WORKERS && this.queue.length > 0) {
      const slot = this.queue.shift();
      if (this.phase[slot] === ABANDONED) this.release(slot);
      else this.startWork(slot);
    }
  }

  private startWork(slot: number): void {
    const doneAt = this.doneAt;
    let w = 0;
    while (doneAt[w] !== Infinity) w++;
    this.phase[slot] = WORKING;
    this.worker[slot] = w;
    doneAt[w] = this.clock[0] + -MEAN_SERVICE * Math.log(1 - this.service.next());
    this.workSlot[w] = slot;
    this.busy++;
  }

  private release(slot: number): void {
    this.phase[slot] = FREE;
    this.free[this.freeCount++] = slot;
  }

  /** Grows the slot arrays by `more` slots (the first call: 0, the initial ones) and frees the new ones. */
  private addSlots(more: number): void {
    const old = this.capacity;
    const size = old + more;
    if (more > 0) {
      const f64 = (a: Float64Array) => {
        const b = new Float64Array(size);
        b.set(a);
        return b;
      };
      this.startedAt = f64(this.startedAt);
      this.deadline = f64(this.deadline);
      const u8 = (a: Uint8Array) => {
        const b = new Uint8Array(size);
        b.set(a);
        return b;
      };
      this.phase = u8(this.phase);
      this.tries = u8(this.tries);
      const w8 = new Int8Array(size);
      w8.set(this.worker);
      this.worker = w8;
      this.free = new Int32Array(size);
      this.capacity = size;
    }
    // Every slot is in use when this is called (or none exists yet): the free list is the new ones.
    const first = more > 0 ? old : 0;
    this.freeCount = 0;
    for (let slot = size - 1; slot >= first; slot--) this.free[this.freeCount++] = slot;
  }
}

/** Runs the standard benchmark's model for `requests` requests (1,000,000 / 720 s of arrivals). */
export function runTypedLoop(requests: number, seed = 1): LoopResult {
  return new TypedLoop(requests / RATE, seed).run();
}
