/**
 * Propagation strategies as plain data (SCENARIO-FORMAT.md, "Constant-work propagation"):
 * how a sender gets a table of statuses to every node. Durations in seconds.
 */
import type { RetrySpec } from '../config.ts';

export const PROPAGATION_KINDS = ['constant_work', 'workflow'] as const;
export type PropagationKind = (typeof PROPAGATION_KINDS)[number];

export type PropagationStrategySpec =
  /** Every `period`, the whole table to every node, whatever changed (AWS Builders' Library, constant work). */
  | { kind: 'constant_work'; period: number }
  /**
   * Edge-triggered: one update per change and node, retried as a client retries. `timeout` is
   * how long the sender waits for a node's acknowledgement before it counts the update as lost
   * (null: it never notices a loss, so nothing is ever retried).
   */
  | { kind: 'workflow'; retry: RetrySpec; timeout: number | null };
