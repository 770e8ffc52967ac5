/** The short, aligned summary printed after a run. */
import type { PropagationSummary } from '../metrics/propagation-summary.ts';
import type { ReplicaSummary, Summary } from '../metrics/summary.ts';
import type { MetricUnit } from '../scenario/metric-paths.ts';
import { stoppedSentence, verdictLines, wrap, type VerdictContext } from './verdict-text.ts';
import { autoscaleLines } from './autoscale-table.ts';
import { alignTable, formatAmplification, formatMetric, formatPercent, formatRate, formatSeconds } from './format.ts';

export { alignTable, formatAmplification, formatMetric, formatPercent, formatPerSecond, formatRate, formatSeconds } from './format.ts';

export interface TableContext {
  /** Simulated time after the end of arrivals until the last work ended. */
  drainedFor: number;
  /** What the verdict's words need from the scenario (verdictContextOf). */
  verdict: VerdictContext;
  /** The unit of each assertion's metric, in the order of summary.assertions. */
  assertionUnits: readonly MetricUnit[];
  /** The propagation strategy's kind, naming its row (when the scenario has that section). */
  propagationStrategy?: string;
}


function propagationLines(p: PropagationSummary, strategy: string): string[] {
  const rate = formatRate;
  return alignTable([
    ['propagation', 'work min', 'mean', 'max', 'staleness p50', 'p99', 'max', 'convergence', 'backlog max', 'never converged'],
    [strategy, rate(p.work_per_s.min), rate(p.work_per_s.mean), rate(p.work_per_s.max), formatSeconds(p.staleness.p50), formatSeconds(p.staleness.p99),
      formatSeconds(p.staleness.max), formatSeconds(p.convergence_s), String(p.backlog_max), String(p.never_converged)],
  ]);
}

/**
 * Per service: attempts offered per second before the first fault, its estimated capacity, the
 * load (offered / capacity) and its utilization: a model overloaded from the start shows here.
 */
export function capacityRows(s: Summary): string[][] {
  return Object.entries(s.services).map(([name, v]) => {
    const c = v.capacity;
    const load = c.offered_per_s !== null && c.estimated_per_s !== null && c.estimated_per_s > 0 ? c.offered_per_s / c.estimated_per_s : null;
    return [name, formatRate(c.offered_per_s), c.estimated_per_s === null ? 'unbounded' : formatRate(c.estimated_per_s), formatPercent(load), formatPercent(c.utilization)];
  });
}

const MEMBER_COLUMNS = ['arrivals', 'share', 'completed', 'rejected', 'shed', 'errors', 'utilization'];
/** With health checks or outlier detection on a route to the service (docs/replicas.md). */
const HEALTH_COLUMNS = ['ejections', 'unhealthy', 'excluded'];

/**
 * Per service made of several (docs/replicas.md, docs/bulkheads.md): a row per replica
 * (`<service>.<i>`, with its health figures when it has them) with the imbalance below, or per
 * partition (`<service>.<name>`); nothing for a scenario with neither.
 */
export function memberTables(s: Summary): { service: string; header: string[]; note: string | null; rows: string[][] }[] {
  return Object.entries(s.services).flatMap(([name, v]) => {
    const members: [string, ReplicaSummary][] | null = v.replicas !== undefined
      ? v.replicas.map((r, i) => [String(i), r])
      : v.partitions !== undefined ? Object.entries(v.partitions) : null;
    if (members === null) return [];
    const health = members[0]?.[1].ejections !== undefined;
    return [{
      service: name,
      header: [v.replicas !== undefined ? 'replica' : 'partition', ...MEMBER_COLUMNS, ...(health ? HEALTH_COLUMNS : [])],
      note: v.replicas !== undefined ? imbalanceText(v.imbalance ?? null) : null,
      rows: members.map(([m, r]) => [
        `${name}.${m}`, String(r.arrivals), formatPercent(r.share), String(r.completed), String(r.rejected), String(r.shed), String(r.errors), formatPercent(r.utilization),
        ...(health ? [String(r.ejections), String(r.marked_unhealthy), (r.excluded_s ?? 0) === 0 ? '0 s' : formatSeconds(r.excluded_s ?? 0)] : []),
      ]),
    }];
  });
}

/** The imbalance in words: the busiest replica's utilization over the mean. */
export function imbalanceText(imbalance: number | null): string {
  return imbalance === null ? 'imbalance: none (idle)' : `imbalance ${imbalance.toFixed(2)} (busiest replica's utilization over the mean)`;
}

function memberLines(s: Summary): string[] {
  return memberTables(s).flatMap(({ header, note, rows }) => [...alignTable([header, ...rows]), ...(note === null ? [] : [note]), '']);
}

/** Before the first fault; over the whole run when it has none (the baseline is then the run). */
function capacityLines(s: Summary, noFault: boolean): string[] {
  return alignTable([[noFault ? 'over the run (no fault)' : 'before the first fault', 'offered', 'capacity', 'load', 'utilization'], ...capacityRows(s)]);
}

export function summaryTable(s: Summary, ctx: TableContext): string {
  const drainedFor = ctx.drainedFor;
  const lines = [`${s.scenario}: seed ${s.seed}, ${s.duration_s} s simulated (warm-up ${s.warmup_s} s), drained ${drainedFor.toFixed(1)} s after`, ''];
  if (s.stopped !== undefined) lines.splice(0, 2, `${s.scenario}: seed ${s.seed}, warm-up ${s.warmup_s} s`, ...wrap(stoppedSentence(s.stopped), 100), '');
  const clientRows = [['client', 'requests', 'amplification', 'goodput', 'p50', 'p99']];
  for (const [name, c] of Object.entries(s.clients)) {
    clientRows.push([name, String(c.requests), formatAmplification(c.amplification), formatPercent(c.goodput_ratio), formatSeconds(c.latency.p50), formatSeconds(c.latency.p99)]);
  }
  const serviceRows = [['service', 'arrivals', 'utilization', 'wasted', 'sojourn p99']];
  for (const [name, v] of Object.entries(s.services)) {
    serviceRows.push([name, String(v.arrivals), formatPercent(v.utilization), formatPercent(v.wasted_fraction), formatSeconds(v.sojourn.p99)]);
  }
  // A scenario of only a propagation section has no clients and no services: no empty tables then.
  if (clientRows.length > 1) lines.push(...alignTable(clientRows), '');
  if (serviceRows.length > 1) lines.push(...alignTable(serviceRows), '', ...memberLines(s), ...autoscaleLines(s), ...capacityLines(s, ctx.verdict.lastFaultEnd === null), '');
  if (s.propagation) lines.push(...propagationLines(s.propagation, ctx.propagationStrategy ?? ''), '');
  if (clientRows.length > 1) lines.push(...verdictLines(s.metastability, ctx.verdict));
  else lines.pop();
  if (s.assertions.length > 0) {
    lines.push('', 'assertions:');
    const width = Math.max(...s.assertions.map((a) => a.expr.length));
    s.assertions.forEach((a, i) => {
      lines.push(`  ${a.pass ? 'pass' : 'FAIL'}  ${a.expr.padEnd(width)}  observed ${formatMetric(a.value, ctx.assertionUnits[i])}`);
    });
  }
  return `${lines.join('\n')}\n`;
}
