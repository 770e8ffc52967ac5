/**
 * The entries of a look-aside cache: at most `capacity` keys, evicted least recently used first,
 * each expiring `ttl` after it was filled (docs/caches.md). Driven by the caller's clock (`now`
 * is passed in), so the theory tests can run it alone on a scripted clock.
 *
 * Recency: a hit or a fill makes an entry the most recently used; an expired entry looked up is
 * not promoted (it answered nothing). The TTL runs from the fill: a hit does not extend it, as a
 * memcached item's expiry is set by the `set` that stored it. An expired entry is removed when
 * it is next looked up (memcached's lazy expiry), unless `keepsStale`: then it stays, for
 * serve-stale, until it is evicted, refilled or flushed.
 *
 * Layout: slots 0..capacity-1 in typed arrays, a doubly linked list through them in recency
 * order (a sentinel at index `capacity`), and a Map from key to slot. O(1) per operation, and
 * memory bounded by the capacity, not by the number of keys.
 */

/** What a lookup found. */
export const FRESH = 0;
/** Present but expired (only when stale entries are kept). */
export const STALE = 1;
export const ABSENT = 2;

export class CacheStore {
  private readonly slotOf = new Map<number, number>();
  private readonly keys: Int32Array;
  private readonly filledAt: Float64Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  /** Slots freed by a flush, reused before new ones. */
  private readonly free: number[] = [];
  private used = 0;
  private readonly head: number;

  /** `ttl`: Infinity for none. `onEvict` is told of every entry evicted to make room. */
  constructor(readonly capacity: number, private readonly ttl: number, private readonly keepsStale: boolean, private readonly onEvict: () => void = () => {}) {
    this.keys = new Int32Array(capacity);
    this.filledAt = new Float64Array(capacity);
    this.prev = new Int32Array(capacity + 1);
    this.next = new Int32Array(capacity + 1);
    this.head = capacity;
    this.prev[capacity] = this.next[capacity] = capacity;
  }

  get size(): number {
    return this.slotOf.size;
  }

  /** FRESH (and the entry becomes the most recently used), STALE or ABSENT. */
  lookup(key: number, now: number): number {
    const slot = this.slotOf.get(key);
    if (slot === undefined) return ABSENT;
    if (now < this.filledAt[slot] + this.ttl) {
      this.unlink(slot);
      this.pushFront(slot);
      return FRESH;
    }
    if (this.keepsStale) return STALE;
    this.remove(key, slot);
    return ABSENT;
  }

  /** Whether the key has an entry, fresh or not (serve-stale asks after a failed fetch). */
  has(key: number): boolean {
    return this.slotOf.has(key);
  }

  /** Stores `key` as filled now, the most recently used; evicts the least recently used to make room. */
  fill(key: number, now: number): void {
    let slot = this.slotOf.get(key);
    if (slot !== undefined) this.unlink(slot);
    else {
      if (this.slotOf.size >= this.capacity) {
        const oldest = this.prev[this.head];
        this.remove(this.keys[oldest], oldest);
        this.onEvict();
      }
      slot = this.free.length > 0 ? (this.free.pop() as number) : this.used++;
      this.keys[slot] = key;
      this.slotOf.set(key, slot);
    }
    this.filledAt[slot] = now;
    this.pushFront(slot);
  }

  /**
   * Removes the entries `lost` says are lost (all of them when it is null), in recency order;
   * returns how many.
   */
  flush(lost: ((key: number) => boolean) | null): number {
    if (lost === null) {
      const n = this.slotOf.size;
      this.slotOf.clear();
      this.free.length = 0;
      this.used = 0;
      this.prev[this.head] = this.next[this.head] = this.head;
      return n;
    }
    let n = 0;
    for (let slot = this.next[this.head]; slot !== this.head;) {
      const after = this.next[slot];
      if (lost(this.keys[slot])) {
        this.remove(this.keys[slot], slot);
        n++;
      }
      slot = after;
    }
    return n;
  }

  private remove(key: number, slot: number): void {
    this.unlink(slot);
    this.slotOf.delete(key);
    this.free.push(slot);
  }

  private unlink(slot: number): void {
    const p = this.prev[slot];
    const n = this.next[slot];
    this.next[p] = n;
    this.prev[n] = p;
  }

  private pushFront(slot: number): void {
    const first = this.next[this.head];
    this.prev[slot] = this.head;
    this.next[slot] = first;
    this.prev[first] = slot;
    this.next[this.head] = slot;
  }
}
