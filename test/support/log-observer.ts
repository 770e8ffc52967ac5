/** Records every model event as a line `t what`, for exact event-log tests of tiny worlds. */
import { buildModel } from '../../src/model/build.ts';
import type { BreakerState, ModelObserver, ReplicaHealthEvent } from '../../src/model/observer.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import type { FailureReason } from '../../src/strategies/reasons.ts';

export class LogObserver implements ModelObserver {
  readonly lines: string[] = [];

  private log(t: number, text: string): void {
    this.lines.push(`${t.toFixed(2)} ${text}`);
  }

  requestStarted(client: number, t: number): void {
    this.log(t, `c${client} request`);
  }
  attemptSent(client: number, t: number): void {
    this.log(t, `c${client} attempt`);
  }
  retryWaiting(t: number, change: number): void {
    this.log(t, `retry ${change > 0 ? 'waits' : 'leaves its wait'}`);
  }
  requestEnded(client: number, startedAt: number, t: number, attempts: number, reason: FailureReason | null): void {
    this.log(t, `c${client} ${reason === null ? 'succeeded' : `failed ${reason}`} (started ${startedAt.toFixed(2)}, ${attempts} attempts)`);
  }
  serviceArrival(service: number, t: number): void {
    this.log(t, `s${service} arrival`);
  }
  serviceRefused(service: number, t: number, reason: FailureReason): void {
    this.log(t, `s${service} refused ${reason}`);
  }
  serviceShed(service: number, _arrivedAt: number, _startedAt: number, t: number): void {
    this.log(t, `s${service} shed`);
  }
  breakerChanged(client: number, service: number, t: number, from: BreakerState, to: BreakerState): void {
    this.log(t, `${client >= 0 ? `c${client}` : `s${service}`} breaker ${from} -> ${to}`);
  }
  workStretched(service: number, t: number, sampled: number, stretched: number): void {
    this.log(t, `s${service} work ${sampled.toFixed(3)} stretched to ${stretched.toFixed(3)}`);
  }
  replicaHealth(service: number, t: number, event: ReplicaHealthEvent): void {
    this.log(t, `s${service} replica ${event}`);
  }
  /** Every replica or partition logs here, under its service's index: a test reads the lines in order. */
  memberObservers(_service: number, members: readonly unknown[]): ModelObserver[] {
    return members.map(() => this);
  }
  queueChanged(service: number, t: number, length: number): void {
    this.log(t, `s${service} queue ${length}`);
  }
  busyChanged(service: number, t: number, busy: number): void {
    this.log(t, `s${service} busy ${busy}`);
  }
  capacityChanged(service: number, t: number, workers: number): void {
    this.log(t, `s${service} workers ${workers}`);
  }
  jobEnded(service: number, arrivedAt: number, startedAt: number, t: number, reason: FailureReason | null, wasted: boolean): void {
    this.log(t, `s${service} job ${reason ?? 'ok'} (arrived ${arrivedAt.toFixed(2)}, started ${startedAt.toFixed(2)}${wasted ? ', wasted' : ''})`);
  }
  lateResponse(service: number, startedAt: number, t: number, busy: number): void {
    this.log(t, `s${service} late response (started ${startedAt.toFixed(2)}, ${busy.toFixed(2)} s wasted)`);
  }
}

/** Runs a scenario's model to the end and returns its event log. */
export function eventLog(s: Scenario): string[] {
  const log = new LogObserver();
  const model = buildModel(s, log);
  model.start();
  model.sim.run();
  return log.lines;
}
