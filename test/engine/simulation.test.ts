import { describe, expect, it } from 'vitest';
import { EventQueue, type EventHandler } from '../../src/engine/event-queue.ts';
import { RandomStream } from '../../src/engine/random.ts';
import { NO_EVENT, Simulation } from '../../src/engine/simulation.ts';

class Recorder implements EventHandler {
  readonly log: string[] = [];
  constructor(private readonly sim: Simulation) {}
  handleEvent(tag: number, data: unknown): void {
    this.log.push(`${this.sim.now}:${tag}:${String(data)}`);
  }
}

describe('event queue', () => {
  it('orders by time, then by the order of scheduling (ties are FIFO, payloads never compared)', () => {
    const sim = new Simulation();
    const r = new Recorder(sim);
    sim.schedule(2, r, 0, 'a');
    sim.schedule(1, r, 0, 'b');
    sim.schedule(2, r, 0, 'c');
    sim.schedule(1, r, 0, 'd');
    sim.schedule(0, r, 0, 'e');
    sim.run();
    expect(r.log).toEqual(['0:0:e', '1:0:b', '1:0:d', '2:0:a', '2:0:c']);
  });

  it('keeps FIFO order for many equal times through heap reshuffles and growth', () => {
    const q = new EventQueue();
    const h: EventHandler = { handleEvent: () => {} };
    const times = Array.from({ length: 2000 }, (_, i) => (i * 7919) % 13);
    times.forEach((t, seq) => q.push(t, seq, h, seq % 5, `d${seq}`, seq % 2 === 0));
    const out: [number, number][] = [];
    while (q.pop()) {
      // Each event's slot gave back what was pushed with it.
      expect([q.tag, q.data, q.background, q.handler]).toEqual([q.seq % 5, `d${q.seq}`, q.seq % 2 === 0, h]);
      out.push([q.time, q.seq]);
    }
    expect(out).toHaveLength(2000);
    const sorted = [...out].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(out).toEqual(sorted);
  });

  it('reuses slots as events come and go, interleaved, in (time, sequence) order', () => {
    const q = new EventQueue();
    const h: EventHandler = { handleEvent: () => {} };
    let seq = 0;
    let now = 0;
    const out: number[] = [];
    // A steady state of ~100 pending events over 10,000 events, with growth on the way.
    for (let i = 0; i < 100; i++) q.push(now + ((i * 37) % 11), seq, h, 0, seq++, false);
    for (let i = 0; i < 10_000; i++) {
      expect(q.pop()).toBe(true);
      expect(q.time).toBeGreaterThanOrEqual(now);
      now = q.time;
      out.push(q.data as number);
      q.push(now + ((i * 7919) % 17), seq, h, 0, seq++, false);
    }
    expect(q.size).toBe(100);
    expect(new Set(out).size).toBe(10_000);
  });

  it('ignores a cancel of an event that has run, or was cancelled and skipped, even after its slot is reused', () => {
    const sim = new Simulation();
    const r = new Recorder(sim);
    const ran = sim.schedule(1, r, 0, 'ran');
    const skipped = sim.schedule(1.5, r, 0, 'skipped');
    sim.schedule(1.6, r, 0, 'mid');
    sim.cancel(skipped);
    sim.run({ until: 1.7 });
    expect(sim.pending).toBe(0);
    // Every slot is free now, and the next events take them again.
    sim.schedule(2, r, 0, 'b');
    sim.schedule(3, r, 0, 'c');
    sim.schedule(4, r, 0, 'd');
    sim.cancel(ran);
    sim.cancel(skipped);
    sim.run();
    expect(r.log).toEqual(['1:0:ran', '1.6:0:mid', '2:0:b', '3:0:c', '4:0:d']);
  });

  it('cancels a background event without touching the foreground count', () => {
    const sim = new Simulation();
    const r = new Recorder(sim);
    const timer = sim.schedule(1, r, 0, 'timer', true);
    sim.schedule(2, r, 0, 'work');
    sim.cancel(timer);
    sim.cancel(timer);
    sim.run();
    expect(r.log).toEqual(['2:0:work']);
  });

  it('skips cancelled events, and never lets time go backwards', () => {
    const sim = new Simulation();
    const r = new Recorder(sim);
    const x = sim.schedule(1, r, 0, 'x');
    sim.schedule(2, r, 0, 'y');
    sim.cancel(x);
    sim.cancel(x);
    sim.cancel(NO_EVENT);
    sim.run();
    expect(r.log).toEqual(['2:0:y']);
    expect(sim.eventsRun).toBe(1);
    expect(() => sim.schedule(1, r, 0, 'late')).toThrow(/before now/);
  });

  it('stops when only background events are left', () => {
    const sim = new Simulation();
    const r = new Recorder(sim);
    sim.schedule(1, r, 0, 'work');
    sim.schedule(0.5, r, 1, 'timer', true);
    sim.schedule(100, r, 1, 'late timer', true);
    sim.run();
    expect(r.log).toEqual(['0.5:1:timer', '1:0:work']);
    expect(sim.now).toBe(1);
  });

  it('an event scheduled with a reserved sequence number runs as if scheduled at reservation', () => {
    const sim = new Simulation();
    const r = new Recorder(sim);
    const early = sim.reserveSequence();
    sim.schedule(1, r, 0, 'scheduled second');
    sim.scheduleReserved(1, early, r, 0, 'reserved first');
    sim.run();
    expect(r.log).toEqual(['1:0:reserved first', '1:0:scheduled second']);
  });

  it('hold() keeps a run going through background events until release()', () => {
    const sim = new Simulation();
    const r = new Recorder(sim);
    const releaser: EventHandler = { handleEvent: () => sim.release() };
    sim.hold();
    sim.schedule(1, r, 0, 'timer', true);
    sim.schedule(2, releaser, 0, null, true);
    sim.schedule(3, r, 0, 'never', true);
    sim.run();
    expect(r.log).toEqual(['1:0:timer']);
    expect(sim.now).toBe(2);
  });

  it('runs up to a time limit', () => {
    const sim = new Simulation();
    const r = new Recorder(sim);
    for (let t = 0; t < 10; t++) sim.schedule(t, r, 0, t);
    sim.run({ until: 4.5 });
    expect(r.log).toHaveLength(5);
  });
});

describe('random streams', () => {
  it('repeat for the same seed and label, and differ for another label or seed', () => {
    const draws = (s: RandomStream) => Array.from({ length: 5 }, () => s.next());
    expect(draws(new RandomStream(1, 'a'))).toEqual(draws(new RandomStream(1, 'a')));
    expect(draws(new RandomStream(1, 'a'))).not.toEqual(draws(new RandomStream(1, 'b')));
    expect(draws(new RandomStream(1, 'a'))).not.toEqual(draws(new RandomStream(2, 'a')));
    expect(draws(new RandomStream(3, 'x').fork('y'))).toEqual(draws(new RandomStream(3, 'x/y')));
  });
});

describe('stopping a run from onProgress', () => {
  it('stops after the event that made the call, leaves the rest unrun, and says so', () => {
    const sim = new Simulation();
    const r = new Recorder(sim);
    for (let i = 0; i < 10; i++) sim.schedule(i, r, 0, i);
    const calls: number[] = [];
    const finished = sim.run({ progressEvery: 3, onProgress: (now) => { calls.push(now); return calls.length < 2; } });
    expect(finished).toBe(false);
    expect(calls).toEqual([2, 5]);
    expect(r.log).toHaveLength(6);
    expect(sim.run()).toBe(true);
    expect(r.log).toHaveLength(10);
  });
});
