/**
 * Wires a PropagationConfig into runtime entities on the run's Simulation (the same one the
 * clients and services run on). Its random streams are forked from the seed under the label
 * `propagation`, so adding the section changes no other component's draws.
 *
 *   ChangeSource ─change─▶ ChangeLog + strategy ─push─▶ Sender (queue, workers) ─▶ Receivers ─apply─▶ NodeViews ─reflect─▶ ChangeLog
 *
 * At one instant, events run in the order they were scheduled (the engine's rule). Faults are
 * scheduled first, so nodes lost at the instant of a mass change get none of its updates. A mass
 * change is scheduled at the start, before any push but those due at t = 0, so a push due at
 * its instant (t > 0) carries it; a push due at t = 0 runs before a change at t = 0.
 */
import { rootStream } from '../../engine/random.ts';
import type { Simulation } from '../../engine/simulation.ts';
import { createPropagationStrategy } from '../../strategies/propagation/index.ts';
import type { PropagationConfig } from '../config.ts';
import { ChangeLog } from './change-log.ts';
import { ChangeSource, type ChangeSink } from './changes.ts';
import { schedulePropagationFaults } from './faults.ts';
import { NodeViews } from './node-views.ts';
import type { PropagationObserver } from './observer.ts';
import { Receivers } from './receivers.ts';
import { Sender } from './sender.ts';

/** What is only known once the run is over. */
export interface PropagationOutcome {
  /** (change, live node) pairs not reflected at the end (lost updates with no retry left, say). */
  neverConverged: number;
  /** Live nodes that miss at least one change at the end. */
  staleNodesAtEnd: number;
  /** The changes some live node still misses at the end: when each was made, and by how many nodes. */
  unreflected: { madeAt: number; pairs: number }[];
  /** The moment the run ended (the outcome's "now"). */
  end: number;
  /** From the last mass change to the moment every live node reflected every change made up to it; null if that never came, or there was no mass change. */
  convergence: number | null;
}

export interface PropagationModel {
  /** Schedules the faults, the strategy's first pushes and the changes; then run the Simulation. */
  start(): void;
  outcome(): PropagationOutcome;
}

export interface PropagationSetup {
  sim: Simulation;
  seed: number;
  /** Changes (and constant-work pushes) stop here; work in flight drains. */
  duration: number;
  observer: PropagationObserver;
}

export function buildPropagation(config: PropagationConfig, setup: PropagationSetup): PropagationModel {
  const { sim, duration, observer } = setup;
  const { nodes, entries } = config;
  const rng = rootStream(setup.seed).fork('propagation');
  const log = new ChangeLog(entries, observer);
  const views = new NodeViews(nodes, entries, log);
  const strategy = createPropagationStrategy(config.strategy, { sim, rng: rng.fork('backoff') });
  const receivers = new Receivers({ sim, nodes, entries, cost: config.receiver, views, strategy });
  const sender = new Sender({
    sim, nodes, entries, workers: config.sender.workers, cost: config.sender, duration,
    log, views, receivers, strategy, observer, dropRng: rng.fork('drops'),
  });
  const sink: ChangeSink = {
    change: (entry) => strategy.changed(log.add(entry, sim.now, sender.liveNodes)),
    massDone: () => log.massChanged(sim.now),
  };
  const changes = new ChangeSource({ sim, entries, duration, changes: config.changes, rng: rng.fork('changes'), sink });
  return {
    start() {
      schedulePropagationFaults(sim, config.faults, sender, duration);
      strategy.start(sender);
      changes.start();
    },
    outcome() {
      let stale = 0;
      for (let n = 0; n < sender.liveNodes; n++) if (log.misses((c) => views.reflects(n, c))) stale++;
      return {
        neverConverged: log.unreflectedPairs(),
        unreflected: log.unreflected(),
        end: sim.now,
        staleNodesAtEnd: stale,
        convergence: log.massAt === null || log.convergedAt === null ? null : log.convergedAt - log.massAt,
      };
    },
  };
}
