/**
 * Timed perturbations. Each fault is active in [at, at + for); at every start and end the
 * affected entity is given the conditions of all its active faults, in the order they started.
 * A `cache_flush` is instant: at its start the service's cache loses its entries (cache.ts).
 */
import type { EventHandler } from '../engine/event-queue.ts';
import type { Simulation } from '../engine/simulation.ts';
import type { Cache } from './cache.ts';
import type { Client } from './clients.ts';
import type { FaultConfig } from './config.ts';
import type { Service } from './service.ts';
import { serviceConditions } from './service-conditions.ts';

const FAULT_START = 0;
const FAULT_END = 1;

export class FaultSchedule implements EventHandler {
  private readonly active: FaultConfig[] = [];

  constructor(
    private readonly sim: Simulation,
    private readonly faults: readonly FaultConfig[],
    /** Each service's replicas. */
    private readonly services: ReadonlyMap<string, readonly Service[]>,
    private readonly clients: ReadonlyMap<string, Client>,
    /** Arrivals stop here; a fault change after it must not keep a drained world running. */
    private readonly duration: number,
    /** The services' look-aside caches, by service name (only those that have one). */
    private readonly caches: ReadonlyMap<string, Cache> = new Map(),
  ) {}

  start(): void {
    for (const fault of this.faults) {
      const end = fault.at + fault.for;
      this.sim.schedule(fault.at, this, FAULT_START, fault, fault.at > this.duration);
      if (fault.kind !== 'cache_flush') this.sim.schedule(end, this, FAULT_END, fault, end > this.duration);
    }
  }

  handleEvent(tag: number, data: unknown): void {
    const fault = data as FaultConfig;
    if (fault.kind === 'cache_flush') {
      if (tag === FAULT_START) (this.caches.get(fault.service) as Cache).flush(fault.share);
      return;
    }
    if (tag === FAULT_START) this.active.push(fault);
    else this.active.splice(this.active.indexOf(fault), 1);
    this.apply(fault);
  }

  private apply(changed: Exclude<FaultConfig, { kind: 'cache_flush' }>): void {
    if (changed.kind === 'load_spike') {
      const client = this.clients.get(changed.client) as Client;
      let factor = 1;
      for (const f of this.active) if (f.kind === 'load_spike' && f.client === changed.client) factor *= f.factor;
      client.setLoadFactor(factor);
      return;
    }
    // Each replica gets the conditions of the faults that hit it (all, when a fault names none).
    const replicas = this.services.get(changed.service) as readonly Service[];
    replicas.forEach((replica, r) => {
      if (changed.replicas != null && !changed.replicas.includes(r)) return;
      const mine = this.active.filter((f) => f.kind !== 'load_spike' && f.kind !== 'cache_flush' && f.service === changed.service && (f.replicas == null || f.replicas.includes(r)));
      replica.setConditions(serviceConditions(replica.baseWorkers, mine));
    });
  }
}
