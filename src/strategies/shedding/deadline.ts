/**
 * Deadline shedding: at dequeue, drop every attempt whose caller has already given up, and
 * serve the first whose caller still waits. Serving a given-up attempt is pure waste (its
 * answer is ignored), and under a retry storm most of the queue can be such attempts. The
 * service learns that a caller gave up from the request's deadline, as a gRPC server does from
 * the `grpc-timeout` it was sent; nothing is answered to a caller that has gone.
 */
import { DequeuePolicy, type Drops, type WaitingAttempt, type WaitingLine } from './policy.ts';

export class DeadlineShedding extends DequeuePolicy {
  next<J extends WaitingAttempt>(line: WaitingLine<J>, _now: number, drops: Drops<J>): J | undefined {
    for (;;) {
      const attempt = line.take();
      if (attempt === undefined || !attempt.callerGone) return attempt;
      drops.drop(attempt);
    }
  }
}
