/** Runs a tiny world with the exact event log, reading how many ghosts each service's queue holds at given times. */
import { buildModel } from '../../src/model/build.ts';
import type { Service } from '../../src/model/service.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { LogObserver } from './log-observer.ts';

/** The queue's count of ghosts (job-queue.ts), read through the service's private field: a test's view only. */
export const ghostsAt = (service: Service): number => service['waiting'].ghosts;

/** Runs the world to the end; `at`: times after which to read each service's ghost count. */
export function runCountingGhosts(s: Scenario, at: number[]): { log: string[]; ghosts: number[][] } {
  const observer = new LogObserver();
  const model = buildModel(s, observer);
  model.start();
  const ghosts = at.map((t) => {
    model.sim.run({ until: t });
    return model.services.map(ghostsAt);
  });
  model.sim.run();
  return { log: observer.lines, ghosts };
}
