/**
 * CoDel, "Controlled Delay" active queue management (Nichols & Jacobson, "Controlling Queue
 * Delay", ACM Queue 10(5), 2012; RFC 8289, https://www.rfc-editor.org/rfc/rfc8289), applied to
 * a service's queue of attempts instead of a router's queue of packets.
 *
 * At each dequeue CoDel looks at the sojourn time (queue wait) of the attempt it takes. Once
 * that has stayed at or above `target` for `interval`, it enters the dropping state and drops;
 * the next drop is due interval / sqrt(count) after the last (the control law), so drops come
 * faster while the queue stays long. The first dequeue whose sojourn is below target ends the
 * dropping state. A dropped attempt is answered `rejected` at once: fast failure instead of a
 * timeout.
 *
 * This follows the pseudo-code of RFC 8289 section 5 (dodequeue, dequeue, control_law) line by
 * line, including the Linux rule for re-entering the dropping state soon after leaving it
 * (resume with the previous episode's drop count). The mapping to a service:
 *  - a packet is an attempt, the link's dequeue is a free worker taking work;
 *  - `bytes() <= maxpacket_` ("less than one packet queued") becomes "at most one attempt
 *    left waiting": as in the RFC, CoDel never drops to leave the queue empty;
 *  - the RFC's "first_above_time_ == 0" means unset; now + interval is always positive here.
 */
import type { Drops, SheddingPolicy, WaitingAttempt, WaitingLine } from './policy.ts';

export class CoDel implements SheddingPolicy {
  private firstAboveTime = 0;
  private dropNext = 0;
  private count = 0;
  private lastCount = 0;
  private dropping = false;
  /** The ok_to_drop of the RFC's dodequeue_result, kept in a field so no object is made. */
  private okToDrop = false;

  constructor(private readonly target: number, private readonly interval: number) {}

  admit(): boolean {
    return true;
  }

  completed(): void {}

  /** RFC 8289 dequeue(). */
  next<J extends WaitingAttempt>(line: WaitingLine<J>, now: number, drops: Drops<J>): J | undefined {
    let attempt = this.dodequeue(line, now);
    if (this.dropping) {
      // Sojourn time below target: leave the dropping state.
      if (!this.okToDrop) this.dropping = false;
      // Drops may be due faster than dequeues happen: hence a loop.
      while (now >= this.dropNext && this.dropping) {
        drops.drop(attempt as J);
        ++this.count;
        attempt = this.dodequeue(line, now);
        if (!this.okToDrop) this.dropping = false;
        else this.dropNext = this.controlLaw(this.dropNext, this.count);
      }
    } else if (this.okToDrop) {
      // Above target for a whole interval: enter the dropping state with this drop.
      drops.drop(attempt as J);
      attempt = this.dodequeue(line, now);
      this.dropping = true;
      // Re-entering soon after the last episode: its drop rate is a good starting point.
      const delta = this.count - this.lastCount;
      this.count = 1;
      if (delta > 1 && now - this.dropNext < 16 * this.interval) this.count = delta;
      this.dropNext = this.controlLaw(now, this.count);
      this.lastCount = this.count;
    }
    return attempt;
  }

  /** RFC 8289 dodequeue(): takes an attempt and says (in okToDrop) whether it may be dropped. */
  private dodequeue<J extends WaitingAttempt>(line: WaitingLine<J>, now: number): J | undefined {
    this.okToDrop = false;
    const attempt = line.take();
    if (attempt === undefined) {
      // The queue is empty: it cannot be above target.
      this.firstAboveTime = 0;
      return undefined;
    }
    if (now - attempt.arrivedAt < this.target || line.length <= 1) {
      // Went below: stay below for at least an interval before dropping again.
      this.firstAboveTime = 0;
    } else if (this.firstAboveTime === 0) {
      // Just went above; if still above an interval from now, it is ok to drop.
      this.firstAboveTime = now + this.interval;
    } else if (now >= this.firstAboveTime) {
      this.okToDrop = true;
    }
    return attempt;
  }

  /** RFC 8289 control_law(): the next drop is interval / sqrt(count) after `t`. */
  private controlLaw(t: number, count: number): number {
    return t + this.interval / Math.sqrt(count);
  }
}
