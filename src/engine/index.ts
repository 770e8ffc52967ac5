export { Simulation, NoProgressError, type RunOptions } from './simulation.ts';
export { EventQueue, ScheduledEvent, type EventHandler } from './event-queue.ts';
export { RandomStream, rootStream } from './random.ts';
export { createSampler } from './samplers.ts';
export type { DistributionSpec, Sampler } from './distribution.ts';
