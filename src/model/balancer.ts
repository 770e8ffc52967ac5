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
 */
import type { RandomStream } from '../engine/random.ts';
import type { Attempt } from './attempt.ts';
import type { BalancePolicy } from './config.ts';
import type { AbandonCause, AttemptTarget } from './request.ts';

/** What a balancer needs of a replica. */
export interface Replica extends AttemptTarget {
  /** Attempts queued or in service there now. */
  readonly outstanding: number;
}

/** Picks the replica for the next attempt. */
interface Picker {
  pick(): number;
}

export class Balancer implements AttemptTarget {
  private readonly picker: Picker;

  constructor(private readonly replicas: readonly Replica[], policy: BalancePolicy, weights: readonly number[] | null, rng: RandomStream) {
    this.picker = createPicker(policy, replicas, weights ?? replicas.map(() => 1), rng);
  }

  arrive(attempt: Attempt): void {
    this.replicas[this.picker.pick()].arrive(attempt);
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

  pick(): number {
    if (this.equal) {
      const i = this.next;
      this.next = i + 1 === this.weights.length ? 0 : i + 1;
      return i;
    }
    let best = 0;
    for (let i = 0; i < this.credit.length; i++) {
      this.credit[i] += this.weights[i];
      if (this.credit[i] > this.credit[best]) best = i;
    }
    this.credit[best] -= this.total;
    return best;
  }
}

class WeightedRandom implements Picker {
  /** Cumulative shares, the last exactly 1. */
  private readonly cumulative: number[];

  constructor(weights: readonly number[], private readonly rng: RandomStream) {
    const total = weights.reduce((a, b) => a + b, 0);
    let sum = 0;
    this.cumulative = weights.map((w) => (sum += w) / total);
    this.cumulative[this.cumulative.length - 1] = 1;
  }

  pick(): number {
    const u = this.rng.next();
    let i = 0;
    while (u >= this.cumulative[i]) i++;
    return i;
  }
}

class LeastOutstanding implements Picker {
  constructor(private readonly replicas: readonly Replica[], private readonly weights: readonly number[], private readonly rng: RandomStream) {}

  /** The least loaded; among equals, one drawn uniformly (one draw, and only on a tie). */
  pick(): number {
    const n = this.replicas.length;
    let bestLoad = Infinity;
    let ties = 0;
    for (let i = 0; i < n; i++) {
      const load = this.replicas[i].outstanding / this.weights[i];
      if (load < bestLoad) {
        bestLoad = load;
        ties = 1;
      } else if (load === bestLoad) ties++;
    }
    let k = ties === 1 ? 0 : Math.floor(this.rng.next() * ties);
    for (let i = 0; i < n; i++) {
      if (this.replicas[i].outstanding / this.weights[i] === bestLoad && k-- === 0) return i;
    }
    return 0;
  }
}

class PowerOfTwo implements Picker {
  constructor(private readonly replicas: readonly Replica[], private readonly weights: readonly number[], private readonly rng: RandomStream) {}

  pick(): number {
    const n = this.replicas.length;
    const a = Math.floor(this.rng.next() * n);
    // The second from the other n − 1: two distinct replicas, as Envoy draws them.
    let b = Math.floor(this.rng.next() * (n - 1));
    if (b >= a) b++;
    const loadA = this.replicas[a].outstanding / this.weights[a];
    const loadB = this.replicas[b].outstanding / this.weights[b];
    return loadB < loadA ? b : a;
  }
}
