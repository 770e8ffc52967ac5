/**
 * A propagation strategy decides what the sender sends, and when; the model's sender, with its
 * workers and its FIFO queue, and the nodes, each applying what arrives in order, do the sending
 * (src/model/propagation/). The two meet through these interfaces, so the strategies layer knows
 * nothing of the model:
 *
 *   strategy ─pushTable/pushUpdate─▶ Outbox (sender queue) ─worker─▶ sent() ─network─▶ node ─apply─▶ acked()
 *
 * A message is either a push of the whole table (every slot, filled or not) or one update that
 * carries one change. Updates carry a handle (`ref`) of the strategy's choosing, given back when
 * the update leaves the sender, is acknowledged, or is abandoned because its node is gone.
 */

/** The handle of an update's first try: the strategy keeps no state for it until it is sent. */
export const FIRST_TRY = -1;

/** What the sender offers a strategy. */
export interface Outbox {
  /** Nodes still there. Lost nodes are the highest-numbered, so the live ones are 0 .. liveNodes − 1. */
  readonly liveNodes: number;
  /** Changes have stopped (the run's duration has passed); work in flight drains. */
  readonly closed: boolean;
  /** Every live node reflects every change made so far. */
  readonly converged: boolean;
  /** Queues a push of the whole table to `node`; the table is read when a worker starts on it. */
  pushTable(node: number): void;
  /**
   * Queues one update carrying `change` to `node` (FIRST_TRY, or the handle of a retry).
   * False when the node is gone: nothing is queued.
   */
  pushUpdate(node: number, change: number, ref: number): boolean;
}

export interface PropagationStrategy {
  /** At time 0, before any change. */
  start(outbox: Outbox): void;
  /** A change was made (ids count up from 0 in the order changes are made). */
  changed(change: number): void;
  /**
   * A worker has finished sending update `ref` to `node` (it may yet be lost on the way).
   * Returns the handle the node's acknowledgement will carry.
   */
  sent(ref: number, node: number, change: number): number;
  /** The node has applied update `ref` (or found it overtaken by a later change) and said so. */
  acked(ref: number): void;
  /** Update `ref` will never be delivered: its node is gone. */
  abandoned(ref: number): void;
}
