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

/**
 * How a caller spreads its attempts over a service's replicas (docs/replicas.md): Envoy's
 * ROUND_ROBIN, RANDOM and LEAST_REQUEST (power_of_two, two random choices), and joining the
 * shortest queue (least_outstanding).
 */
export const BALANCE_POLICIES = ['round_robin', 'random', 'least_outstanding', 'power_of_two'] as const;
export type BalancePolicy = (typeof BALANCE_POLICIES)[number];

/**
 * Active health checks of a route's replicas (docs/replicas.md, "Health checks"), after Envoy's
 * (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/health_checking).
 */
export interface HealthCheckSpec {
  /** Between the end of one check of a replica and the start of the next (seconds). */
  interval: number;
  /** A check not answered within this long failed. */
  timeout: number;
  /** Consecutive failed checks that make a healthy replica unhealthy. */
  unhealthyThreshold: number;
  /** Consecutive passed checks that make an unhealthy replica healthy again. */
  healthyThreshold: number;
  /** true: a check is an attempt like any other, queued for a worker; false: answered at once unless a fault fails it. */
  queued: boolean;
}

/**
 * Passive outlier detection of a route's replicas (docs/replicas.md, "Outlier ejection"), after
 * Envoy's (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier).
 */
export interface OutlierDetectionSpec {
  /** Consecutive failed attempts (error, rejected or timeout: Envoy's consecutive_5xx) that eject; null: off. */
  consecutiveErrors: number | null;
  /** Consecutive timeouts (Envoy's consecutive_gateway_failure, a timeout being a 504) that eject; null: off. */
  consecutiveTimeouts: number | null;
  /** An ejection lasts this × the times the replica has been ejected (seconds), ... */
  baseEjectionTime: number;
  /** ... but no longer than this (or base_ejection_time, if longer). */
  maxEjectionTime: number;
  /** The most of the replicas (a fraction, 0-1) ejected at once; one may always be. */
  maxEjectionPercent: number;
}

/**
 * What a route knows of its replicas' health: all absent on a route without health checks or
 * outlier detection (and then the route balances exactly as before these existed).
 */
export interface RouteHealthConfig {
  healthCheck?: HealthCheckSpec;
  outlierDetection?: OutlierDetectionSpec;
  /**
   * Envoy's healthy panic threshold (a fraction, 0-1; 0 turns it off): when a smaller share of
   * the replicas than this is healthy, the balancer ignores health. Default 0.5 (Envoy's).
   */
  healthyPanicThreshold?: number;
}

export interface DownstreamCall extends CallPolicy, RouteHealthConfig {
  service: string;
  /** Over the target's replicas; meaningless (and harmless) with one replica. Default round_robin. */
  balance?: BalancePolicy;
  /** The request class, for a target with partitions (bulkheads). */
  class?: string;
  /**
   * The share of the service's jobs that make this call (the others skip it): a mix of request
   * kinds at one service, e.g. the pages that show recommendations. Absent: 1, every job.
   */
  share?: number;
}

/** What a full bounded queue does with an arriving attempt (docs/back-pressure.md). */
export const QUEUE_OVERFLOWS = ['reject_new', 'drop_oldest', 'block'] as const;
export type QueueOverflow = (typeof QUEUE_OVERFLOWS)[number];

/** One branch of a parallel step: `count` identical calls to `service`, sharing one route. */
export interface ParallelBranch extends DownstreamCall {
  count: number;
}

/**
 * Several calls sent at once, of which `quorum` must succeed (docs/fan-out.md): the step fails
 * as soon as that has become impossible, and once it is decided the rest are abandoned.
 */
export interface ParallelStep {
  parallel: ParallelBranch[];
  /** 1 for `wait: any`, the number of calls for `wait: all`; between the two. */
  quorum: number;
}

/** One step of a service's calls: a plain call, or a parallel step (fan-out.ts). */
export type CallStep = DownstreamCall | ParallelStep;

export const isParallel = (step: CallStep): step is ParallelStep => 'parallel' in step;

export interface QueueConfig {
  /** null for unbounded. */
  capacity: number | null;
  discipline: 'fifo' | 'lifo';
  /**
   * Absent: the default, `reject_new` (the loader leaves it out then, so that a queue
   * configures as it did before the key existed). Not `reject_new` only with a numeric capacity.
   */
  overflow?: QueueOverflow;
}

export interface ServiceConfig {
  name: string;
  /** Per replica. */
  workers: number;
  /** Copies of the service, each with its own workers and queue (docs/replicas.md). Default 1. */
  replicas?: number;
  /** The replicas' load-balancing weights, one per replica; null or absent: all equal. */
  weights?: number[] | null;
  /**
   * Bulkheads (docs/bulkheads.md): the workers split into partitions, each with its own queue,
   * each taking the attempts of some callers or request classes. Absent: one pool of workers.
   */
  partitions?: PartitionConfig[];
  serviceTime: DistributionSpec;
  queue: QueueConfig;
  /** Made in order after the service's own work, holding the worker. */
  calls: CallStep[];
  /** null: no shedding; the queue takes everything up to its capacity. */
  shedding: SheddingSpec | null;
  /**
   * Deadline propagation: when a caller's attempt times out, the service learns it and drops
   * the attempt (from the queue, or stops serving it, or cancels the call it waits on, down the
   * tree); its calls' attempts are bounded by the caller's deadline (deadlines.ts). Default
   * false: it never learns.
   */
  cancelOnTimeout: boolean;
  /** Service time that grows with the jobs at work (docs/contention.md). Absent: none, as before the key existed. */
  contention?: ContentionConfig;
  /**
   * A look-aside cache that every caller of the service consults first (docs/caches.md).
   * Absent: none, and the service is reached exactly as before caches existed.
   */
  cache?: CacheConfig;
  /**
   * Target-tracking autoscaling of its workers, or of its replicas when it has `replicas`
   * (docs/autoscaling.md). Absent: a fixed size, as before the key existed.
   */
  autoscale?: AutoscaleSpec;
}

/** How the keys a cache is asked for are drawn, one per request (docs/caches.md). */
export type KeyPopularity = { count: number; popularity: 'uniform' } | { count: number; popularity: 'zipf'; alpha: number };

export const KEY_POPULARITIES = ['zipf', 'uniform'] as const;

/** A look-aside cache in front of a service (cache.ts, docs/caches.md). Times in seconds. */
export interface CacheConfig {
  keys: KeyPopularity;
  /** Entries held; the least recently used is evicted to make room. */
  capacity: number;
  /** An entry expires this long after it was filled (a hit does not extend it); null: never. */
  ttl: number | null;
  /** How long a hit takes to answer (and a refusal, or a stale answer at the miss cap). */
  hitLatency: number;
  /** A backend response that comes after every caller waiting for it gave up still fills the key. */
  fillOnLateResponse: boolean;
  /** Single flight per key: a miss for a key already being fetched waits for that fetch. */
  coalesce: boolean;
  /** Expired entries are kept until evicted, and answer a miss whose backend request failed. */
  serveStale: boolean;
  /** The most backend requests out at once; a miss beyond it is refused (or served stale). null: no cap. */
  maxConcurrentMisses: number | null;
}

/** What an autoscaler tracks (docs/autoscaling.md). */
export const AUTOSCALE_METRICS = ['utilization', 'queue_length'] as const;
export type AutoscaleMetric = (typeof AUTOSCALE_METRICS)[number];

/**
 * Target tracking after AWS Application Auto Scaling and the Kubernetes HPA
 * (docs/autoscaling.md): every `every`, desired = ceil(current × metric / target), clamped to
 * [min, max], at most `maxStep` units per action. Times in seconds.
 */
export interface AutoscaleSpec {
  metric: AutoscaleMetric;
  /** utilization: busy share of the serving workers (0-1]; queue_length: attempts waiting per serving unit (> 0). */
  target: number;
  /** No action while |metric / target − 1| is at most this (the HPA's tolerance). */
  tolerance: number;
  /** The metric is averaged (time-weighted) over the last `window` seconds. */
  window: number;
  /** Evaluation interval; `window` is a whole multiple of it. */
  every: number;
  /** Units (workers, or replicas for a service with `replicas`). */
  min: number;
  max: number;
  /** Added units serve only this long after they were ordered. */
  provisioningDelay: number;
  /** No scale-in for this long after any action (AWS's ScaleInCooldown; the HPA's scale-down stabilization). */
  cooldown: number;
  /** No scale-out for this long after a scale-out (AWS's ScaleOutCooldown). */
  scaleOutCooldown: number;
  /** The governor: the most units added or removed by one action; null: no limit. */
  maxStep: number | null;
}

/**
 * How a job's sampled service time stretches with N, the jobs at their own work at its replica
 * when it starts, itself included (contention.ts): linear adds perAttempt × N seconds; usl
 * multiplies by 1 + σ(N − 1) + κN(N − 1) (Gunther's Universal Scalability Law).
 */
export type ContentionConfig = { kind: 'linear'; perAttempt: number } | { kind: 'usl'; sigma: number; kappa: number };

export interface RateStep {
  at: number;
  rate: number;
}

export type ArrivalConfig =
  | { kind: 'open'; rate: number; process: 'poisson' | 'uniform'; schedule: RateStep[] }
  | { kind: 'closed'; users: number; think: DistributionSpec }
  /**
   * Periodic work (docs/periodic-work.md): at every boundary k·every + phase before the run's
   * duration, `count` requests, each at an offset drawn uniformly in [0, jitter).
   */
  | { kind: 'periodic'; every: number; count: number; jitter: number; phase: number };

/** One bulkhead of a service: `workers` of its workers and a queue of its own. */
export interface PartitionConfig {
  name: string;
  workers: number;
  queue: QueueConfig;
  /** Clients and calling services whose attempts it takes. */
  callers: string[];
  /** Request classes (a route's `class`) whose attempts it takes. */
  classes: string[];
}

/**
 * The partition of `partitions` that takes the attempts of `caller` (a client's name, or a
 * calling service's) whose route has class `requestClass`: the one naming the caller or the
 * class, else the one naming neither (the shared rest). The loader makes sure there is exactly
 * one (partition-callers.ts).
 */
export function partitionFor(partitions: readonly PartitionConfig[], caller: string, requestClass: string | undefined): number {
  const named = partitions.findIndex((p) => takes(p, caller, requestClass));
  return named >= 0 ? named : partitions.findIndex(takesTheRest);
}

/** Whether the partition names the caller or its request class. */
export function takes(p: Pick<PartitionConfig, 'callers' | 'classes'>, caller: string, requestClass: string | undefined): boolean {
  return p.callers.includes(caller) || (requestClass !== undefined && p.classes.includes(requestClass));
}

/** The partition naming no caller and no class: it takes everyone else's attempts. */
export function takesTheRest(p: Pick<PartitionConfig, 'callers' | 'classes'>): boolean {
  return p.callers.length === 0 && p.classes.length === 0;
}

export interface ClientConfig extends CallPolicy, RouteHealthConfig {
  name: string;
  target: string;
  /** The request class, for a target with partitions (bulkheads). */
  class?: string;
  /** Default round_robin. */
  balance?: BalancePolicy;
  arrival: ArrivalConfig;
}

/** Each fault is active in [at, at + for). */
interface FaultWindow {
  at: number;
  for: number;
}

/** A service fault hits the replicas listed (indexes from 0), or all of them when null. */
interface ServiceFault {
  service: string;
  replicas?: number[] | null;
}

export type FaultConfig = FaultWindow &
  (
    | (ServiceFault & { kind: 'slowdown'; factor: number })
    | (ServiceFault & { kind: 'workers'; count: number | null; factor: number | null })
    | { kind: 'load_spike'; client: string; factor: number }
    | (ServiceFault & { kind: 'error_rate'; rate: number; latency: number })
    | (ServiceFault & { kind: 'outage' })
    | (ServiceFault & { kind: 'latency'; add: number })
    /** Instant (`for` is 0): the service's cache loses `share` of its entries (1: all of them). */
    | { kind: 'cache_flush'; service: string; share: number }
  );

export type FaultKind = FaultConfig['kind'];
export const FAULT_KINDS: readonly FaultKind[] = ['slowdown', 'workers', 'load_spike', 'error_rate', 'outage', 'latency', 'cache_flush'];

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
