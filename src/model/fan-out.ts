/**
 * A parallel call step (docs/fan-out.md): a job sends several downstream calls at once and
 * waits for `quorum` of them to succeed, as a search root fans a query out to its leaves
 * (Dean & Barroso, "The Tail at Scale", CACM 56(2), 2013,
 * https://research.google/pubs/the-tail-at-scale/). Each call is a Request of its own on its
 * branch's route, with that route's timeout, retry, hedge and breaker; the `count` calls of one
 * branch share its route, as a client's requests share the client's.
 *
 * - The step succeeds when `quorum` calls have succeeded, and fails (the job fails with `error`,
 *   as after a failed plain call) as soon as too few calls are left to reach it.
 * - Once it is decided, the calls still in flight are abandoned, as the losers of a hedge race
 *   are: their pending attempts are no longer waited for, and their hedge and retry timers
 *   stop. At a service that propagates cancellation (`cancel_on_timeout`) the downstream is
 *   told, and the cancellation goes on down the tree (gRPC cancels the calls a finished handler
 *   made, https://grpc.io/docs/guides/cancellation/; Tail at Scale's tied requests cancel the
 *   loser). Otherwise it is not told and serves them for nobody: wasted work, as the summary
 *   reports for any attempt whose caller gave up without saying so.
 * - A job cancelled while it waits cancels every call of the step (with cancel_on_timeout; the
 *   service does it through cancel()).
 * - Calls refused locally (an open breaker, an expired deadline) end while the step is being
 *   sent; once that decides the step, the calls not yet sent are never sent.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { FailureReason } from '../strategies/reasons.ts';
import type { Job, JobOwner } from './job.ts';
import { Request, type Caller, type Route } from './request.ts';

/** A parallel step as its service runs it: built once, shared by every job that takes it. */
export class FanOutStep {
  /** The calls it sends. */
  readonly total: number;

  constructor(
    readonly sim: Simulation,
    /** One route per branch, and how many calls each branch sends. */
    readonly routes: readonly Route[],
    readonly counts: readonly number[],
    readonly quorum: number,
    /** Abandoned calls are cancelled (the service has cancel_on_timeout). */
    readonly cancels: boolean,
  ) {
    this.total = counts.reduce((sum, n) => sum + n, 0);
  }
}

/** One job's run of a FanOutStep: the caller of its requests. */
export class FanOutCall implements Caller {
  private succeeded = 0;
  private failed = 0;
  private decided = false;
  /** The requests not yet ended: abandoned when the step is decided. */
  private readonly inFlight = new Set<Request>();

  constructor(private readonly step: FanOutStep, private readonly job: Job) {}

  /**
   * Read by CallDeadlines as the caller's deadline: the calls of a step are bounded by the
   * calling job's, as a plain call is.
   */
  get deadline(): number {
    return this.job.deadline;
  }

  /** Sends every call, branch by branch, unless the step is decided on the way. */
  start(): void {
    const { routes, counts, sim } = this.step;
    for (let b = 0; b < routes.length; b++) {
      for (let i = 0; i < counts[b]; i++) {
        if (this.decided) return;
        const request = new Request(routes[b], this, sim.now, true);
        this.inFlight.add(request);
        request.start();
      }
    }
  }

  requestEnded(request: Request, reason: FailureReason | null): void {
    this.inFlight.delete(request);
    if (this.decided) return;
    const step = this.step;
    if (reason === null) {
      if (++this.succeeded >= step.quorum) this.decide(null);
    } else if (step.total - ++this.failed < step.quorum) {
      this.decide('error');
    }
  }

  /** The job was cancelled (its service propagates cancellation): so is every call still out. */
  cancel(): void {
    this.decided = true;
    this.abandonInFlight(true);
  }

  private decide(reason: FailureReason | null): void {
    this.decided = true;
    this.abandonInFlight(this.step.cancels);
    (this.job.holder as JobOwner).callEnded(this.job, reason);
  }

  private abandonInFlight(tell: boolean): void {
    // A cancelled request does not call back (Request.cancel), so the set is not changed meanwhile.
    for (const request of this.inFlight) request.cancel(tell);
    this.inFlight.clear();
  }
}
