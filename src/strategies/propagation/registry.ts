/**
 * The registry from a propagation `kind` to its factory. A new kind is one entry here and one in
 * PROPAGATION_KINDS (config.ts).
 */
import type { RandomStream } from '../../engine/random.ts';
import type { Simulation } from '../../engine/simulation.ts';
import type { PropagationStrategySpec } from './config.ts';
import { ConstantWork } from './constant-work.ts';
import type { PropagationStrategy } from './policy.ts';
import { Workflow } from './workflow.ts';

export interface StrategyParts {
  sim: Simulation;
  /** Backoff jitter draws. */
  rng: RandomStream;
}

type PropagationFactories = {
  [K in PropagationStrategySpec['kind']]: (spec: Extract<PropagationStrategySpec, { kind: K }>, parts: StrategyParts) => PropagationStrategy;
};

const PROPAGATION_FACTORIES: PropagationFactories = {
  constant_work: (spec, parts) => new ConstantWork(parts.sim, spec.period),
  workflow: (spec, parts) => new Workflow(parts.sim, spec, parts.rng),
};

export function createPropagationStrategy(spec: PropagationStrategySpec, parts: StrategyParts): PropagationStrategy {
  const factory = PROPAGATION_FACTORIES[spec.kind] as (s: PropagationStrategySpec, p: StrategyParts) => PropagationStrategy;
  return factory(spec, parts);
}
