/**
 * The sender (Route 53's aggregator, the configuration service): `workers` workers taking
 * messages from one FIFO queue. A message costs a worker per_message + entries carried ×
 * per_entry seconds (× the slowdown factor in force when it starts): a push carries the whole
 * table, `entries` slots, filled or not; an update carries one entry. A push's table is read when
 * a worker starts on it, so it reflects every change made before that moment.
 *
 * When a worker is done the message leaves: it is lost with the drop share in force, or reaches
 * its node. Lost nodes are the highest-numbered; nothing more is sent to them: messages for them
 * still queued are skipped at no cost, and no longer count in the backlog.
 *
 * Implements the strategies' Outbox: this is the only way a strategy sends anything.
 */
import type { EventHandler } from '../../engine/event-queue.ts';
import type { RandomStream } from '../../engine/random.ts';
import type { Simulation } from '../../engine/simulation.ts';
import { FIRST_TRY, type Outbox, type PropagationStrategy } from '../../strategies/propagation/policy.ts';
import type { MessageCost } from '../config.ts';
import type { ChangeLog } from './change-log.ts';
import { MessageQueue, TABLE, UPDATE } from './message-queue.ts';
import type { NodeViews } from './node-views.ts';
import type { PropagationObserver } from './observer.ts';
import type { Receivers } from './receivers.ts';

export interface SenderParts {
  sim: Simulation;
  nodes: number;
  entries: number;
  workers: number;
  cost: MessageCost;
  /** Changes stop here. */
  duration: number;
  log: ChangeLog;
  views: NodeViews;
  receivers: Receivers;
  strategy: PropagationStrategy;
  observer: PropagationObserver;
  /** Drop draws, made only while a drop share is in force. */
  dropRng: RandomStream;
}

export class Sender implements Outbox, EventHandler {
  liveNodes: number;
  /** Product of the active slowdown factors. */
  slowdown = 1;
  /** Share of messages lost, from the active drop faults. */
  dropShare = 0;
  private readonly queue = new MessageQueue();
  /** Messages waiting per node (to take a lost node's out of the backlog at once). */
  private readonly queuedFor: Int32Array;
  private waiting = 0;
  private busy = 0;
  private readonly idle: number[] = [];
  /** The message each worker is sending. */
  private readonly current: MessageQueue[] = [];

  constructor(private readonly parts: SenderParts) {
    this.liveNodes = parts.nodes;
    this.queuedFor = new Int32Array(parts.nodes);
    for (let w = parts.workers - 1; w >= 0; w--) {
      this.idle.push(w);
      this.current.push(new MessageQueue());
    }
  }

  get closed(): boolean {
    return this.parts.sim.now >= this.parts.duration;
  }

  get converged(): boolean {
    return this.parts.log.oldest === this.parts.log.count;
  }

  pushTable(node: number): void {
    this.enqueue(TABLE, node, -1, FIRST_TRY);
  }

  pushUpdate(node: number, change: number, ref: number): boolean {
    if (node >= this.liveNodes) return false;
    this.enqueue(UPDATE, node, change, ref);
    return true;
  }

  /** The `count` highest-numbered live nodes are gone from now on. */
  loseNodes(count: number): void {
    const { log, views, receivers, observer, sim } = this.parts;
    const live = Math.max(0, this.liveNodes - count);
    for (let n = live; n < this.liveNodes; n++) {
      this.waiting -= this.queuedFor[n];
      this.queuedFor[n] = 0;
      log.nodeLost((c) => views.reflects(n, c), sim.now);
    }
    this.liveNodes = live;
    receivers.nodesLost(live);
    observer.senderChanged(sim.now, this.waiting, this.busy);
  }

  /** Worker `data` is done with its message. */
  handleEvent(_tag: number, data: unknown): void {
    const { sim, observer, strategy, receivers, entries, dropRng } = this.parts;
    const worker = data as number;
    const m = this.current[worker];
    m.shift();
    this.busy--;
    this.idle.push(worker);
    const update = m.takenKind === UPDATE;
    const dropped = this.dropShare > 0 && dropRng.next() < this.dropShare;
    observer.messageSent(sim.now, m.takenNode, update ? 1 : entries, update && m.takenRef !== FIRST_TRY, dropped);
    if (m.takenNode >= this.liveNodes) {
      if (update) strategy.abandoned(m.takenRef);
    } else {
      const handle = update ? strategy.sent(m.takenRef, m.takenNode, m.takenPayload) : m.takenRef;
      if (!dropped) receivers.deliver(m.takenKind, m.takenNode, m.takenPayload, handle);
    }
    this.dispatch();
  }

  private enqueue(kind: number, node: number, payload: number, ref: number): void {
    this.queue.push(kind, node, payload, ref);
    this.queuedFor[node]++;
    this.waiting++;
    this.dispatch();
  }

  /** Idle workers take queued messages; those for lost nodes are skipped (and abandoned). */
  private dispatch(): void {
    const { sim, strategy, log, cost, entries, observer } = this.parts;
    const queue = this.queue;
    while (this.idle.length > 0 && queue.shift()) {
      const node = queue.takenNode;
      const update = queue.takenKind === UPDATE;
      if (node >= this.liveNodes) {
        if (update) strategy.abandoned(queue.takenRef);
        continue;
      }
      this.queuedFor[node]--;
      this.waiting--;
      this.busy++;
      const worker = this.idle.pop() as number;
      const payload = update ? queue.takenPayload : log.count;
      this.current[worker].push(queue.takenKind, node, payload, queue.takenRef);
      const work = (cost.perMessage + (update ? 1 : entries) * cost.perEntry) * this.slowdown;
      sim.schedule(sim.now + work, this, 0, worker);
    }
    observer.senderChanged(sim.now, this.waiting, this.busy);
  }
}
