/**
 * The model's configuration: plain, validated data (times in seconds, rates per second).
 * Kept apart from the runtime objects built from it, as Ciw keeps its Network apart from its Nodes.
 */
import type { DistributionSpec } from '../engine/distribution.ts';
import type { CircuitBreakerSpec, HedgeSpec, RetrySpec, SheddingSpec, ThrottleSpec } from '../strategies/config.ts';

/** How one caller (a client, or a service calling another) talks to a service. */
export interface CallPolicy {
  /** Per attempt; null for no timeout. */
  timeout: number | null;
  retry: RetrySpec;
  /** null: none (the null object). */
  circuitBreaker: CircuitBreakerSpec | null;
  hedge: HedgeSpec | null;
  throttle: ThrottleSpec | null;
}

export interface DownstreamCall extends CallPolicy {
  service: string;
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
   * the attempt (from the queue, or stops serving it). Default false: it never learns.
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
}
