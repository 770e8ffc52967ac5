/**
 * The model's configuration: plain, validated data (times in seconds, rates per second).
 * Kept apart from the runtime objects built from it, as Ciw keeps its Network apart from its Nodes.
 */
import type { DistributionSpec } from '../engine/distribution.ts';
import type { CircuitBreakerSpec, HedgeSpec, PoolSpec, RetrySpec, SheddingSpec, ThrottleSpec } from '../strategies/config.ts';
import type { PropagationStrategySpec } from '../strategies/propagation/config.ts';

/** How one caller (a client, or a service calling another) talks to a service. */
export interface CallPolicy {
  /** Per attempt; null for no timeout. */
  timeout: number | null;
  retry: RetrySpec;
  /** null: none (the null object). */
  circuitBreaker: CircuitBreakerSpec | null;
  hedge: HedgeSpec | null;
  throttle: ThrottleSpec | null;
  /** Absent or null: no pool, attempts go out at once (optional, so configs built in code need not say so). */
  pool?: PoolSpec | null;
}

export interface DownstreamCall extends CallPolicy {
  service: string;
  /**
   * The share of the service's jobs that make this call (the others skip it): a mix of request
   * kinds at one service, e.g. the pages that show recommendations. Absent: 1, every job.
   */
  share?: number;
}

export interface QueueConfig {
  /** null for unbounded. */
  capacity: number | null;
  discipline: 'fifo' | 'lifo';
}

export interface ServiceConfig {
  name: string;
  workers: number;
  serviceTime: DistributionSpec;
  queue: QueueConfig;
  /** Made in order after the service's own work, holding the worker. */
  calls: DownstreamCall[];
  /** null: no shedding; the queue takes everything up to its capacity. */
  shedding: SheddingSpec | null;
  /**
   * Deadline propagation: when a caller's attempt times out, the service learns it and drops
   * the attempt (from the queue, or stops serving it, or cancels the call it waits on, down the
   * tree); its calls' attempts are bounded by the caller's deadline (deadlines.ts). Default
   * false: it never learns.
   */
  cancelOnTimeout: boolean;
}

export interface RateStep {
  at: number;
  rate: number;
}

export type ArrivalConfig =
  | { kind: 'open'; rate: number; process: 'poisson' | 'uniform'; schedule: RateStep[] }
  | { kind: 'closed'; users: number; think: DistributionSpec };

export interface ClientConfig extends CallPolicy {
  name: string;
  target: string;
  arrival: ArrivalConfig;
}

/** Each fault is active in [at, at + for). */
interface FaultWindow {
  at: number;
  for: number;
}

export type FaultConfig = FaultWindow &
  (
    | { kind: 'slowdown'; service: string; factor: number }
    | { kind: 'workers'; service: string; count: number | null; factor: number | null }
    | { kind: 'load_spike'; client: string; factor: number }
    | { kind: 'error_rate'; service: string; rate: number; latency: number }
    | { kind: 'outage'; service: string }
    | { kind: 'latency'; service: string; add: number }
  );

export type FaultKind = FaultConfig['kind'];
export const FAULT_KINDS: readonly FaultKind[] = ['slowdown', 'workers', 'load_spike', 'error_rate', 'outage', 'latency'];

export interface ModelConfig {
  seed: number;
  /** Arrivals stop here; work in flight then drains. */
  duration: number;
  services: ServiceConfig[];
  clients: ClientConfig[];
  faults: FaultConfig[];
  /** The constant-work propagation section; absent or null when the scenario has none. */
  propagation?: PropagationConfig | null;
}

/** Changes to the status table (each flips one entry). They stop at the run's duration. */
export type ChangeConfig =
  /** One change at a time, at `rate` per second, to an entry drawn uniformly. */
  | { kind: 'steady'; rate: number; process: 'poisson' | 'uniform' }
  /** `count` changes at the instant `at`, to distinct entries drawn uniformly (an availability zone going dark). */
  | { kind: 'mass'; at: number; count: number };

/** Perturbations of the propagation: drop_updates and slowdown are active in [at, at + for); lost nodes stay lost. */
export type PropagationFaultConfig =
  /** That share of the messages the sender sends is lost on the way (pushes and updates alike). */
  | { kind: 'drop_updates'; fraction: number; at: number; for: number }
  /** The `count` highest-numbered live nodes are gone: nothing more is sent to them, and they no longer count. */
  | { kind: 'lose_nodes'; count: number; at: number }
  /** The sender's message costs are multiplied by `factor` (for messages started while it is active). */
  | { kind: 'slowdown'; factor: number; at: number; for: number };

export type PropagationFaultKind = PropagationFaultConfig['kind'];
export const PROPAGATION_FAULT_KINDS: readonly PropagationFaultKind[] = ['drop_updates', 'lose_nodes', 'slowdown'];

/** Cost of a message: per_message + entries carried × per_entry, in seconds of one worker. */
export interface MessageCost {
  perEntry: number;
  perMessage: number;
}

export interface PropagationConfig {
  /** Size of the status table: the most it will ever hold (a full push always carries this many slots). */
  entries: number;
  /** Data-plane nodes that must learn every status. */
  nodes: number;
  strategy: PropagationStrategySpec;
  sender: MessageCost & { workers: number };
  /** Each node has one worker that applies what arrives, in order. */
  receiver: MessageCost;
  changes: ChangeConfig[];
  faults: PropagationFaultConfig[];
}
