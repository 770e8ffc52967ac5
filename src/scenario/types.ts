/** A validated scenario: the model's configuration plus what to measure and check. */
import type { ModelConfig } from '../model/config.ts';

export const COMPARISON_OPS = ['<=', '>=', '==', '!=', '<', '>'] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

export interface Assertion {
  /** As written in the scenario. */
  expr: string;
  /** Dotted metric path into summary.json, e.g. `clients.web.latency.p99`. */
  path: string;
  op: ComparisonOp;
  /** In the metric's own unit (seconds, fractions, per second). */
  value: number;
  /** Map form only: the share of seeds on which expr must hold (used by multi-seed runs). */
  probability: number | null;
}

export interface MetastabilityConfig {
  /** Goodput within this relative distance of the baseline counts as recovered. Default 0.1. */
  tolerance: number;
  /** ... and must stay there this long (seconds) before the run ends. Default 10. */
  hold: number;
}

export interface Scenario extends ModelConfig {
  name: string;
  description: string;
  warmup: number;
  window: number;
  metastability: MetastabilityConfig;
  assertions: Assertion[];
}
