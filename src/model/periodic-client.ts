/**
 * Periodic work (docs/periodic-work.md): timers and cron jobs, a fleet of agents that poll. At
 * every boundary b_k = phase + k·every before the run's duration, `count` requests are fired,
 * each at b_k + U with U uniform in [0, jitter): with jitter 0 they all go at the boundary
 * (synchronized), with jitter = every they are spread over the whole period. "Always jitter
 * periodic work" is the advice this lets a scenario test (the resilience talk, BACKGROUND.md).
 *
 * Each request is a request like any other (timeouts, retries, breakers apply). Requests whose
 * offset falls at or after the duration are not sent: arrivals stop there, as for other clients.
 * A `load_spike` scales the count of each boundary reached while it is active: round(count ×
 * factor). Boundaries are computed from k each time, not by repeated addition (no drift).
 */
import type { EventHandler } from '../engine/event-queue.ts';
import { ClientBase, type Client, type ClientParts } from './clients.ts';

const BOUNDARY = 0;
const TASK = 1;

export interface PeriodicTiming {
  every: number;
  count: number;
  jitter: number;
  phase: number;
}

export class PeriodicClient extends ClientBase implements Client, EventHandler {
  private factor = 1;

  constructor(parts: ClientParts, private readonly timing: PeriodicTiming) {
    super(parts);
  }

  start(): void {
    this.planBoundary(0);
  }

  setLoadFactor(factor: number): void {
    this.factor = factor;
  }

  handleEvent(tag: number, data: unknown): void {
    if (tag === TASK) {
      this.send(this);
      return;
    }
    const k = data as number;
    this.fire();
    this.planBoundary(k + 1);
  }

  /** The tasks of the boundary now: at once when there is no jitter, else each at its own offset. */
  private fire(): void {
    const { sim, rng, duration } = this.parts;
    const { count, jitter } = this.timing;
    const n = this.factor === 1 ? count : Math.round(count * this.factor);
    for (let i = 0; i < n; i++) {
      if (jitter === 0) {
        this.send(this);
        continue;
      }
      const at = sim.now + rng.next() * jitter;
      if (at < duration) sim.schedule(at, this, TASK);
    }
  }

  private planBoundary(k: number): void {
    const at = this.timing.phase + k * this.timing.every;
    if (at < this.parts.duration) this.parts.sim.schedule(at, this, BOUNDARY, k);
  }
}
