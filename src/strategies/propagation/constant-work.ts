/**
 * Constant work (AWS Builders' Library, "Reliability, constant work, and a good cup of coffee",
 * https://aws.amazon.com/builders-library/reliability-and-constant-work/): every `period` the
 * sender pushes the whole table to every node, whether anything changed or not, and sends
 * nothing else. A push is never acknowledged nor retried: a lost or corrupted one is simply
 * followed by the next, one period later, which carries everything.
 *
 * The pushes are staggered evenly: live node i's push is due at i × period / live within each
 * period, so the work done per time window is the same in every window whose width is a
 * multiple of period / live (25 ms for 200 nodes every 5 s). When nodes are lost, the pushes
 * are spread over the remaining ones from the next due push on (fewer pushes, the same rhythm).
 *
 * Pushes stop at the run's duration, as arrivals do, unless some live node still misses a
 * change then; they go on through the drain until every live node reflects every change.
 */
import type { EventHandler } from '../../engine/event-queue.ts';
import type { Simulation } from '../../engine/simulation.ts';
import { FIRST_TRY, type Outbox, type PropagationStrategy } from './policy.ts';

export class ConstantWork implements PropagationStrategy, EventHandler {
  private outbox: Outbox | null = null;
  /** The current plan: push number k of it is due at origin + k × spacing, to node `next`. */
  private origin = 0;
  private spacing = 0;
  private planned = 0;
  private k = 0;
  private next = 0;

  constructor(private readonly sim: Simulation, private readonly period: number) {}

  start(outbox: Outbox): void {
    this.outbox = outbox;
    this.sim.schedule(0, this, 0);
  }

  /** A push is due. Times are computed from the plan's origin, so they never drift. */
  handleEvent(): void {
    const outbox = this.outbox as Outbox;
    const live = outbox.liveNodes;
    if (live === 0 || (outbox.closed && outbox.converged)) return;
    if (live !== this.planned) {
      this.origin = this.sim.now;
      this.spacing = this.period / live;
      this.planned = live;
      this.k = 0;
    }
    if (this.next >= live) this.next = 0;
    outbox.pushTable(this.next);
    this.next = (this.next + 1) % live;
    this.k++;
    this.sim.schedule(this.origin + this.k * this.spacing, this, 0);
  }

  changed(): void {}

  sent(): number {
    return FIRST_TRY;
  }

  acked(): void {}

  abandoned(): void {}
}
