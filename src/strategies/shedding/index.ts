export { createShedding } from './registry.ts';
export { NO_SHEDDING, type Drops, type SheddingPolicy, type WaitingAttempt, type WaitingLine } from './policy.ts';
