/**
 * Every change made to the table, and which live nodes do not reflect it yet. Change ids count
 * up from 0 in the order changes are made, so "made before" is "smaller id".
 *
 * Per change: when it was made, its entry, the previous change of the same entry, and how many
 * live nodes still miss it (`pending`). A change whose pending count reaches 0 is retired. Memory
 * is a few numbers per change, never one per (change, node) pair: each pair is seen once, when
 * the node comes to reflect it, and its staleness goes to the observer (a streaming histogram).
 *
 * Stale (node, entry) pairs are counted as they come and go: a node is stale on an entry when
 * it misses the entry's latest change. A new change of an entry makes stale every live node that
 * had reflected the previous one; a node that reflects the latest change of an entry is no
 * longer stale on it.
 */
import { regrow } from '../../strategies/propagation/typed-columns.ts';
import type { PropagationObserver } from './observer.ts';

/** Is change `change` reflected on the node being asked about? */
export type Reflects = (change: number) => boolean;

export class ChangeLog {
  /** Changes made so far; also the id of the next one. */
  count = 0;
  /** The smallest id not yet reflected on every live node (`count` when there is none). */
  oldest = 0;
  /** (node, entry) pairs stale now, over live nodes. */
  stalePairs = 0;
  /** The last mass change: when it was made, and the moment everything up to it was reflected (null: not yet). */
  massAt: number | null = null;
  convergedAt: number | null = null;
  private massLast = -1;
  /** The oldest unreflected change last told to the observer (-1: none). */
  private reported = -1;
  private time = new Float64Array(1024);
  private entry = new Int32Array(1024);
  private previous = new Int32Array(1024);
  private pending = new Int32Array(1024);
  /** Per entry: its latest change, -1 when it never changed. */
  private readonly latest: Int32Array;

  constructor(entries: number, private readonly observer: PropagationObserver) {
    this.latest = new Int32Array(entries).fill(-1);
  }

  madeAt(change: number): number {
    return this.time[change];
  }

  entryOf(change: number): number {
    return this.entry[change];
  }

  previousOf(change: number): number {
    return this.previous[change];
  }

  /** A change of `entry` at t, which `live` nodes must learn; its id. */
  add(entry: number, t: number, live: number): number {
    if (this.count === this.time.length) this.grow();
    const id = this.count++;
    const before = this.latest[entry];
    // Nodes that miss the previous change are stale on this entry already.
    this.stalePairs += live - (before >= 0 ? this.pending[before] : 0);
    this.time[id] = t;
    this.entry[id] = entry;
    this.previous[id] = before;
    this.pending[id] = live;
    this.latest[entry] = id;
    this.observer.changeMade(t);
    this.observer.staleEntries(t, this.stalePairs);
    this.advance(t);
    return id;
  }

  /** Everything made so far is a mass change: convergence is timed from now to its last change. */
  massChanged(t: number): void {
    this.massAt = t;
    this.massLast = this.count - 1;
    this.convergedAt = this.oldest > this.massLast ? t : null;
  }

  /** `node` now reflects `change` (called once per pair). */
  reflect(change: number, node: number, t: number): void {
    this.observer.pairReflected(t, node, this.time[change]);
    if (this.latest[this.entry[change]] === change) {
      this.stalePairs--;
      this.observer.staleEntries(t, this.stalePairs);
    }
    if (--this.pending[change] === 0 && change === this.oldest) this.advance(t);
  }

  /** A live node is gone: the changes it misses no longer wait for it. */
  nodeLost(reflects: Reflects, t: number): void {
    for (let c = this.oldest; c < this.count; c++) {
      if (this.pending[c] === 0 || reflects(c)) continue;
      this.pending[c]--;
      if (this.latest[this.entry[c]] === c) this.stalePairs--;
    }
    this.observer.staleEntries(t, this.stalePairs);
    this.advance(t);
  }

  /** (change, live node) pairs not reflected. */
  unreflectedPairs(): number {
    let pairs = 0;
    for (let c = this.oldest; c < this.count; c++) pairs += this.pending[c];
    return pairs;
  }

  /** Each change still missed by some live node: when it was made, and by how many nodes. */
  unreflected(): { madeAt: number; pairs: number }[] {
    const out: { madeAt: number; pairs: number }[] = [];
    for (let c = this.oldest; c < this.count; c++) if (this.pending[c] > 0) out.push({ madeAt: this.time[c], pairs: this.pending[c] });
    return out;
  }

  /** Does the node behind `reflects` miss any change? */
  misses(reflects: Reflects): boolean {
    for (let c = this.oldest; c < this.count; c++) if (this.pending[c] > 0 && !reflects(c)) return true;
    return false;
  }

  /** Moves `oldest` past retired changes; tells the observer when the oldest unreflected change is another. */
  private advance(t: number): void {
    while (this.oldest < this.count && this.pending[this.oldest] === 0) this.oldest++;
    if (this.massLast >= 0 && this.convergedAt === null && this.oldest > this.massLast) this.convergedAt = t;
    const oldest = this.oldest < this.count ? this.oldest : -1;
    if (oldest === this.reported) return;
    this.reported = oldest;
    this.observer.oldestUnreflected(t, oldest < 0 ? NaN : this.time[oldest]);
  }

  private grow(): void {
    const size = this.time.length * 2;
    this.time = regrow(this.time, size);
    this.entry = regrow(this.entry, size);
    this.previous = regrow(this.previous, size);
    this.pending = regrow(this.pending, size);
  }
}
