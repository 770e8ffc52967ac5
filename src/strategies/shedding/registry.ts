/**
 * The registry from a shedding `kind` to its factory; a service without shedding gets the
 * null object. A new kind is one entry here and one in SHEDDING_KINDS (config.ts).
 */
import type { SheddingSpec } from '../config.ts';
import { AdaptiveLifo } from './adaptive-lifo.ts';
import { CoDel } from './codel.ts';
import { ConcurrencyLimit } from './concurrency-limit.ts';
import { DeadlineShedding } from './deadline.ts';
import { AimdLimit, Gradient2Limit, type LimitAlgorithm } from './limits.ts';
import { NO_SHEDDING, type SheddingPolicy } from './policy.ts';

type ConcurrencyLimitSpec = Extract<SheddingSpec, { kind: 'concurrency_limit' }>;
type SheddingFactories = { [K in SheddingSpec['kind']]: (spec: Extract<SheddingSpec, { kind: K }>) => SheddingPolicy };

const LIMIT_ALGORITHMS: { [A in ConcurrencyLimitSpec['algorithm']]: (spec: ConcurrencyLimitSpec) => LimitAlgorithm } = {
  aimd: (spec) => new AimdLimit(spec, spec.backoffRatio, spec.timeout),
  gradient: (spec) => new Gradient2Limit(spec),
};

const SHEDDING_FACTORIES: SheddingFactories = {
  deadline: () => new DeadlineShedding(),
  codel: (spec) => new CoDel(spec.target, spec.interval),
  adaptive_lifo: (spec) => new AdaptiveLifo(spec.threshold),
  concurrency_limit: (spec) => new ConcurrencyLimit(LIMIT_ALGORITHMS[spec.algorithm](spec)),
};

/** A new policy (they keep state: one per service). */
export function createShedding(spec: SheddingSpec | null): SheddingPolicy {
  if (spec === null) return NO_SHEDDING;
  const factory = SHEDDING_FACTORIES[spec.kind] as (s: SheddingSpec) => SheddingPolicy;
  return factory(spec);
}
