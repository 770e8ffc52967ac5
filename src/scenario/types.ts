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
  /** Recovery must begin within this long after the last fault ends, or it does not count. Null: no limit. */
  limit: number | null;
}

/** Metrics a baseline keeps, per client, and how much worse than the baseline is a regression. */
export const BASELINE_METRICS = [
  'goodput_ratio', 'amplification', 'latency_p50', 'latency_p99', 'latency_p999', 'recovery_time_s', 'metastable_share', 'recovered_share',
] as const;
export type BaselineMetric = (typeof BASELINE_METRICS)[number];

/** For `simulate check`. */
export interface CheckConfig {
  /** Seeds to run when --seeds is not given. Default 1. */
  seeds: number;
  /** Allowed worsening per baseline metric, overriding the defaults (fractions: relative, or absolute for shares). */
  tolerances: Partial<Record<BaselineMetric, number>>;
}

export interface Scenario extends ModelConfig {
  name: string;
  description: string;
  warmup: number;
  window: number;
  metastability: MetastabilityConfig;
  check: CheckConfig;
  assertions: Assertion[];
}

/** One entry of `variants:`: the base scenario with that variant's changes merged over it. */
export interface Variant {
  /** The key in `variants` ([a-z0-9-]+); `scenario.name` stays the base's. */
  name: string;
  scenario: Scenario;
}
