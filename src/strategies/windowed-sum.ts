/**
 * A sum over a sliding time window, kept in `slots` buckets (so it slides in steps of
 * window / slots): bounded memory whatever the rate. Budgets, breakers and throttles count with it.
 */
export class WindowedSum {
  private readonly values: Float64Array;
  private readonly slot: number;
  /** Index of the slot that `values[head]` stands for (time / slot, rounded down). */
  private headSlot = 0;
  private head = 0;
  private total = 0;

  constructor(window: number, slots = 20) {
    this.values = new Float64Array(slots);
    this.slot = window / slots;
  }

  add(now: number, amount: number): void {
    this.advance(now);
    this.values[this.head] += amount;
    this.total += amount;
  }

  /** The sum of what was added in (now − window, now], to slot precision. */
  sum(now: number): number {
    this.advance(now);
    return this.total;
  }

  clear(): void {
    this.values.fill(0);
    this.total = 0;
  }

  private advance(now: number): void {
    const target = Math.floor(now / this.slot);
    const n = this.values.length;
    if (target - this.headSlot >= n) {
      this.clear();
      this.headSlot = target;
      return;
    }
    if (this.headSlot === target) return;
    while (this.headSlot < target) {
      this.headSlot++;
      this.head = (this.head + 1) % n;
      this.values[this.head] = 0;
    }
    // Summed afresh rather than by subtraction, so fractional amounts cannot drift.
    let total = 0;
    for (let i = 0; i < n; i++) total += this.values[i];
    this.total = total;
  }
}
