/**
 * The nodes' side: each node has one worker that applies the messages that reach it, one at a
 * time, in the order they arrive (a FIFO per node). Applying costs per_message + entries carried
 * × per_entry. An update is acknowledged to the strategy as soon as it is applied (the
 * acknowledgement's own travel is not modelled). A lost node applies nothing more: what it had
 * queued, and what it was applying, is thrown away.
 */
import type { EventHandler } from '../../engine/event-queue.ts';
import type { Simulation } from '../../engine/simulation.ts';
import type { PropagationStrategy } from '../../strategies/propagation/policy.ts';
import type { MessageCost } from '../config.ts';
import { MessageQueue, TABLE } from './message-queue.ts';
import type { NodeViews } from './node-views.ts';

export interface ReceiverParts {
  sim: Simulation;
  nodes: number;
  entries: number;
  cost: MessageCost;
  views: NodeViews;
  strategy: PropagationStrategy;
}

export class Receivers implements EventHandler {
  private readonly queues: MessageQueue[] = [];
  private readonly busy: Uint8Array;
  private live: number;

  constructor(private readonly parts: ReceiverParts) {
    for (let n = 0; n < parts.nodes; n++) this.queues.push(new MessageQueue());
    this.busy = new Uint8Array(parts.nodes);
    this.live = parts.nodes;
  }

  deliver(kind: number, node: number, payload: number, ref: number): void {
    this.queues[node].push(kind, node, payload, ref);
    if (!this.busy[node]) this.startNext(node);
  }

  /** Nodes from `live` on are gone. */
  nodesLost(live: number): void {
    for (let n = live; n < this.live; n++) this.queues[n].clear();
    this.live = live;
  }

  /** The node's worker finished the message at the head of its queue. */
  handleEvent(_tag: number, data: unknown): void {
    const node = data as number;
    const queue = this.queues[node];
    this.busy[node] = 0;
    if (node >= this.live || !queue.shift()) return;
    const { sim, views, strategy } = this.parts;
    if (queue.takenKind === TABLE) {
      views.applyTable(node, queue.takenPayload, sim.now);
    } else {
      views.applyUpdate(node, queue.takenPayload, sim.now);
      strategy.acked(queue.takenRef);
    }
    if (queue.length > 0) this.startNext(node);
  }

  /** The head of the queue stays there while it is applied (it is taken when done). */
  private startNext(node: number): void {
    const { sim, cost, entries } = this.parts;
    const queue = this.queues[node];
    this.busy[node] = 1;
    const size = queue.peekKind() === TABLE ? entries : 1;
    sim.schedule(sim.now + cost.perMessage + size * cost.perEntry, this, 0, node);
  }
}
