/**
 * Client populations. Open-loop clients send new requests at a rate whatever happens to earlier
 * ones (Poisson or evenly spaced arrivals, with a rate schedule); closed-loop clients are a
 * fixed number of users who each wait for their answer, then think, then send the next.
 * Arrivals stop at the run's duration; requests already started run to their end.
 */
import type { EventHandler } from '../engine/event-queue.ts';
import type { Sampler } from '../engine/distribution.ts';
import type { RandomStream } from '../engine/random.ts';
import { NO_EVENT, type EventId, type Simulation } from '../engine/simulation.ts';
import type { FailureReason } from '../strategies/reasons.ts';
import type { RateStep } from './config.ts';
import type { ModelObserver } from './observer.ts';
import { Request, type Caller, type Route } from './request.ts';

export interface ClientParts {
  index: number;
  name: string;
  route: Route;
  sim: Simulation;
  observer: ModelObserver;
  /** Arrivals stop here. */
  duration: number;
  /** Arrival gaps or think times. */
  rng: RandomStream;
}

export interface Client extends Caller {
  readonly name: string;
  start(): void;
  /** Product of the active `load_spike` factors. */
  setLoadFactor(factor: number): void;
}

export abstract class ClientBase implements Caller {
  readonly name: string;

  constructor(protected readonly parts: ClientParts) {
    this.name = parts.name;
  }

  protected send(caller: Caller): void {
    const { sim, observer, index, route } = this.parts;
    observer.requestStarted(index, sim.now);
    new Request(route, caller, sim.now).start();
  }

  requestEnded(request: Request, reason: FailureReason | null): void {
    const { sim, observer, index } = this.parts;
    observer.requestEnded(index, request.startedAt, sim.now, request.attempts, reason);
  }
}

const ARRIVAL = 0;
const RATE_STEP = 1;

export class OpenClient extends ClientBase implements Client, EventHandler {
  private factor = 1;
  private nextArrival: EventId = NO_EVENT;

  constructor(parts: ClientParts, private rate: number, private readonly poisson: boolean, private readonly schedule: RateStep[]) {
    super(parts);
  }

  start(): void {
    for (const step of this.schedule) {
      if (step.at < this.parts.duration) this.parts.sim.schedule(step.at, this, RATE_STEP, step);
    }
    this.planNextArrival();
  }

  setLoadFactor(factor: number): void {
    this.factor = factor;
    this.planNextArrival();
  }

  handleEvent(tag: number, data: unknown): void {
    if (tag === ARRIVAL) {
      this.nextArrival = NO_EVENT;
      this.send(this);
      this.planNextArrival();
    } else {
      this.rate = (data as RateStep).rate;
      this.planNextArrival();
    }
  }

  /**
   * Replans from now whenever the rate changes; for Poisson arrivals this is exact, since the
   * exponential gap is memoryless. Evenly spaced arrivals restart their phase at a change.
   */
  private planNextArrival(): void {
    const sim = this.parts.sim;
    sim.cancel(this.nextArrival);
    this.nextArrival = NO_EVENT;
    const rate = this.rate * this.factor;
    if (!(rate > 0)) return;
    const gap = this.poisson ? -Math.log(1 - this.parts.rng.next()) / rate : 1 / rate;
    const at = sim.now + gap;
    if (at < this.parts.duration) this.nextArrival = sim.schedule(at, this, ARRIVAL);
  }
}

const THINK_DONE = 0;

/** One closed-loop user: think, send, wait for the end, think again. */
class User implements Caller, EventHandler {
  running = false;

  constructor(private readonly client: ClosedClient, readonly id: number) {}

  begin(): void {
    this.running = true;
    this.think();
  }

  think(): void {
    if (!this.client.mayContinue(this, this.client.thinkTime())) this.running = false;
  }

  handleEvent(): void {
    if (this.client.isActive(this)) this.client.sendFor(this);
    else this.running = false;
  }

  requestEnded(request: Request, reason: FailureReason | null): void {
    this.client.requestEnded(request, reason);
    this.think();
  }
}

export class ClosedClient extends ClientBase implements Client {
  private readonly users: User[] = [];
  private activeUsers: number;

  constructor(parts: ClientParts, private readonly baseUsers: number, private readonly think: Sampler) {
    super(parts);
    this.activeUsers = baseUsers;
  }

  start(): void {
    this.wakeUsers();
  }

  /** A spike of factor f makes round(users · f) users active; extra ones leave after their request. */
  setLoadFactor(factor: number): void {
    this.activeUsers = Math.round(this.baseUsers * factor);
    this.wakeUsers();
  }

  thinkTime(): number {
    return this.think.sample(this.parts.rng);
  }

  isActive(user: User): boolean {
    return user.id < this.activeUsers;
  }

  /** Plans the user's next request after `delay`, unless it has left or arrivals have stopped. */
  mayContinue(user: User, delay: number): boolean {
    const sim = this.parts.sim;
    if (!this.isActive(user) || sim.now + delay >= this.parts.duration) return false;
    sim.scheduleIn(delay, user, THINK_DONE);
    return true;
  }

  sendFor(user: User): void {
    this.send(user);
  }

  private wakeUsers(): void {
    for (let id = 0; id < this.activeUsers; id++) {
      if (id === this.users.length) this.users.push(new User(this, id));
      const user = this.users[id];
      if (!user.running) user.begin();
    }
  }
}
