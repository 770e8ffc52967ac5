/**
 * A binary min-heap of scheduled events ordered by (time, sequence number). The sequence number
 * is unique and increasing, so events at the same time come out in the order they were
 * scheduled: ties are FIFO and never depend on payloads (SimPy's (time, priority, id) rule).
 */

/** Whoever receives an event; `tag` says which of its events it is (its own vocabulary). */
export interface EventHandler {
  handleEvent(tag: number, data: unknown): void;
}

export class ScheduledEvent {
  declare readonly time: number;
  declare readonly seq: number;
  declare readonly handler: EventHandler;
  declare readonly tag: number;
  declare readonly data: unknown;
  /** A background event does not keep a run going on its own (see Simulation.run). */
  declare readonly background: boolean;
  declare cancelled: boolean;

  // `declare` fields emit no code: each field is assigned once, here. Parameter properties or
  // field declarations would, under ES2022 class-field semantics, first define every field as
  // undefined and then assign it (twice the stores, and a double boxed anew at each event).
  constructor(time: number, seq: number, handler: EventHandler, tag: number, data: unknown, background: boolean) {
    this.time = time;
    this.seq = seq;
    this.handler = handler;
    this.tag = tag;
    this.data = data;
    this.background = background;
    this.cancelled = false;
  }
}

function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

export class EventQueue {
  private readonly heap: ScheduledEvent[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): ScheduledEvent | undefined {
    return this.heap[0];
  }

  push(event: ScheduledEvent): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (!before(event, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = event;
  }

  pop(): ScheduledEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) this.siftDown(last);
    return top;
  }

  private siftDown(event: ScheduledEvent): void {
    const heap = this.heap;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right], heap[left]) ? right : left;
      if (!before(heap[child], event)) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = event;
  }
}
