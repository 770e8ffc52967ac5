/**
 * A FIFO of messages in typed arrays (a growable ring buffer): the sender's queue, and each
 * node's. A million queued updates take a few bytes each and no object apiece. `shift` leaves
 * the message it took in the `taken*` fields.
 */
import { ColumnRing, regrow } from '../../strategies/propagation/typed-columns.ts';

/** A push of the whole table; its payload is the table's snapshot (changes below that id). */
export const TABLE = 0;
/** One update; its payload is the change it carries. */
export const UPDATE = 1;

export class MessageQueue extends ColumnRing {
  private kind = new Uint8Array(16);
  private node = new Int32Array(16);
  private payload = new Int32Array(16);
  private ref = new Float64Array(16);
  takenKind = TABLE;
  takenNode = 0;
  takenPayload = 0;
  takenRef = 0;

  push(kind: number, node: number, payload: number, ref: number): void {
    const i = this.pushIndex();
    this.kind[i] = kind;
    this.node[i] = node;
    this.payload[i] = payload;
    this.ref[i] = ref;
  }

  /** The kind of the oldest message, left in the queue (the queue must not be empty). */
  peekKind(): number {
    return this.kind[this.oldestIndex()];
  }

  /** Takes the oldest message into the taken* fields; false when empty. */
  shift(): boolean {
    if (this.length === 0) return false;
    const i = this.shiftIndex();
    this.takenKind = this.kind[i];
    this.takenNode = this.node[i];
    this.takenPayload = this.payload[i];
    this.takenRef = this.ref[i];
    return true;
  }

  protected regrowColumns(size: number, head: number, count: number): void {
    this.kind = regrow(this.kind, size, head, count);
    this.node = regrow(this.node, size, head, count);
    this.payload = regrow(this.payload, size, head, count);
    this.ref = regrow(this.ref, size, head, count);
  }
}
