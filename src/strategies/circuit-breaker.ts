/**
 * Circuit breaker, as Nygard describes it in Release It! (2nd ed., "Circuit Breaker"): closed,
 * open after too many failures, half-open after a wait, where trial calls decide.
 * - closed: attempt outcomes are counted over a sliding `window`; once at least `min_calls`
 *   ended there and the failed share reaches `failure_rate`, it opens.
 * - open: every attempt is refused locally (`circuit_open`) for `open_for` (drawn within
 *   ± open_jitter of itself, so that many callers do not probe in step).
 * - half-open: up to `half_open_calls` trial attempts go through, and `half_open_rule` judges
 *   them. `all_succeed` (Nygard, the default): one failure opens it again, and when all trials
 *   have succeeded it closes. `failure_rate` (Resilience4j): once all trials have ended, it
 *   closes if failures / trials is below `failure_rate` and opens again otherwise. Closing
 *   starts a fresh window.
 * The move from open to half-open happens at the first attempt after the wait, as in most
 * libraries (Resilience4j without automatic transition), so it shows in the time series then.
 *
 * Each attempt let through carries a permit: the breaker's episode (a number that changes with
 * every state change). Its outcome counts only in the episode that let it through, so an answer
 * to an attempt sent before the breaker opened cannot close it or reopen it. An attempt let
 * through that ends without an outcome (refused by the throttle, or a losing hedge) gives its
 * permit back, so a half-open trial slot is never lost.
 *
 * The `failure_rate` rule follows Resilience4j's CircuitBreakerStateMachine.HalfOpenState and
 * CircuitBreakerMetrics (https://github.com/resilience4j/resilience4j, resilience4j-circuitbreaker,
 * .../circuitbreaker/internal/; https://resilience4j.readme.io/docs/circuitbreaker):
 * tryAcquirePermission hands out permittedNumberOfCallsInHalfOpenState permits and
 * releasePermission gives one back; outcomes go to a count-based window of that size
 * (CircuitBreakerMetrics.forHalfOpen), and once it is full a failure rate at or above
 * failureRateThreshold sends the breaker to OPEN, a lower one to CLOSED. Two
 * differences: Resilience4j judges after min(minimumNumberOfCalls, permitted) outcomes, here
 * always after all `half_open_calls` (the same whenever min_calls >= half_open_calls, as with
 * its defaults of 100 and 10); and it has no slow-call rate here.
 */
import type { RandomStream } from '../engine/random.ts';
import type { CircuitBreakerSpec } from './config.ts';
import { WindowedSum } from './windowed-sum.ts';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface Breaker {
  /** May an attempt go out now? A permit (>= 0) if so, -1 if not. In half-open a permit is a trial. */
  allow(now: number): number;
  /** The attempt holding `permit` got its answer. */
  record(now: number, ok: boolean, permit: number): void;
  /** The attempt holding `permit` ended without an answer to judge by. */
  release(permit: number): void;
}

export const NO_BREAKER: Breaker = { allow: () => 0, record: () => {}, release: () => {} };

export type BreakerListener = (now: number, from: BreakerState, to: BreakerState) => void;

export class CircuitBreaker implements Breaker {
  state: BreakerState = 'closed';
  private readonly calls: WindowedSum;
  private readonly failures: WindowedSum;
  private openUntil = 0;
  private trialsSent = 0;
  private trialsSucceeded = 0;
  private trialsFailed = 0;
  private episode = 0;

  constructor(
    private readonly spec: CircuitBreakerSpec,
    private readonly rng: RandomStream,
    private readonly onChange: BreakerListener,
  ) {
    this.calls = new WindowedSum(spec.window);
    this.failures = new WindowedSum(spec.window);
  }

  allow(now: number): number {
    if (this.state === 'open') {
      if (now < this.openUntil) return -1;
      this.move(now, 'half_open');
      this.trialsSent = 0;
      this.trialsSucceeded = 0;
      this.trialsFailed = 0;
    }
    if (this.state === 'half_open') {
      if (this.trialsSent >= this.spec.halfOpenCalls) return -1;
      this.trialsSent++;
    }
    return this.episode;
  }

  release(permit: number): void {
    if (permit === this.episode && this.state === 'half_open') this.trialsSent--;
  }

  record(now: number, ok: boolean, permit: number): void {
    if (permit !== this.episode) return; // let through in an earlier episode
    if (this.state === 'half_open') {
      this.judgeTrial(now, ok);
      return;
    }
    this.calls.add(now, 1);
    if (!ok) this.failures.add(now, 1);
    const calls = this.calls.sum(now);
    if (calls >= this.spec.minCalls && this.rateReached(this.failures.sum(now), calls)) this.open(now);
  }

  /**
   * failures / calls >= failure_rate, as Resilience4j compares its failure rate with the
   * threshold. Divided rather than `failures >= rate × calls`: 7 / 100 is the same double as
   * 0.07 (the nearest to 7/100 both times), where 0.07 × 100 rounds to 7.000000000000001.
   */
  private rateReached(failures: number, calls: number): boolean {
    return failures / calls >= this.spec.failureRate;
  }

  /** A trial's outcome, under the scenario's half-open rule (see the top of the file). */
  private judgeTrial(now: number, ok: boolean): void {
    if (ok) this.trialsSucceeded++;
    else this.trialsFailed++;
    if (this.spec.halfOpenRule === 'all_succeed') {
      if (!ok) this.open(now);
      else if (this.trialsSucceeded >= this.spec.halfOpenCalls) this.close(now);
      return;
    }
    const ended = this.trialsSucceeded + this.trialsFailed;
    if (ended < this.spec.halfOpenCalls) return;
    if (this.rateReached(this.trialsFailed, ended)) this.open(now);
    else this.close(now);
  }

  private open(now: number): void {
    const j = this.spec.openJitter;
    const wait = this.spec.openFor * (j > 0 ? 1 - j + 2 * j * this.rng.next() : 1);
    this.openUntil = now + wait;
    this.move(now, 'open');
  }

  private close(now: number): void {
    this.calls.clear();
    this.failures.clear();
    this.move(now, 'closed');
  }

  private move(now: number, to: BreakerState): void {
    const from = this.state;
    this.state = to;
    this.episode++;
    this.onChange(now, from, to);
  }
}

export function createBreaker(spec: CircuitBreakerSpec | null, rng: RandomStream, onChange: BreakerListener): Breaker {
  return spec === null ? NO_BREAKER : new CircuitBreaker(spec, rng, onChange);
}
