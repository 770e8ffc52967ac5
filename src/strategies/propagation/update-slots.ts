/**
 * The workflow's records of updates that have been sent at least once and are not finished
 * (waiting for an acknowledgement, backing off, or queued again), kept in typed arrays with a
 * free list: memory follows what is in flight, and no object is made per update. A first try
 * has no record until it leaves the sender (the queue holds only its node and change).
 *
 * An acknowledgement names the record and the send it answers (a handle = generation × 2^26 +
 * slot; the generation counts the sends made from the slot, modulo 2^26), so a late
 * acknowledgement of an earlier try, or of an earlier update that used the same slot, is told
 * apart and ignored, as a late response is ignored by attempt identity in Brooker's simulations.
 */
import { ColumnRing, regrow } from './typed-columns.ts';

const SLOT_SPAN = 2 ** 26;

/** What a record is doing. */
export const FREE = 0;
export const AWAITING = 1;
export const BACKING_OFF = 2;
export const QUEUED = 3;

export class UpdateSlots {
  node = new Int32Array(64);
  change = new Int32Array(64);
  /** Tries sent so far. */
  tries = new Int32Array(64);
  generation = new Int32Array(64);
  state = new Uint8Array(64);
  /** The current try was allowed by the retry budget (released when it ends). */
  budgeted = new Uint8Array(64);
  /** The backoff delay before the last retry (decorrelated jitter needs it). */
  lastDelay = new Float64Array(64);
  private free: number[] = [];
  private used = 0;

  allocate(node: number, change: number): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      if (this.used === this.node.length) this.grow();
      slot = this.used++;
    }
    if (slot >= SLOT_SPAN) throw new Error('more than 2^26 updates in flight at once');
    this.node[slot] = node;
    this.change[slot] = change;
    this.tries[slot] = 0;
    this.budgeted[slot] = 0;
    this.lastDelay[slot] = 0;
    this.state[slot] = QUEUED;
    return slot;
  }

  release(slot: number): void {
    this.state[slot] = FREE;
    this.free.push(slot);
  }

  /** A new send from `slot`: its handle. */
  send(slot: number): number {
    const generation = (this.generation[slot] + 1) % SLOT_SPAN;
    this.generation[slot] = generation;
    this.tries[slot]++;
    this.state[slot] = AWAITING;
    return generation * SLOT_SPAN + slot;
  }

  /** The slot of a handle if that send is still the one awaited, else -1. */
  awaited(handle: number): number {
    const slot = handle % SLOT_SPAN;
    const generation = (handle - slot) / SLOT_SPAN;
    return this.state[slot] === AWAITING && this.generation[slot] === generation ? slot : -1;
  }

  private grow(): void {
    const size = this.node.length * 2;
    this.node = regrow(this.node, size);
    this.change = regrow(this.change, size);
    this.tries = regrow(this.tries, size);
    this.generation = regrow(this.generation, size);
    this.state = regrow(this.state, size);
    this.budgeted = regrow(this.budgeted, size);
    this.lastDelay = regrow(this.lastDelay, size);
  }
}

/**
 * Acknowledgement deadlines. They all have one length, so they fall due in the order the updates
 * were sent: a FIFO of (handle, deadline) and one timer for its head replace an event per update.
 */
export class DeadlineQueue extends ColumnRing {
  private handles = new Float64Array(16);
  private deadlines = new Float64Array(16);

  push(handle: number, deadline: number): void {
    const i = this.pushIndex();
    this.handles[i] = handle;
    this.deadlines[i] = deadline;
  }

  headHandle(): number {
    return this.handles[this.oldestIndex()];
  }

  headDeadline(): number {
    return this.deadlines[this.oldestIndex()];
  }

  shift(): void {
    this.shiftIndex();
  }

  protected regrowColumns(size: number, head: number, count: number): void {
    this.handles = regrow(this.handles, size, head, count);
    this.deadlines = regrow(this.deadlines, size, head, count);
  }
}
