/**
 * The time integral of a piecewise-constant quantity (busy workers, queue length, worker count),
 * kept twice: for the current window, and for the summary interval [from, to) only.
 */
export class TimeWeighted {
  value = 0;
  private since = 0;
  /** Area in the current window. */
  windowArea = 0;
  /** Area inside [from, to). */
  summaryArea = 0;

  constructor(private readonly from: number, private readonly to: number, initial = 0) {
    this.value = initial;
  }

  /** The quantity becomes `value` at time t. */
  set(t: number, value: number): void {
    this.advance(t);
    this.value = value;
  }

  /** Accounts for the time up to t at the current value. */
  advance(t: number): void {
    const v = this.value;
    if (v !== 0 && t > this.since) {
      this.windowArea += v * (t - this.since);
      const a = this.since > this.from ? this.since : this.from;
      const b = t < this.to ? t : this.to;
      if (b > a) this.summaryArea += v * (b - a);
    }
    this.since = t;
  }

  /** Ends the window at t: returns its area and starts a new one. */
  closeWindow(t: number): number {
    this.advance(t);
    const area = this.windowArea;
    this.windowArea = 0;
    return area;
  }
}
