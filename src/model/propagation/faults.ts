/**
 * Timed perturbations of the propagation. drop_updates and slowdown are active in [at, at + for):
 * at every start and end the sender gets the combined drop share (1 − Π(1 − fraction)) and the
 * product of the slowdown factors of those active. lose_nodes happens once, at `at`, for good.
 * A fault that starts after the run's duration only happens if work is still draining then
 * (its events are background ones, as for the services' faults).
 */
import type { EventHandler } from '../../engine/event-queue.ts';
import type { Simulation } from '../../engine/simulation.ts';
import type { PropagationFaultConfig } from '../config.ts';
import type { Sender } from './sender.ts';

type WindowedFault = Exclude<PropagationFaultConfig, { kind: 'lose_nodes' }>;

const BEGINS = 0;
const ENDS = 1;

export function schedulePropagationFaults(sim: Simulation, faults: readonly PropagationFaultConfig[], sender: Sender, duration: number): void {
  const windows = new ActiveFaults(sender);
  for (const fault of faults) {
    if (fault.kind === 'lose_nodes') {
      sim.schedule(fault.at, { handleEvent: () => sender.loseNodes(fault.count) }, 0, null, fault.at > duration);
      continue;
    }
    const end = fault.at + fault.for;
    sim.schedule(fault.at, windows, BEGINS, fault, fault.at > duration);
    sim.schedule(end, windows, ENDS, fault, end > duration);
  }
}

/** The windowed faults in force, and what they make of the sender. */
class ActiveFaults implements EventHandler {
  private readonly active: WindowedFault[] = [];

  constructor(private readonly sender: Sender) {}

  handleEvent(tag: number, data: unknown): void {
    const fault = data as WindowedFault;
    if (tag === BEGINS) this.active.push(fault);
    else this.active.splice(this.active.indexOf(fault), 1);
    let kept = 1;
    let slowdown = 1;
    for (const f of this.active) {
      if (f.kind === 'drop_updates') kept *= 1 - f.fraction;
      else slowdown *= f.factor;
    }
    this.sender.dropShare = 1 - kept;
    this.sender.slowdown = slowdown;
  }
}
