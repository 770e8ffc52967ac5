/**
 * Wires a ModelConfig into runtime entities on a fresh Simulation. Every random stream is forked
 * from the seed by a label naming its owner and purpose, so adding a client or a fault never
 * changes the draws of another component.
 */
import { createSampler } from '../engine/samplers.ts';
import { Scaling } from './autoscale-units.ts';
import { Balancer } from './balancer.ts';
import { rootStream } from '../engine/random.ts';
import { Simulation } from '../engine/simulation.ts';
import { createBudget } from '../strategies/budgets.ts';
import { createBreaker } from '../strategies/circuit-breaker.ts';
import { RetryPolicy } from '../strategies/retry.ts';
import { createShedding } from '../strategies/shedding/index.ts';
import { NO_RETRY } from '../strategies/config.ts';
import { createThrottle } from '../strategies/throttle.ts';
import { ClosedClient, OpenClient, type Client, type ClientParts } from './clients.ts';
import { isParallel, partitionFor, type BalancePolicy, type CallPolicy, type ClientConfig, type DownstreamCall, type ModelConfig, type QueueConfig, type RouteHealthConfig, type ServiceConfig } from './config.ts';
import { Cache } from './cache.ts';
import { CallDeadlines } from './deadlines.ts';
import { PeriodicClient } from './periodic-client.ts';
import { createContention } from './contention.ts';
import { FanOutStep } from './fan-out.ts';
import { FaultSchedule } from './faults.ts';
import type { ModelObserver } from './observer.ts';
import type { Autoscaler } from './autoscaler.ts';
import { ConnectionPool } from './pool.ts';
import { routeHealth } from './route-health.ts';
import type { AttemptTarget, Route } from './request.ts';
import { Service } from './service.ts';
import { TimeoutQueue } from './timeouts.ts';
import type { RandomStream } from '../engine/random.ts';

export interface Model {
  readonly sim: Simulation;
  /** Every service's replicas, in scenario order (one each for services without `replicas`). */
  readonly services: readonly Service[];
  readonly clients: readonly Client[];
  /** The autoscaler of each service that has one, by service index (docs/autoscaling.md). */
  readonly autoscalers: ReadonlyMap<number, Autoscaler>;
  /** Schedules the first arrivals and the faults; then call sim.run(). */
  start(): void;
}

/** Who owns a route: a client (by index), or a service calling downstream (client -1). */
interface RouteOwner {
  client: number;
  service: number;
  /** A service that propagates deadlines to its calls (cancel_on_timeout). */
  propagates: boolean;
}

/**
 * One route per client and per downstream call of a service: its strategies keep state for
 * that caller alone, each drawing from a stream of its own (so that turning on a breaker does
 * not shift the backoff draws). The calls of a service that propagates deadlines time out by
 * CallDeadlines; every other route keeps the FIFO TimeoutQueue. A pool is the route's own too:
 * one per client, and one per entry of a service's `calls` (pool.ts says why per route).
 */
function route(sim: Simulation, observer: ModelObserver, target: AttemptTarget, policy: CallPolicy & { share?: number }, rng: RandomStream, owner: RouteOwner): Route {
  const share = policy.share;
  const deadlines = owner.propagates ? new CallDeadlines(sim, policy.timeout ?? Infinity) : null;
  const timeouts = deadlines ?? (policy.timeout === null ? null : new TimeoutQueue(sim, policy.timeout));
  const breaker = createBreaker(policy.circuitBreaker, rng.fork('breaker'), (t, from, to) =>
    observer.breakerChanged(owner.client, owner.service, t, from, to),
  );
  return {
    sim,
    observer,
    target,
    timeouts,
    deadlines,
    retry: new RetryPolicy(policy.retry),
    budget: createBudget(policy.retry.budget),
    breaker,
    throttle: createThrottle(policy.throttle, rng.fork('throttle')),
    hedge: policy.hedge,
    pool: policy.pool == null ? null : new ConnectionPool(sim, policy.pool),
    rng,
    client: owner.client,
    share: share === undefined || share >= 1 ? null : { fraction: share, rng: rng.fork('share') },
    outcomes: target instanceof Balancer ? target.outcomes : null,
  };
}

function buildClient(config: ClientConfig, parts: ClientParts): Client {
  const arrival = config.arrival;
  if (arrival.kind === 'open') return new OpenClient(parts, arrival.rate, arrival.process === 'poisson', arrival.schedule);
  if (arrival.kind === 'periodic') return new PeriodicClient(parts, arrival);
  return new ClosedClient(parts, arrival.users, createSampler(arrival.think));
}

/** One Service of those that make up a service: its workers, queue, and the label of its streams. */
interface Member {
  name: string;
  workers: number;
  queue: QueueConfig;
  streams: string;
}

/**
 * The Services a service is made of: its replicas, or its bulkhead partitions, or itself alone.
 * A service of one is built exactly as before replicas existed (same streams, same observer), so
 * its results are unchanged; replica r > 0 draws from streams labelled
 * `service:<name>/replica:<r>`, partition p from `service:<name>/partition:<p>`. An autoscaled
 * service with replicas has its `max` built from the start (autoscale-units.ts).
 */
function members(s: ServiceConfig): Member[] {
  if (s.partitions !== undefined && s.partitions.length > 0) {
    return s.partitions.map((p) => ({ name: `partitions.${p.name}`, workers: p.workers, queue: p.queue, streams: `service:${s.name}/partition:${p.name}` }));
  }
  const count = s.replicas === undefined || s.autoscale === undefined ? s.replicas ?? 1 : Math.max(s.replicas, s.autoscale.max);
  return Array.from({ length: count }, (_, r) => ({
    name: `replicas.${r}`, workers: s.workers, queue: s.queue, streams: r === 0 ? `service:${s.name}` : `service:${s.name}/replica:${r}`,
  }));
}

interface Built {
  services: Service[];
  labels: string[];
  /** Its autoscaling (null without `autoscale`). */
  scaling: Scaling | null;
}

function buildMembers(sim: Simulation, observer: ModelObserver, root: RandomStream, s: ServiceConfig, index: number, until: number): Built {
  const parts = members(s);
  const observers = parts.length === 1 ? [observer] : observer.memberObservers(index, parts);
  const scaling = s.autoscale === undefined ? null : new Scaling(sim, { ...s, autoscale: s.autoscale }, parts.length, until);
  const services = observers.map((member, r) => {
    const own = scaling === null ? member : scaling.tap(member, r);
    const streams = root.fork(parts[r].streams);
    return new Service({
      index,
      name: s.name,
      workers: parts[r].workers,
      queue: parts[r].queue,
      serviceTime: createSampler(s.serviceTime),
      rng: streams.fork('service_time'),
      faultRng: streams.fork('faults'),
      sim,
      observer: own,
      shedding: createShedding(s.shedding),
      cancelOnTimeout: s.cancelOnTimeout,
      contention: createContention(s.contention, own, index),
    });
  });
  scaling?.attach(services);
  return { services, labels: parts.map((p) => p.streams), scaling };
}

/** Who sends on a route: a client's name, or the calling service's; and the route's request class. */
interface Sender {
  name: string;
  requestClass: string | undefined;
}

/** How a route reaches its target's replicas: its balancing policy and what it knows of their health. */
type RouteReach = RouteHealthConfig & { balance?: BalancePolicy };

/**
 * Where a route's attempts go: the service itself; the partition that takes the sender's
 * attempts (bulkheads); or a balancer of the route's own over its replicas, with the route's
 * view of their health (route-health.ts; a null object without it). The health checks' routes
 * are built like any other, owned by the route's owner.
 */
function targetOf(
  sim: Simulation, observer: ModelObserver, { services: members, scaling }: Built, config: ServiceConfig, reach: RouteReach, rng: RandomStream,
  owner: RouteOwner, until: number, sender: Sender,
): AttemptTarget {
  if (members.length === 1) return members[0];
  if (config.partitions !== undefined && config.partitions.length > 0) return members[partitionFor(config.partitions, sender.name, sender.requestClass)];
  // An autoscaled service's rotation is shared by every route (the loader refuses health on such routes).
  const health = scaling?.replicas ?? routeHealth(reach, members, {
    sim, rng, until, makeRoute: (target, policy, own) => route(sim, observer, target, policy, own, { ...owner, client: -1 }),
  });
  return new Balancer(members, reach.balance ?? 'round_robin', config.weights ?? null, rng.fork('balance'), health, sim);
}

/**
 * A cache's misses go out on a route of their own to the caller's target, with no timeout and
 * no strategy: the caller's attempt keeps its own timeout and retries (cache.ts).
 */
const FETCH_POLICY: CallPolicy = { timeout: null, retry: NO_RETRY, circuitBreaker: null, hedge: null, throttle: null };

export function buildModel(config: ModelConfig, observer: ModelObserver): Model {
  const sim = new Simulation();
  const root = rootStream(config.seed);
  const built = config.services.map((s, index) => buildMembers(sim, observer, root, s, index, config.duration));
  const services = built.map((b) => b.services);
  const indexOf = new Map(config.services.map((s, i) => [s.name, i]));
  // Each cache draws its keys from a stream of its own (`cache:<name>`): no other stream moves.
  const caches = config.services.map((s, i) => (s.cache === undefined ? null : new Cache(s.cache, sim, observer, i, root.fork(`cache:${s.name}`).fork('keys'))));
  const target = (name: string, reach: RouteReach, rng: RandomStream, owner: RouteOwner, sender: Sender): AttemptTarget => {
    const i = indexOf.get(name) as number;
    const reached = targetOf(sim, observer, built[i], config.services[i], reach, rng, owner, config.duration, sender);
    const cache = caches[i];
    if (cache === null) return reached;
    // The caller's misses go to the target it would have reached, on a route of their own.
    return cache.front(route(sim, observer, reached, FETCH_POLICY, rng.fork('cache'), { client: -1, service: owner.service, propagates: false }));
  };
  config.services.forEach((s, i) => {
    const owner: RouteOwner = { client: -1, service: i, propagates: s.cancelOnTimeout };
    services[i].forEach((replica, r) => {
      // Each replica (or partition) calls through routes of its own (its own breaker, budget,
      // timeouts), as each instance of a service holds its own client library.
      const prefix = built[i].labels[r];
      const callRoute = (call: DownstreamCall, label: string): Route => {
        const rng = root.fork(label);
        return route(sim, observer, target(call.service, call, rng, owner, { name: s.name, requestClass: call.class }), call, rng, owner);
      };
      replica.calls = s.calls.map((step, k) => {
        const label = `${prefix}/call:${k}`;
        if (!isParallel(step)) return callRoute(step, label);
        // A branch of its own gets a label of its own; a lone branch (`fan_out:`) keeps the step's.
        const routes = step.parallel.map((branch, b) => callRoute(branch, step.parallel.length === 1 ? label : `${label}/branch:${b}`));
        return new FanOutStep(sim, routes, step.parallel.map((branch) => branch.count), step.quorum, s.cancelOnTimeout);
      });
    });
  });
  const clients = config.clients.map((c, index) => {
    const own = root.fork(`client:${c.name}`);
    const rng = own.fork('retry');
    const owner: RouteOwner = { client: index, service: -1, propagates: false };
    const parts: ClientParts = {
      index,
      name: c.name,
      route: route(sim, observer, target(c.target, c, rng, owner, { name: c.name, requestClass: c.class }), c, rng, owner),
      sim,
      observer,
      duration: config.duration,
      rng: own.fork('arrivals'),
    };
    return buildClient(c, parts);
  });
  const byName = new Map(config.services.map((s, i) => [s.name, services[i]]));
  const cacheByName = new Map(config.services.flatMap((s, i) => (caches[i] === null ? [] : [[s.name, caches[i] as Cache] as const])));
  const faults = new FaultSchedule(sim, config.faults, byName, new Map(clients.map((c) => [c.name, c])), config.duration, cacheByName);
  return {
    sim,
    services: services.flat(),
    clients,
    autoscalers: new Map(built.flatMap((b, i) => (b.scaling?.autoscaler ? [[i, b.scaling.autoscaler] as const] : []))),
    start() {
      for (const b of built) b.scaling?.start();
      faults.start();
      for (const client of clients) client.start();
    },
  };
}
