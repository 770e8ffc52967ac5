/**
 * A binary min-heap of scheduled events ordered by (time, sequence number). The sequence number
 * is unique and increasing, so events at the same time come out in the order they were
 * scheduled: ties are FIFO and never depend on payloads (SimPy's (time, priority, id) rule).
 *
 * It allocates nothing per event. The heap is three parallel typed arrays (time, sequence, slot)
 * and an event's handler, tag, data and flag live in a slot, taken from a free list and given
 * back when the event comes out. A simulation runs millions of events a second through here,
 * and one object per event was, with its garbage, the largest single cost of the engine
 * (docs/performance.md). Arrays grow by doubling and never shrink: their size is the most events
 * ever pending at once, which is bounded by the work in flight, not by the length of the run.
 *
 * An event is named by its slot and the slot's generation (how often the slot has been taken),
 * so an id stays unique after its slot is reused: cancelling an event that has already run or
 * been cancelled finds its slot free or taken by a later event, and changes nothing. A cancelled
 * event stays in the heap, marked, and is skipped when it comes out (lazy cancellation).
 */

/** Whoever receives an event; `tag` says which of its events it is (its own vocabulary). */
export interface EventHandler {
  handleEvent(tag: number, data: unknown): void;
}

const INITIAL_CAPACITY = 64;
/** Most events pending at once; an id is generation × SLOT_LIMIT + slot, below 2^53. */
const SLOT_LIMIT = 2 ** 22;
/** Generations wrap here: 2^31 × SLOT_LIMIT = 2^53. */
const GENERATION_MASK = 0x7fffffff;

// What a slot holds.
const FREE = 0;
const PENDING = 1;
const CANCELLED = 2;

export class EventQueue {
  /** Events waiting. */
  size = 0;

  // The heap, in heap order: an event's time and sequence number are kept beside its slot so
  // that comparisons read two contiguous arrays instead of chasing the slot.
  private heapTime = new Float64Array(INITIAL_CAPACITY);
  private heapSeq = new Float64Array(INITIAL_CAPACITY);
  private heapSlot = new Int32Array(INITIAL_CAPACITY);

  // The slots, indexed by slot.
  private handlers: (EventHandler | undefined)[] = new Array(INITIAL_CAPACITY).fill(undefined);
  private payloads: unknown[] = new Array(INITIAL_CAPACITY).fill(undefined);
  private tags = new Int32Array(INITIAL_CAPACITY);
  private backgrounds = new Uint8Array(INITIAL_CAPACITY);
  private states = new Uint8Array(INITIAL_CAPACITY);
  private generations = new Uint32Array(INITIAL_CAPACITY);
  /** Free slots, as a stack; initially every slot, the lowest on top. */
  private free = Int32Array.from({ length: INITIAL_CAPACITY }, (_, i) => INITIAL_CAPACITY - 1 - i);
  private freeCount = INITIAL_CAPACITY;

  // The event last taken by pop(), read by the caller before the next pop.
  time = 0;
  seq = 0;
  tag = 0;
  handler: EventHandler | undefined = undefined;
  data: unknown = undefined;
  background = false;
  /** Cancelled after it was scheduled: to be skipped. */
  cancelled = false;

  /** Time of the next event (Infinity when none is waiting). */
  peekTime(): number {
    return this.size === 0 ? Infinity : this.heapTime[0];
  }

  /** Schedules an event; returns its id, for cancel(). */
  push(time: number, seq: number, handler: EventHandler, tag: number, data: unknown, background: boolean): number {
    if (this.freeCount === 0) this.grow();
    const slot = this.free[--this.freeCount];
    this.handlers[slot] = handler;
    this.payloads[slot] = data;
    this.tags[slot] = tag;
    this.backgrounds[slot] = background ? 1 : 0;
    this.states[slot] = PENDING;
    const generation = (this.generations[slot] = (this.generations[slot] + 1) & GENERATION_MASK);

    const heapTime = this.heapTime;
    const heapSeq = this.heapSeq;
    const heapSlot = this.heapSlot;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = heapTime[parent];
      if (pt < time || (pt === time && heapSeq[parent] < seq)) break;
      heapTime[i] = pt;
      heapSeq[i] = heapSeq[parent];
      heapSlot[i] = heapSlot[parent];
      i = parent;
    }
    heapTime[i] = time;
    heapSeq[i] = seq;
    heapSlot[i] = slot;
    return generation * SLOT_LIMIT + slot;
  }

  /**
   * Marks a pending event cancelled, and says whether it was a foreground or a background one;
   * null when `id` names no pending event (it ran, it was cancelled, or it is no id at all).
   */
  cancel(id: number): 'foreground' | 'background' | null {
    if (!(id >= 0)) return null;
    const slot = id % SLOT_LIMIT;
    if (this.states[slot] !== PENDING || this.generations[slot] !== (id - slot) / SLOT_LIMIT) return null;
    this.states[slot] = CANCELLED;
    return this.backgrounds[slot] === 1 ? 'background' : 'foreground';
  }

  /**
   * Takes the next event into the fields time, seq, tag, handler, data, background and
   * cancelled; false when empty.
   */
  pop(): boolean {
    if (this.size === 0) return false;
    const heapTime = this.heapTime;
    const heapSeq = this.heapSeq;
    const heapSlot = this.heapSlot;
    const slot = heapSlot[0];
    this.time = heapTime[0];
    this.seq = heapSeq[0];
    this.tag = this.tags[slot];
    this.handler = this.handlers[slot];
    this.data = this.payloads[slot];
    this.background = this.backgrounds[slot] === 1;
    this.cancelled = this.states[slot] === CANCELLED;
    this.states[slot] = FREE;
    this.handlers[slot] = undefined;
    this.payloads[slot] = undefined;
    this.free[this.freeCount++] = slot;

    const n = --this.size;
    if (n === 0) return true;
    // Sift the last element down from the root.
    const time = heapTime[n];
    const seq = heapSeq[n];
    const last = heapSlot[n];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let ct = heapTime[child];
      const right = child + 1;
      if (right < n) {
        const rt = heapTime[right];
        if (rt < ct || (rt === ct && heapSeq[right] < heapSeq[child])) {
          child = right;
          ct = rt;
        }
      }
      if (time < ct || (time === ct && seq < heapSeq[child])) break;
      heapTime[i] = ct;
      heapSeq[i] = heapSeq[child];
      heapSlot[i] = heapSlot[child];
      i = child;
    }
    heapTime[i] = time;
    heapSeq[i] = seq;
    heapSlot[i] = last;
    return true;
  }

  /** Doubles every array; the new slots go on the free list. */
  private grow(): void {
    const old = this.heapSlot.length;
    const size = old * 2;
    if (size > SLOT_LIMIT) throw new Error(`more than ${SLOT_LIMIT.toLocaleString('en-US')} events pending at once`);
    this.heapTime = grown(this.heapTime, new Float64Array(size));
    this.heapSeq = grown(this.heapSeq, new Float64Array(size));
    this.heapSlot = grown(this.heapSlot, new Int32Array(size));
    this.tags = grown(this.tags, new Int32Array(size));
    this.backgrounds = grown(this.backgrounds, new Uint8Array(size));
    this.states = grown(this.states, new Uint8Array(size));
    this.generations = grown(this.generations, new Uint32Array(size));
    this.handlers = copied(this.handlers, size);
    this.payloads = copied(this.payloads, size);
    this.free = new Int32Array(size);
    for (let i = 0; i < old; i++) this.free[i] = size - 1 - i;
    this.freeCount = old;
  }
}

/** A packed array (no holes, so V8 keeps its fast elements kind) of `size`, `from` first. */
function copied<T>(from: T[], size: number): T[] {
  const to = new Array<T>(size).fill(undefined as T);
  for (let i = 0; i < from.length; i++) to[i] = from[i];
  return to;
}

function grown<T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
