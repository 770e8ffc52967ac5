/**
 * Tiny propagation worlds with exact, hand-derived event logs (`t what`): a table of 3 entries,
 * 2 nodes, a sender with one worker. Costs are chosen so every time can be worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { propagationConfig, propagationLog, propagationScenario, retryOnTimeout } from './propagation-world.ts';

describe('constant work, 3 entries, 2 nodes, period 1 s', () => {
  // A push carries 3 slots: 0.3 s of the sender (0.1 s a slot), 0.15 s of a node (0.05 s a slot).
  // Node 0's pushes are due at 0, 1, 2 s; node 1's at 0.5, 1.5 s. All 3 entries change at 0.5 s.
  const config = propagationConfig({
    sender: { workers: 1, perEntry: 0.1, perMessage: 0 },
    receiver: { perEntry: 0.05, perMessage: 0 },
    changes: [{ kind: 'mass', at: 0.5, count: 3 }],
  });

  it('pushes the whole table in turn; a push built after a change carries it; pushes stop once converged after the duration', () => {
    const { log, outcome, end } = propagationLog(config, 2);
    expect(log).toEqual([
      '0.30 sent n0 3', // built at 0, before the change: nothing new for node 0
      '0.50 change',
      '0.50 change',
      '0.50 change',
      '0.80 sent n1 3', // built at 0.5, after the changes (they were scheduled first)
      '0.95 n1 reflects 0.50',
      '0.95 n1 reflects 0.50',
      '0.95 n1 reflects 0.50',
      '1.30 sent n0 3',
      '1.45 n0 reflects 0.50',
      '1.45 n0 reflects 0.50',
      '1.45 n0 reflects 0.50',
      '1.80 sent n1 3', // nothing new: the push is made anyway
    ]);
    expect(outcome).toEqual({ neverConverged: 0, staleNodesAtEnd: 0, convergence: expect.closeTo(0.95, 9) });
    // The push due at 2 s finds changes stopped and every node current: it is not made, and the loop ends.
    expect(end).toBe(2);
  });

  it('summarises it: the same work in every window, staleness 0.45 s and 0.95 s, convergence 0.95 s', () => {
    const r = runScenario(propagationScenario(config, { duration: 2 }));
    const p = r.summary.propagation!;
    expect(p.work_per_s).toEqual({ min: 6, mean: 6, max: 6 });
    expect(p.staleness.max).toBeCloseTo(0.95, 6);
    expect(p.staleness.p50).toBeCloseTo(0.45, 2); // a streaming histogram: within 0.5%
    expect(p.convergence_s).toBeCloseTo(0.95, 6);
    expect(p).toMatchObject({ backlog_max: 1, never_converged: 0, stale_nodes_at_end: 0, changes: 3, messages: 4, retries: 0, dropped: 0 });
    expect(p.utilization).toBeCloseTo(0.6, 9); // 4 pushes × 0.3 s in 2 s
    const rows = r.series.filter((row) => row.entity === 'propagation');
    expect(rows.map((row) => [row.t_s, row.work_per_s, row.stale_entries, row.staleness_max_s, row.backlog])).toEqual([
      [0, 6, 3, expect.closeTo(0.5, 9), 0], // at 1 s, node 0 still misses the 3 entries changed at 0.5 s
      [1, 6, 0, 0, 0],
      [2, 0, 0, 0, 0], // the drain: the last event (the loop's end) is at 2 s
    ]);
  });

  it('a push lost on the way is repaired by the next one', () => {
    // Node 1's push that completes at 0.8 s is lost; its next, built at 1.5 s, carries everything.
    const lossy = { ...config, faults: [{ kind: 'drop_updates' as const, fraction: 1, at: 0.7, for: 0.2 }] };
    const { log, outcome } = propagationLog(lossy, 2);
    expect(log.filter((line) => line.includes('n1'))).toEqual([
      '0.80 sent n1 3 LOST',
      '1.80 sent n1 3',
      '1.95 n1 reflects 0.50',
      '1.95 n1 reflects 0.50',
      '1.95 n1 reflects 0.50',
    ]);
    expect(outcome).toEqual({ neverConverged: 0, staleNodesAtEnd: 0, convergence: expect.closeTo(1.45, 9) });
  });
});

describe('workflow, 3 entries, 2 nodes: one update per change and node, acknowledged, retried', () => {
  // An update costs 0.1 s of the sender and 0.05 s of a node. Two entries change at 0.5 s; every
  // message that leaves the sender in [0.55, 0.75) is lost. Acks are awaited 0.5 s; one retry, after 0.2 s.
  const config = propagationConfig({
    strategy: { kind: 'workflow', retry: retryOnTimeout(2, 0.2), timeout: 0.5 },
    sender: { workers: 1, perEntry: 0, perMessage: 0.1 },
    receiver: { perEntry: 0, perMessage: 0.05 },
    changes: [{ kind: 'mass', at: 0.5, count: 2 }],
    faults: [{ kind: 'drop_updates', fraction: 1, at: 0.55, for: 0.2 }],
  });

  it('queues the updates in change order, notices each loss at its ack timeout, retries it at the back of the queue', () => {
    const { log, outcome, end } = propagationLog(config, 3);
    expect(log).toEqual([
      '0.50 change',
      '0.50 change',
      '0.60 sent n0 1 LOST', // the first change, to node 0: its ack is due by 1.1
      '0.70 sent n1 1 LOST', // ... to node 1: due by 1.2
      '0.80 sent n0 1',
      '0.85 n0 reflects 0.50',
      '0.90 sent n1 1',
      '0.95 n1 reflects 0.50',
      '1.40 sent n0 1 retry', // timed out at 1.1, queued again at 1.3
      '1.45 n0 reflects 0.50',
      '1.50 sent n1 1 retry', // timed out at 1.2, queued at 1.4 behind the retry being sent
      '1.55 n1 reflects 0.50',
    ]);
    expect(outcome).toEqual({ neverConverged: 0, staleNodesAtEnd: 0, convergence: expect.closeTo(1.05, 9) });
    expect(end).toBeCloseTo(1.55, 9);
  });

  it('without a retry, the lost updates are never applied: their pairs are counted as never converged', () => {
    const once = { ...config, strategy: { kind: 'workflow' as const, retry: retryOnTimeout(1), timeout: 0.5 } };
    const { log, outcome, unreflected, end } = propagationLog(once, 3);
    expect(log.filter((line) => line.includes('retry'))).toEqual([]);
    expect(outcome).toEqual({ neverConverged: 2, staleNodesAtEnd: 2, convergence: null });
    // The change that both nodes miss, and its age when the run ends (what staleness counts it at).
    expect(unreflected).toEqual([{ madeAt: 0.5, pairs: 2 }]);
    expect(end).toBeGreaterThan(0.5);
    const p = runScenario(propagationScenario(once, { duration: 3 })).summary.propagation!;
    expect(p).toMatchObject({ never_converged: 2, stale_nodes_at_end: 2, convergence_s: null, dropped: 2, retries: 0, messages: 4, backlog_max: 4 });
  });

  it('without a timeout, a loss is never noticed', () => {
    const blind = { ...config, strategy: { kind: 'workflow' as const, retry: retryOnTimeout(5, 0.2), timeout: null } };
    expect(propagationLog(blind, 3).outcome).toEqual({ neverConverged: 2, staleNodesAtEnd: 2, convergence: null });
  });

  it('a retry overtaken by a later change of the same entry is acknowledged and discarded', () => {
    // One entry, one node: changes at 0.5 s and 0.6 s; the first update is lost. The second
    // reflects both; the retry of the first, applied at 1.45 s, must not set the entry back.
    const overtaken = propagationConfig({
      entries: 1,
      nodes: 1,
      strategy: { kind: 'workflow', retry: retryOnTimeout(2, 0.2), timeout: 0.5 },
      sender: { workers: 1, perEntry: 0, perMessage: 0.1 },
      receiver: { perEntry: 0, perMessage: 0.05 },
      changes: [{ kind: 'mass', at: 0.5, count: 1 }, { kind: 'mass', at: 0.6, count: 1 }],
      faults: [{ kind: 'drop_updates', fraction: 1, at: 0.55, for: 0.1 }],
    });
    const { log, outcome } = propagationLog(overtaken, 3);
    expect(log).toEqual([
      '0.50 change',
      '0.60 change',
      '0.60 sent n0 1 LOST',
      '0.70 sent n0 1',
      '0.75 n0 reflects 0.60',
      '0.75 n0 reflects 0.50', // the lost change is superseded by the later one
      '1.40 sent n0 1 retry', // applied at 1.45: overtaken, nothing reflects
    ]);
    expect(outcome).toEqual({ neverConverged: 0, staleNodesAtEnd: 0, convergence: expect.closeTo(0.15, 9) });
  });
});

describe('lost nodes', () => {
  it('get no more work: queued updates for them are skipped, and they no longer count', () => {
    const config = propagationConfig({
      nodes: 3,
      strategy: { kind: 'workflow', retry: retryOnTimeout(1), timeout: 0.5 },
      sender: { workers: 1, perEntry: 0, perMessage: 0.1 },
      changes: [{ kind: 'mass', at: 0.5, count: 1 }],
      faults: [{ kind: 'lose_nodes', count: 2, at: 0.55 }],
    });
    const { log, outcome } = propagationLog(config, 3);
    // The update to node 0 is being sent when nodes 1 and 2 go; theirs are never sent.
    expect(log).toEqual(['0.50 change', '0.60 sent n0 1', '0.60 n0 reflects 0.50']);
    expect(outcome).toEqual({ neverConverged: 0, staleNodesAtEnd: 0, convergence: expect.closeTo(0.1, 9) });
  });

  it('under constant work, the pushes are spread over the nodes left', () => {
    const config = propagationConfig({ nodes: 4, faults: [{ kind: 'lose_nodes', count: 2, at: 1.1 }] });
    const { log } = propagationLog(config, 3);
    // Due every 0.25 s while there are 4; from the push due at 1.25 s on, every 0.5 s to nodes 0 and 1.
    expect(log).toEqual([
      '0.00 sent n0 3', '0.25 sent n1 3', '0.50 sent n2 3', '0.75 sent n3 3', '1.00 sent n0 3',
      '1.25 sent n1 3', '1.75 sent n0 3', '2.25 sent n1 3', '2.75 sent n0 3',
    ]);
  });
});
