/**
 * Where changes come from: steady ones (Poisson or evenly spaced at a rate, each to an entry
 * drawn uniformly) and mass ones (`count` distinct entries, drawn uniformly, at one instant).
 * Changes stop at the run's duration, as arrivals do. Each steady source draws its gaps from a
 * stream of its own; entries are drawn from another, so adding a source does not shift the
 * draws of the others' times.
 */
import type { EventHandler } from '../../engine/event-queue.ts';
import type { RandomStream } from '../../engine/random.ts';
import type { Simulation } from '../../engine/simulation.ts';
import type { ChangeConfig } from '../config.ts';

/** Who makes a change of one entry; `mass` marks the end of a mass change. */
export interface ChangeSink {
  change(entry: number): void;
  massDone(): void;
}

const STEADY = 0;
const MASS = 1;

export interface ChangeSourceParts {
  sim: Simulation;
  entries: number;
  duration: number;
  changes: readonly ChangeConfig[];
  /** Forked per steady source, by its index. */
  rng: RandomStream;
  sink: ChangeSink;
}

export class ChangeSource implements EventHandler {
  private readonly gaps: (RandomStream | null)[];
  private readonly entryRng: RandomStream;
  /** A permutation of the entries, partly shuffled by each mass change (Fisher–Yates, first `count` places). */
  private permutation: Int32Array | null = null;

  constructor(private readonly parts: ChangeSourceParts) {
    this.gaps = parts.changes.map((c, i) => (c.kind === 'steady' ? parts.rng.fork(`steady:${i}`) : null));
    this.entryRng = parts.rng.fork('entries');
  }

  start(): void {
    const { sim, changes, duration } = this.parts;
    changes.forEach((c, i) => {
      if (c.kind === 'mass') {
        if (c.at < duration) sim.schedule(c.at, this, MASS, i);
      } else {
        this.planNext(i, 0);
      }
    });
  }

  handleEvent(tag: number, data: unknown): void {
    const index = data as number;
    const { sink, entries } = this.parts;
    if (tag === STEADY) {
      sink.change(Math.floor(this.entryRng.next() * entries));
      this.planNext(index, this.parts.sim.now);
      return;
    }
    const count = (this.parts.changes[index] as Extract<ChangeConfig, { kind: 'mass' }>).count;
    const p = (this.permutation ??= Int32Array.from({ length: entries }, (_, i) => i));
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(this.entryRng.next() * (entries - i));
      const chosen = p[j];
      p[j] = p[i];
      p[i] = chosen;
      sink.change(chosen);
    }
    sink.massDone();
  }

  private planNext(index: number, now: number): void {
    const c = this.parts.changes[index] as Extract<ChangeConfig, { kind: 'steady' }>;
    if (!(c.rate > 0)) return;
    const gap = c.process === 'poisson' ? -Math.log(1 - (this.gaps[index] as RandomStream).next()) / c.rate : 1 / c.rate;
    if (now + gap < this.parts.duration) this.parts.sim.schedule(now + gap, this, STEADY, index);
  }
}
