/**
 * The dequeue-time shedding policies on a queue of plain records: the null object, deadline
 * shedding, adaptive LIFO, and CoDel's control law (RFC 8289) with its count reuse.
 */
import { describe, expect, it } from 'vitest';
import { AdaptiveLifo } from '../../src/strategies/shedding/adaptive-lifo.ts';
import { CoDel } from '../../src/strategies/shedding/codel.ts';
import { DeadlineShedding } from '../../src/strategies/shedding/deadline.ts';
import { NO_SHEDDING, type Drops, type SheddingPolicy, type WaitingLine } from '../../src/strategies/shedding/policy.ts';
import { createShedding } from '../../src/strategies/shedding/registry.ts';
import { ConcurrencyLimit } from '../../src/strategies/shedding/concurrency-limit.ts';

interface Item {
  id: string;
  arrivedAt: number;
  callerGone: boolean;
}

const item = (id: string, arrivedAt: number, callerGone = false): Item => ({ id, arrivedAt, callerGone });

/** A queue held oldest first. */
class Line implements WaitingLine<Item> {
  constructor(readonly items: Item[], private readonly lifo = false) {}
  get length(): number {
    return this.items.length;
  }
  oldestArrival(): number | undefined {
    return this.items[0]?.arrivedAt;
  }
  take(): Item | undefined {
    return this.lifo ? this.items.pop() : this.items.shift();
  }
  takeOldest(): Item | undefined {
    return this.items.shift();
  }
  takeNewest(): Item | undefined {
    return this.items.pop();
  }
}

class Dropped implements Drops<Item> {
  readonly ids: string[] = [];
  drop(attempt: Item): void {
    this.ids.push(attempt.id);
  }
}

describe('the null object and the registry', () => {
  it('NO_SHEDDING admits everything and serves in the queue discipline', () => {
    expect(NO_SHEDDING.admit(0, 1e9, 1e9)).toBe(true);
    const drops = new Dropped();
    expect(NO_SHEDDING.next(new Line([item('a', 0, true), item('b', 1)]), 5, drops)?.id).toBe('a');
    expect(NO_SHEDDING.next(new Line([item('a', 0), item('b', 1, true)], true), 5, drops)?.id).toBe('b');
    expect(drops.ids).toEqual([]);
  });

  it('maps each kind to its policy, and null to the null object', () => {
    expect(createShedding(null)).toBe(NO_SHEDDING);
    expect(createShedding({ kind: 'deadline' })).toBeInstanceOf(DeadlineShedding);
    expect(createShedding({ kind: 'codel', target: 0.005, interval: 0.1 })).toBeInstanceOf(CoDel);
    expect(createShedding({ kind: 'adaptive_lifo', threshold: 0.05 })).toBeInstanceOf(AdaptiveLifo);
    const limit = createShedding({ kind: 'concurrency_limit', algorithm: 'gradient', initial: 20, min: 1, max: 1000, backoffRatio: 0.9, timeout: null });
    expect(limit).toBeInstanceOf(ConcurrencyLimit);
    // Each service gets a policy of its own: they keep state.
    expect(createShedding({ kind: 'deadline' })).not.toBe(createShedding({ kind: 'deadline' }));
  });
});

describe('deadline shedding', () => {
  it('drops only attempts whose caller gave up, and serves the first live one', () => {
    const line = new Line([item('a', 0, true), item('b', 1, true), item('c', 2), item('d', 3, true), item('e', 4)]);
    const drops = new Dropped();
    const policy = new DeadlineShedding();
    expect(policy.next(line, 10, drops)?.id).toBe('c');
    expect(drops.ids).toEqual(['a', 'b']);
    expect(policy.next(line, 10, drops)?.id).toBe('e');
    expect(drops.ids).toEqual(['a', 'b', 'd']);
    expect(policy.next(line, 10, drops)).toBeUndefined();
  });

  it('follows the queue discipline (LIFO: newest first)', () => {
    const line = new Line([item('a', 0), item('b', 1), item('c', 2, true)], true);
    const drops = new Dropped();
    expect(new DeadlineShedding().next(line, 10, drops)?.id).toBe('b');
    expect(drops.ids).toEqual(['c']);
  });
});

describe('adaptive LIFO', () => {
  it('serves FIFO until the oldest has waited more than the threshold, LIFO while it has, FIFO again after', () => {
    const policy: SheddingPolicy = new AdaptiveLifo(0.5);
    const drops = new Dropped();
    const line = new Line([item('a', 0), item('b', 0.2), item('c', 0.4), item('d', 0.6)]);
    // At t = 0.5 the oldest (a) has waited exactly the threshold: not more, so FIFO.
    expect(policy.next(line, 0.5, drops)?.id).toBe('a');
    // At t = 0.75 the oldest (b) has waited 0.55: LIFO.
    expect(policy.next(line, 0.75, drops)?.id).toBe('d');
    line.items.push(item('e', 0.8));
    // Still LIFO: b has waited 0.6.
    expect(policy.next(line, 0.8, drops)?.id).toBe('e');
    expect(policy.next(line, 0.8, drops)?.id).toBe('c');
    expect(policy.next(line, 0.9, drops)?.id).toBe('b');
    line.items.push(item('f', 0.95), item('g', 1.0));
    // The congestion has gone with b: the oldest (f) has waited 0.05, so FIFO again.
    expect(policy.next(line, 1.0, drops)?.id).toBe('f');
    expect(drops.ids).toEqual([]);
  });
});

/** A standing queue: every dequeue finds an attempt that has waited `sojourn`, and `length` left. */
class Standing implements WaitingLine<Item> {
  now = 0;
  sojourn = 1;
  length = 100;
  private n = 0;
  oldestArrival(): number {
    return this.now - this.sojourn;
  }
  take(): Item {
    return item(`x${this.n++}`, this.now - this.sojourn);
  }
  takeOldest(): Item {
    return this.take();
  }
  takeNewest(): Item {
    return this.take();
  }
}

/** Dequeues every `tick` from `from` to `to`; returns the times at which CoDel dropped. */
function dropTimes(codel: CoDel, line: Standing, from: number, to: number, tick: number): number[] {
  const times: number[] = [];
  const drops: Drops<Item> = { drop: () => times.push(line.now) };
  for (let k = 0; from + k * tick <= to; k++) {
    line.now = from + k * tick;
    codel.next(line, line.now, drops);
  }
  return times;
}

describe('CoDel (RFC 8289)', () => {
  const target = 0.005;
  const interval = 0.1;
  const tick = 1 / 1024;

  it('drops nothing while the sojourn stays below target, or with at most one attempt left', () => {
    const codel = new CoDel(target, interval);
    const line = new Standing();
    line.sojourn = 0.004;
    expect(dropTimes(codel, line, 0, 2, tick)).toEqual([]);
    line.sojourn = 1;
    line.length = 1;
    expect(dropTimes(codel, line, 2, 4, tick)).toEqual([]);
  });

  it('drops after an interval above target, then at interval / sqrt(count) after each drop', () => {
    const codel = new CoDel(target, interval);
    const line = new Standing();
    const times = dropTimes(codel, line, 0, 1, tick);
    // The first dequeue above target (t = 0) arms the timer: the first drop is at the first
    // dequeue at or after 0 + interval. Drop n + 1 is then due interval / sqrt(n) after drop n
    // was due (the control law counts from the due time, not from the dequeue that did it), and
    // with a dequeue every tick it happens at most a tick late.
    expect(times[0]).toBeGreaterThanOrEqual(interval);
    expect(times[0]).toBeLessThan(interval + tick);
    const due = [times[0], times[0] + interval];
    for (let n = 2; due[n - 1] + interval / Math.sqrt(n) <= 1; n++) due.push(due[n - 1] + interval / Math.sqrt(n));
    expect(times).toHaveLength(due.length);
    times.forEach((t, i) => {
      expect(t).toBeGreaterThanOrEqual(due[i]);
      expect(t).toBeLessThan(due[i] + tick);
    });
    // The gaps shrink as 1/sqrt(n): 100 ms, 70.7 ms, 57.7 ms, 50 ms, ... (each within a tick).
    [1, 2, 3, 4].forEach((n) => expect(Math.abs(times[n] - times[n - 1] - interval / Math.sqrt(n))).toBeLessThan(tick));
    expect(times.length).toBeGreaterThan(20);
  });

  it('leaves the dropping state when the sojourn goes below target', () => {
    const codel = new CoDel(target, interval);
    const line = new Standing();
    expect(dropTimes(codel, line, 0, 0.25, tick)).toHaveLength(2);
    line.sojourn = 0.001;
    expect(dropTimes(codel, line, 0.3, 0.5, tick)).toEqual([]);
  });

  it('re-entering soon after leaving resumes with the last episode drop count (the Linux rule)', () => {
    const codel = new CoDel(target, interval);
    const line = new Standing();
    // Episode 1: drops at 0.1, 0.2, 0.271, 0.329, 0.379 (+ up to a tick each) → count 5, lastcount 1.
    expect(dropTimes(codel, line, 0, 0.4, tick)).toHaveLength(5);
    line.sojourn = 0.001;
    dropTimes(codel, line, 0.4, 0.45, tick);
    line.sojourn = 1;
    // Above again from 0.5: ok to drop from 0.6, within 16 intervals of the last drop_next, so
    // count starts at delta = 5 − 1 = 4: the second drop comes interval / sqrt(4) after the first.
    const again = dropTimes(codel, line, 0.5, 0.7, tick);
    expect(again[0]).toBeCloseTo(0.6, 2);
    expect(again[1] - again[0]).toBeCloseTo(interval / 2, 2);
  });

  it('starts over at count 1 when re-entering long after', () => {
    const codel = new CoDel(target, interval);
    const line = new Standing();
    expect(dropTimes(codel, line, 0, 0.4, tick)).toHaveLength(5);
    line.sojourn = 0.001;
    dropTimes(codel, line, 0.4, 2.5, tick);
    line.sojourn = 1;
    const again = dropTimes(codel, line, 2.5, 2.8, tick);
    expect(again[0]).toBeCloseTo(2.6, 2);
    expect(again[1] - again[0]).toBeCloseTo(interval, 2);
  });

  it('an empty queue resets the timer: being above target must last a whole interval again', () => {
    const codel = new CoDel(target, interval);
    const line = new Standing();
    dropTimes(codel, line, 0, 0.09, tick);
    const empty = new Line([]);
    expect(codel.next(empty, 0.095, new Dropped())).toBeUndefined();
    expect(dropTimes(codel, line, 0.1, 0.19, tick)).toEqual([]);
    expect(dropTimes(codel, line, 0.2, 0.21, tick)).toEqual([0.2]);
  });
});
