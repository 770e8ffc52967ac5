/**
 * Wires a ModelConfig into runtime entities on a fresh Simulation. Every random stream is forked
 * from the seed by a label naming its owner and purpose, so adding a client or a fault never
 * changes the draws of another component.
 */
import { createSampler } from '../engine/samplers.ts';
import { rootStream } from '../engine/random.ts';
import { Simulation } from '../engine/simulation.ts';
import { createBudget } from '../strategies/budgets.ts';
import { createBreaker } from '../strategies/circuit-breaker.ts';
import { RetryPolicy } from '../strategies/retry.ts';
import { createShedding } from '../strategies/shedding/index.ts';
import { createThrottle } from '../strategies/throttle.ts';
import { ClosedClient, OpenClient, type Client, type ClientParts } from './clients.ts';
import type { CallPolicy, ClientConfig, ModelConfig } from './config.ts';
import { CallDeadlines } from './deadlines.ts';
import { FaultSchedule } from './faults.ts';
import type { ModelObserver } from './observer.ts';
import { ConnectionPool } from './pool.ts';
import type { Route } from './request.ts';
import { Service } from './service.ts';
import { TimeoutQueue } from './timeouts.ts';
import type { RandomStream } from '../engine/random.ts';

export interface Model {
  readonly sim: Simulation;
  readonly services: readonly Service[];
  readonly clients: readonly Client[];
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
function route(sim: Simulation, observer: ModelObserver, target: Service, policy: CallPolicy & { share?: number }, rng: RandomStream, owner: RouteOwner): Route {
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
  };
}

function buildClient(config: ClientConfig, parts: ClientParts): Client {
  const arrival = config.arrival;
  if (arrival.kind === 'open') return new OpenClient(parts, arrival.rate, arrival.process === 'poisson', arrival.schedule);
  return new ClosedClient(parts, arrival.users, createSampler(arrival.think));
}

export function buildModel(config: ModelConfig, observer: ModelObserver): Model {
  const sim = new Simulation();
  const root = rootStream(config.seed);
  const services = config.services.map((s, index) => {
    const own = root.fork(`service:${s.name}`);
    return new Service({
      index,
      name: s.name,
      workers: s.workers,
      queue: s.queue,
      serviceTime: createSampler(s.serviceTime),
      rng: own.fork('service_time'),
      faultRng: own.fork('faults'),
      sim,
      observer,
      shedding: createShedding(s.shedding),
      cancelOnTimeout: s.cancelOnTimeout,
    });
  });
  const byName = new Map(services.map((s) => [s.name, s]));
  config.services.forEach((s, i) => {
    services[i].calls = s.calls.map((call, k) =>
      route(sim, observer, byName.get(call.service) as Service, call, root.fork(`service:${s.name}/call:${k}`), { client: -1, service: i, propagates: s.cancelOnTimeout }),
    );
  });
  const clients = config.clients.map((c, index) => {
    const own = root.fork(`client:${c.name}`);
    const target = byName.get(c.target) as Service;
    const parts: ClientParts = {
      index,
      name: c.name,
      route: route(sim, observer, target, c, own.fork('retry'), { client: index, service: -1, propagates: false }),
      sim,
      observer,
      duration: config.duration,
      rng: own.fork('arrivals'),
    };
    return buildClient(c, parts);
  });
  const faults = new FaultSchedule(sim, config.faults, byName, new Map(clients.map((c) => [c.name, c])), config.duration);
  return {
    sim,
    services,
    clients,
    start() {
      faults.start();
      for (const client of clients) client.start();
    },
  };
}
