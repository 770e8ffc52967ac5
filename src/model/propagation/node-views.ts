/**
 * What each node believes the table is. A whole table replaces the node's view: after applying
 * a push built when `snapshot` changes had been made, the node reflects every change below that
 * id, whatever it missed before (so a lost push is repaired by the next). An update sets one
 * entry to the status of one change.
 *
 * Updates are applied in the order they arrive. A retried update can arrive after a later change
 * of the same entry has already been applied (its first try was lost, and the later update went
 * through): applying it would put the entry back to an older status. So entries carry versions
 * (the id of the change that set them), and an update no newer than the node's version of its
 * entry is overtaken: acknowledged and discarded, as generation numbers are used in practice.
 * Applying a change also reflects the earlier changes of the same entry the node had missed.
 */
import type { ChangeLog } from './change-log.ts';

export class NodeViews {
  /** Per node: every change below this id is reflected by the last whole table it applied. */
  private readonly table: Int32Array;
  /** Per node and entry: the change that set it by an update, -1 if none; made at the first update. */
  private versions: Int32Array | null = null;

  constructor(private readonly nodes: number, private readonly entries: number, private readonly log: ChangeLog) {
    this.table = new Int32Array(nodes);
  }

  reflects(node: number, change: number): boolean {
    if (change < this.table[node]) return true;
    return this.versions !== null && this.versions[node * this.entries + this.log.entryOf(change)] >= change;
  }

  /** A push built when `snapshot` changes had been made; an older one than the node has changes nothing. */
  applyTable(node: number, snapshot: number, t: number): void {
    const from = this.table[node];
    if (snapshot <= from) return;
    this.table[node] = snapshot;
    const versions = this.versions;
    for (let c = from; c < snapshot; c++) {
      if (versions === null || versions[node * this.entries + this.log.entryOf(c)] < c) this.log.reflect(c, node, t);
    }
  }

  /** An update carrying `change`; false when it is overtaken (the node already reflects it). */
  applyUpdate(node: number, change: number, t: number): boolean {
    const log = this.log;
    const versions = (this.versions ??= new Int32Array(this.nodes * this.entries).fill(-1));
    const slot = node * this.entries + log.entryOf(change);
    const version = versions[slot];
    const table = this.table[node];
    if (version >= change || change < table) return false;
    for (let c = change; c > version && c >= table; c = log.previousOf(c)) log.reflect(c, node, t);
    versions[slot] = change;
    return true;
  }
}
