export { PROPAGATION_KINDS, type PropagationKind, type PropagationStrategySpec } from './config.ts';
export { FIRST_TRY, type Outbox, type PropagationStrategy } from './policy.ts';
export { createPropagationStrategy, type StrategyParts } from './registry.ts';
