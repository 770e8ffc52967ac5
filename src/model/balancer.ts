/**
 * A service's replicas behind a load balancer (docs/replicas.md): the target of a route whose
 * service has more than one replica. Each attempt goes to the replica its policy picks; an
 * abandoned attempt is passed to the replica holding it.
 *
 * Policies (the route's `balance`), after Envoy's load balancers
 * (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/load_balancers):
 * - round_robin: each replica in turn; with weights, smooth weighted round robin (nginx's
 *   algorithm: every pick adds each weight to its replica's credit, takes the largest, and
 *   takes the total from it), which spreads a weight-3 replica's turns out rather than in a row.
 * - random: uniform, or in proportion to the weights.
 * - least_outstanding: the replica with the fewest attempts outstanding (join the shortest
 *   queue), divided by its weight; ties go to a random one of them.
 * - power_of_two: two distinct replicas drawn at random, the one with fewer outstanding attempts
 *   (divided by weight) taken, the first drawn on a tie: Envoy's LEAST_REQUEST with its default
 *   choice_count of 2 (Mitzenmacher, "The Power of Two Choices in Randomized Load Balancing").
 *
 * "Outstanding" is the replica's own count of attempts queued or in service (a worker waiting
 * on a downstream call included), as if the balancer saw each replica's load exactly. Envoy
 * counts the requests it has itself sent and not yet seen answered; the two agree when one
 * balancer sends all the traffic and callers do not give up on attempts (a timed-out attempt
 * still queued counts here, and no longer does in Envoy).
 *
 * Health (replica-health.ts): with health checks or outlier detection on the route, each pick is
 * made among the replicas its view holds healthy (all of them when it panics), by the same
 * policy: round robin skips the others in turn; random, least outstanding and power of two draw
 * among the candidates only. With none to pick from, the attempt fails with `error` (Envoy's 503
 * "no healthy upstream"), answered through an event, never having reached a replica. Without
 * health the candidates are every replica, and every pick is the one it always was.
 */
import type { EventHandler } from '../engine/event-queue.ts';
import type { RandomStream } from '../engine/random.ts';
import type { Simulation } from '../engine/simulation.ts';
import type { Attempt } from './attempt.ts';
import type { BalancePolicy } from './config.ts';
import type { JobOwner } from './job.ts';
import { everyReplica, type ReplicaChoice } from './replica-health.ts';
import type { AbandonCause, AttemptOutcomes, AttemptTarget } from './request.ts';

/** What a balancer needs of a replica. */
export interface Replica extends AttemptTarget {
  /** Attempts queued or in service there now. */
  readonly outstanding: number;
}

/** Picks the replica for the next attempt among `c`, the candidates (ascending indexes; at least one). */
interface Picker {
  pick(c: readonly number[], allowed: readonly boolean[]): number;
}

export class Balancer implements AttemptTarget, EventHandler {
  private readonly picker: Picker;

  constructor(
    private readonly replicas: readonly Replica[], policy: BalancePolicy, weights: readonly number[] | null, rng: RandomStream,
    private readonly health: ReplicaChoice = everyReplica(replicas.length), private readonly sim: Simulation | null = null,
  ) {
    this.picker = createPicker(policy, replicas, weights ?? replicas.map(() => 1), rng);
  }

  /** Outlier detection, told how each attempt ended (null without it): the route's `outcomes`. */
  get outcomes(): AttemptOutcomes | null {
    return this.health.outcomes;
  }

  /**
   * The replica is named the attempt's holder before it arrives (Service.holdAt names the same),
   * so that outlier detection learns whose answer it is, even of an attempt refused at arrival.
   */
  arrive(attempt: Attempt): void {
    const health = this.health;
    const c = health.candidates;
    if (c.length === 0) {
      (this.sim as Simulation).scheduleIn(0, this, 0, attempt);
      return;
    }
    const replica = this.replicas[this.picker.pick(c, health.allowed)];
    attempt.holder = replica as unknown as JobOwner;
    replica.arrive(attempt);
  }

  /** No healthy replica: the attempt fails (an event, as a service answers). */
  handleEvent(_tag: number, data: unknown): void {
    const attempt = data as Attempt;
    attempt.request.respond(attempt, 'error');
  }

  /** The replica that holds it (its holder) decides; one that never held it has nothing to do. */
  abandon(attempt: Attempt, cause: AbandonCause): void {
    const holder = attempt.holder as unknown as AttemptTarget | null;
    if (holder !== null) holder.abandon(attempt, cause);
  }
}

function createPicker(policy: BalancePolicy, replicas: readonly Replica[], weights: readonly number[], rng: RandomStream): Picker {
  switch (policy) {
    case 'round_robin': return new RoundRobin(weights);
    case 'random': return new WeightedRandom(weights, rng);
    case 'least_outstanding': return new LeastOutstanding(replicas, weights, rng);
    case 'power_of_two': return new PowerOfTwo(replicas, weights, rng);
  }
}

class RoundRobin implements Picker {
  private next = 0;
  private readonly credit: number[];
  private readonly total: number;
  private readonly equal: boolean;

  constructor(private readonly weights: readonly number[]) {
    this.credit = weights.map(() => 0);
    this.total = weights.reduce((a, b) => a + b, 0);
    this.equal = weights.every((w) => w === weights[0]);
  }

  pick(c: readonly number[], allowed: readonly boolean[]): number {
    const n = this.weights.length;
    if (this.equal) {
      let i = this.next;
      // The next one in turn that is a candidate (with every replica a candidate, the next).
      while (!allowed[i]) i = i + 1 === n ? 0 : i + 1;
      this.next = i + 1 === n ? 0 : i + 1;
      return i;
    }
    // Smooth weighted round robin over the candidates alone, as over a smaller set.
    let best = c[0];
    let total = this.total;
    if (c.length < n) {
      total = 0;
      for (const i of c) total += this.weights[i];
    }
    for (const i of c) {
      this.credit[i] += this.weights[i];
      if (this.credit[i] > this.credit[best]) best = i;
    }
    this.credit[best] -= total;
    return best;
  }
}

class WeightedRandom implements Picker {
  /** Cumulative shares, the last exactly 1. */
  private readonly cumulative: number[];

  constructor(private readonly weights: readonly number[], private readonly rng: RandomStream) {
    const total = weights.reduce((a, b) => a + b, 0);
    let sum = 0;
    this.cumulative = weights.map((w) => (sum += w) / total);
    this.cumulative[this.cumulative.length - 1] = 1;
  }

  pick(c: readonly number[]): number {
    const u = this.rng.next();
    if (c.length < this.cumulative.length) return this.among(c, u);
    let i = 0;
    while (u >= this.cumulative[i]) i++;
    return i;
  }

  /** In proportion to the candidates' weights (only while some replicas are out). */
  private among(c: readonly number[], u: number): number {
    let total = 0;
    for (const i of c) total += this.weights[i];
    let sum = 0;
    for (let k = 0; k < c.length - 1; k++) {
      sum += this.weights[c[k]];
      if (u < sum / total) return c[k];
    }
    return c[c.length - 1];
  }
}

class LeastOutstanding implements Picker {
  constructor(private readonly replicas: readonly Replica[], private readonly weights: readonly number[], private readonly rng: RandomStream) {}

  /** The least loaded candidate; among equals, one drawn uniformly (one draw, and only on a tie). */
  pick(c: readonly number[]): number {
    let bestLoad = Infinity;
    let ties = 0;
    for (const i of c) {
      const load = this.replicas[i].outstanding / this.weights[i];
      if (load < bestLoad) {
        bestLoad = load;
        ties = 1;
      } else if (load === bestLoad) ties++;
    }
    let k = ties === 1 ? 0 : Math.floor(this.rng.next() * ties);
    for (const i of c) {
      if (this.replicas[i].outstanding / this.weights[i] === bestLoad && k-- === 0) return i;
    }
    return c[0];
  }
}

class PowerOfTwo implements Picker {
  constructor(private readonly replicas: readonly Replica[], private readonly weights: readonly number[], private readonly rng: RandomStream) {}

  pick(c: readonly number[]): number {
    const n = c.length;
    if (n === 1) return c[0];
    const j = Math.floor(this.rng.next() * n);
    // The second from the other n − 1: two distinct replicas, as Envoy draws them.
    let k = Math.floor(this.rng.next() * (n - 1));
    if (k >= j) k++;
    const a = c[j];
    const b = c[k];
    const loadA = this.replicas[a].outstanding / this.weights[a];
    const loadB = this.replicas[b].outstanding / this.weights[b];
    return loadB < loadA ? b : a;
  }
}
