export { Simulation, NoProgressError, NO_EVENT, type EventId, type RunOptions } from './simulation.ts';
export { EventQueue, type EventHandler } from './event-queue.ts';
export { RandomStream, rootStream } from './random.ts';
export { createSampler } from './samplers.ts';
export type { DistributionSpec, Sampler } from './distribution.ts';
