/**
 * What the propagation model tells whoever measures it. Times are simulated seconds; nodes are
 * numbered 0 .. nodes − 1. A NullPropagationObserver stands in when nothing is measured.
 */
export interface PropagationObserver {
  /** A change was made to the table. */
  changeMade(t: number): void;
  /**
   * A sender worker finished a message to `node` carrying `entries` entry-slots (the whole table
   * for a push, 1 for an update); `retry`: a retried update; `dropped`: lost on the way.
   */
  messageSent(t: number, node: number, entries: number, retry: boolean, dropped: boolean): void;
  /** Messages waiting in the sender's queue and messages being sent, after any change to either. */
  senderChanged(t: number, waiting: number, busy: number): void;
  /** `node` now reflects a change made at `madeAt` (each (change, node) pair once). */
  pairReflected(t: number, node: number, madeAt: number): void;
  /** (node, entry) pairs where a live node's view differs from the table, after any change. */
  staleEntries(t: number, pairs: number): void;
  /** The oldest change not yet reflected on every live node was made at `madeAt`; NaN when there is none. */
  oldestUnreflected(t: number, madeAt: number): void;
}

export class NullPropagationObserver implements PropagationObserver {
  changeMade(_t: number): void {}
  messageSent(_t: number, _node: number, _entries: number, _retry: boolean, _dropped: boolean): void {}
  senderChanged(_t: number, _waiting: number, _busy: number): void {}
  pairReflected(_t: number, _node: number, _madeAt: number): void {}
  staleEntries(_t: number, _pairs: number): void {}
  oldestUnreflected(_t: number, _madeAt: number): void {}
}
