/** Propagation worlds built in code for tests, and an observer that logs what happens, one line per event. */
import { Simulation } from '../../src/engine/simulation.ts';
import type { PropagationConfig } from '../../src/model/config.ts';
import { buildPropagation, type PropagationOutcome } from '../../src/model/propagation/build.ts';
import { NullPropagationObserver, type PropagationObserver } from '../../src/model/propagation/observer.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { NO_RETRY, type RetrySpec } from '../../src/strategies/config.ts';
import { scenario } from '../support/scenarios.ts';

/** A propagation section with no costs, no changes and no faults, and `extra` over it. */
export function propagationConfig(extra: Partial<PropagationConfig>): PropagationConfig {
  return {
    entries: 3,
    nodes: 2,
    strategy: { kind: 'constant_work', period: 1 },
    sender: { workers: 1, perEntry: 0, perMessage: 0 },
    receiver: { perEntry: 0, perMessage: 0 },
    changes: [],
    faults: [],
    ...extra,
  };
}

/** A scenario with only a propagation section. */
export function propagationScenario(config: PropagationConfig, parts: { duration: number; warmup?: number; window?: number; seed?: number }): Scenario {
  return { ...scenario({ services: [], clients: [], ...parts }), propagation: config };
}

export function retryOnTimeout(maxAttempts: number, delay = 0): RetrySpec {
  return { ...NO_RETRY, maxAttempts, retryOn: ['timeout'], backoff: delay > 0 ? { kind: 'constant', delay } : { kind: 'none' } };
}

class LogObserver extends NullPropagationObserver implements PropagationObserver {
  readonly lines: string[] = [];
  override changeMade(t: number): void {
    this.lines.push(`${t.toFixed(2)} change`);
  }
  override messageSent(t: number, node: number, entries: number, retry: boolean, dropped: boolean): void {
    this.lines.push(`${t.toFixed(2)} sent n${node} ${entries}${retry ? ' retry' : ''}${dropped ? ' LOST' : ''}`);
  }
  override pairReflected(t: number, node: number, madeAt: number): void {
    this.lines.push(`${t.toFixed(2)} n${node} reflects ${madeAt.toFixed(2)}`);
  }
}

/** Runs a propagation section alone and returns its event log, the outcome and the end time. */
export function propagationLog(config: PropagationConfig, duration: number): {
  log: string[];
  outcome: Omit<PropagationOutcome, 'unreflected' | 'end'>;
  unreflected: PropagationOutcome['unreflected'];
  end: number;
} {
  const sim = new Simulation();
  const observer = new LogObserver();
  const model = buildPropagation(config, { sim, seed: 1, duration, observer });
  model.start();
  sim.run();
  const { unreflected, end, ...outcome } = model.outcome();
  return { log: observer.lines, outcome, unreflected, end };
}
