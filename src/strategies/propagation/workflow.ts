/**
 * An edge-triggered workflow: each change becomes one update per live node, queued at the
 * sender in the order the changes were made. Each update is acknowledged by its node once
 * applied. The sender waits `timeout` for the acknowledgement from the moment the update leaves
 * it (time spent in the sender's own queue does not count: the sender knows it has not sent it
 * yet); an update not acknowledged by then counts as lost (reason `timeout`) and is retried as a
 * client's request is retried, with the same code (RetryPolicy, backoff and jitter, retry
 * budgets): after its backoff, the retry joins the back of the sender's queue, behind whatever
 * backlog there is. When the retry policy or the budget says no, the update is given up: its
 * node stays stale until a later change of the same entry reaches it.
 *
 * An acknowledgement that comes after its try timed out is ignored (the retry goes ahead, and
 * the node will find it overtaken). Updates for a node that is gone are abandoned, not retried.
 */
import type { EventHandler } from '../../engine/event-queue.ts';
import type { RandomStream } from '../../engine/random.ts';
import type { Simulation } from '../../engine/simulation.ts';
import { createBudget, type RetryBudget } from '../budgets.ts';
import { RetryPolicy } from '../retry.ts';
import type { PropagationStrategySpec } from './config.ts';
import { FIRST_TRY, type Outbox, type PropagationStrategy } from './policy.ts';
import { AWAITING, BACKING_OFF, DeadlineQueue, UpdateSlots } from './update-slots.ts';

type WorkflowSpec = Extract<PropagationStrategySpec, { kind: 'workflow' }>;

const TIMER = 0;
const RETRY = 1;

export class Workflow implements PropagationStrategy, EventHandler {
  private outbox: Outbox | null = null;
  private readonly retry: RetryPolicy;
  private readonly budget: RetryBudget;
  private readonly slots = new UpdateSlots();
  private readonly deadlines = new DeadlineQueue();
  private readonly timeout: number | null;
  private timerSet = false;
  /** Sends awaiting their acknowledgement; while there are any, the run is held open. */
  private awaiting = 0;

  constructor(private readonly sim: Simulation, spec: WorkflowSpec, private readonly rng: RandomStream) {
    this.retry = new RetryPolicy(spec.retry);
    this.budget = createBudget(spec.retry.budget);
    this.timeout = spec.timeout;
  }

  start(outbox: Outbox): void {
    this.outbox = outbox;
  }

  changed(change: number): void {
    const outbox = this.outbox as Outbox;
    const now = this.sim.now;
    const live = outbox.liveNodes;
    for (let node = 0; node < live; node++) {
      this.budget.requestStarted(now);
      outbox.pushUpdate(node, change, FIRST_TRY);
    }
  }

  sent(ref: number, node: number, change: number): number {
    // Without a timeout a loss is never noticed, so nothing is kept: the ack only ends the update.
    if (this.timeout === null) return FIRST_TRY;
    const slots = this.slots;
    const slot = ref === FIRST_TRY ? slots.allocate(node, change) : ref;
    const handle = slots.send(slot);
    if (this.awaiting++ === 0) this.sim.hold();
    this.deadlines.push(handle, this.sim.now + this.timeout);
    if (!this.timerSet) this.setTimer();
    return handle;
  }

  acked(handle: number): void {
    const now = this.sim.now;
    if (handle === FIRST_TRY) {
      this.budget.attemptEnded(now, true);
      this.budget.requestEnded(now);
      return;
    }
    const slot = this.slots.awaited(handle);
    if (slot < 0) return;
    this.budget.attemptEnded(now, true);
    this.end(slot);
  }

  abandoned(ref: number): void {
    if (ref === FIRST_TRY) this.budget.requestEnded(this.sim.now);
    else this.end(ref);
  }

  handleEvent(tag: number, data: unknown): void {
    if (tag === RETRY) this.requeue(data as number);
    else this.timerFired();
  }

  /** Every deadline due now: a send still awaited has timed out. Then the timer moves on. */
  private timerFired(): void {
    const deadlines = this.deadlines;
    const now = this.sim.now;
    while (deadlines.length > 0 && deadlines.headDeadline() <= now) {
      const slot = this.slots.awaited(deadlines.headHandle());
      deadlines.shift();
      if (slot >= 0) this.timedOut(slot);
    }
    while (deadlines.length > 0 && this.slots.awaited(deadlines.headHandle()) < 0) deadlines.shift();
    this.timerSet = false;
    if (deadlines.length > 0) this.setTimer();
  }

  /** A background event: the hold, not the timer, keeps the run going while sends are awaited. */
  private setTimer(): void {
    this.timerSet = true;
    this.sim.schedule(this.deadlines.headDeadline(), this, TIMER, null, true);
  }

  private timedOut(slot: number): void {
    const slots = this.slots;
    const now = this.sim.now;
    slots.state[slot] = BACKING_OFF;
    this.settled();
    if (slots.node[slot] >= (this.outbox as Outbox).liveNodes) {
      this.end(slot);
      return;
    }
    this.budget.attemptEnded(now, false);
    if (slots.budgeted[slot]) this.budget.release(now);
    slots.budgeted[slot] = 0;
    const tries = slots.tries[slot];
    if (!this.retry.shouldRetry('timeout', tries) || !this.budget.tryAcquire(now)) {
      this.end(slot);
      return;
    }
    slots.budgeted[slot] = 1;
    const delay = this.retry.delay(tries, slots.lastDelay[slot], this.rng);
    slots.lastDelay[slot] = delay;
    if (delay > 0) this.sim.schedule(now + delay, this, RETRY, slot);
    else this.requeue(slot);
  }

  private requeue(slot: number): void {
    const slots = this.slots;
    if (!(this.outbox as Outbox).pushUpdate(slots.node[slot], slots.change[slot], slot)) this.end(slot);
  }

  private settled(): void {
    if (--this.awaiting === 0) this.sim.release();
  }

  /** Acknowledged, given up, or abandoned: the update is over. */
  private end(slot: number): void {
    const now = this.sim.now;
    const slots = this.slots;
    if (slots.state[slot] === AWAITING) this.settled();
    if (slots.budgeted[slot]) this.budget.release(now);
    this.budget.requestEnded(now);
    slots.release(slot);
  }
}
