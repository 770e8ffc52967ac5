/**
 * Adaptive LIFO, after Facebook's "Fail at Scale" (Maurer, ACM Queue 13(8), 2015,
 * https://queue.acm.org/detail.cfm?id=2839461): in normal operation a queue is served first in,
 * first out; once a standing queue forms, the newest attempt is served first, since it is the
 * one whose caller is most likely still waiting, while the oldest have probably been given up.
 * "Congested" here: the oldest waiting attempt has waited more than `threshold`. Nothing is
 * dropped, and the configured queue discipline is overridden.
 */
import { DequeuePolicy, type WaitingAttempt, type WaitingLine } from './policy.ts';

export class AdaptiveLifo extends DequeuePolicy {
  constructor(private readonly threshold: number) {
    super();
  }

  next<J extends WaitingAttempt>(line: WaitingLine<J>, now: number): J | undefined {
    const oldest = line.oldestArrival();
    if (oldest === undefined) return undefined;
    return now - oldest > this.threshold ? line.takeNewest() : line.takeOldest();
  }
}
