/**
 * Growing typed arrays, for the propagation's queues and tables (a column per field, no object
 * per item). Here rather than in the model so that the strategies' own tables can use it too.
 */
export type Column = Int32Array | Uint8Array | Float64Array;

/**
 * A column `size` long holding `count` values of `column` read from `head` on, wrapping around
 * (a ring buffer's contents, in order); by default the whole column as it is.
 */
export function regrow<T extends Column>(column: T, size: number, head = 0, count = column.length): T {
  const bigger = new (column.constructor as new (length: number) => T)(size);
  if (head === 0) bigger.set(column.subarray(0, count));
  else for (let k = 0; k < count; k++) bigger[k] = column[(head + k) % column.length];
  return bigger;
}

/**
 * The bookkeeping of a FIFO kept in typed columns (a ring buffer whose capacity stays a power of
 * two, so wrapping is a mask): where a new item goes, and where the oldest is. Subclasses hold
 * the columns and regrow them when asked.
 */
export abstract class ColumnRing {
  private head = 0;
  private count = 0;
  private capacity: number;

  constructor(initialCapacity = 16) {
    this.capacity = initialCapacity;
  }

  get length(): number {
    return this.count;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** The index of the oldest item (the ring must not be empty). */
  protected oldestIndex(): number {
    return this.head;
  }

  /** The index to write a new item at; the columns grow first if they are full. */
  protected pushIndex(): number {
    if (this.count === this.capacity) {
      this.regrowColumns(this.capacity * 2, this.head, this.count);
      this.capacity *= 2;
      this.head = 0;
    }
    const i = (this.head + this.count) & (this.capacity - 1);
    this.count++;
    return i;
  }

  /** Takes the oldest item: its index, still readable until the next push. */
  protected shiftIndex(): number {
    const i = this.head;
    this.head = (i + 1) & (this.capacity - 1);
    this.count--;
    return i;
  }

  /** Replace every column by regrow(column, size, head, count). */
  protected abstract regrowColumns(size: number, head: number, count: number): void;
}
