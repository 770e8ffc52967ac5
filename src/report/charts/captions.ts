/**
 * One sentence per chart saying what to look at, shown under the chart's heading in report.html:
 * the chart's subtitle says what its lines are, the caption what they tell (issue 17). Kept in
 * one module, as vega-lite keeps its messages in one (src/log/message.ts), so the wording of
 * every chart kind reads together. Where it costs nothing the sentence names the run's own
 * values: the faults shaded and when, the timeouts drawn, the failure reasons present.
 */
import { clientEntity } from '../../metrics/series.ts';
import { FAILURE_REASONS } from '../../strategies/reasons.ts';
import { faultSpan, isTrigger, shortSeconds, triggerTexts } from '../trigger-text.ts';
import { faultLabel, serviceNames, type ChartRun } from './chart-data.ts';

/** Whether some run has a trigger: without one, a caption has no "after the fault" to point at. */
const hasFault = (runs: readonly ChartRun[]): boolean => runs.some((run) => run.scenario.faults.some((f) => isTrigger(f, run.scenario.duration)));

/** `after the fault`, or `over the run` where no run has one. */
const afterFault = (runs: readonly ChartRun[]): string => (hasFault(runs) ? 'after the fault' : 'over the run');

/**
 * The shaded fault bands of the runs, each once: `Shaded: api ×2 slower, from 60 s to 70 s (10 s).`
 * The same faults as faultMarks draws (isTrigger), their times said as the banner says them (faultSpan).
 */
export function shadedText(runs: readonly ChartRun[]): string {
  const parts: string[] = [];
  for (const run of runs) {
    for (const fault of run.scenario.faults) {
      if (!isTrigger(fault, run.scenario.duration)) continue;
      const span = faultSpan(fault.at, fault.for, fault.kind === 'cache_flush', run.scenario.duration);
      const text = `${faultLabel(fault)}, ${span}${fault.for === 0 ? ' (a thin band)' : ''}`;
      if (!parts.includes(text)) parts.push(text);
    }
  }
  return parts.length === 0 ? 'No fault is shaded: the run has none.' : `Shaded: ${parts.join('; ')}.`;
}

/** `clients.web 200 ms` for each client with a timeout (one value per client when the runs agree). */
function timeoutsText(runs: readonly ChartRun[]): string {
  const parts: string[] = [];
  for (const run of runs) for (const c of run.scenario.clients) {
    if (c.timeout === null || c.timeout === undefined) continue;
    const text = `${clientEntity(c.name)} ${shortSeconds(c.timeout)}`;
    if (!parts.includes(text)) parts.push(text);
  }
  return parts.join(', ');
}

/** The failure reasons some run's series has, in the vocabulary's order. */
function reasonsPresent(runs: readonly ChartRun[]): string[] {
  return FAILURE_REASONS.filter((r) => runs.some((run) => run.series.some((row) => (row[`failed_${r}_per_s`] ?? 0) > 0)));
}

type Caption = (runs: readonly ChartRun[]) => string;

/** What to look at, per chart id of runCharts. */
const CAPTIONS: Record<string, Caption> = {
  load: (runs) => {
    if (!hasFault(runs)) return 'Look at goodput against the offered load: without a fault, goodput on the offered line throughout is a steady system; attempts above offered are retries.';
    return runs.length > 1
      ? 'Look at goodput after the fault: the run whose goodput climbs back to the offered load soonest recovered first; attempts above offered are retries.'
      : 'Look at goodput after the fault: back at the offered load means recovered; goodput staying low while attempts stay far above offered is a retry storm.';
  },
  latency: (runs) => {
    const timeouts = timeoutsText(runs);
    // The dashed line is drawn only for a client with a timeout (charts.ts, timeoutRules).
    if (timeouts === '') return `Look at p99 against p50 ${afterFault(runs)}: no client has a timeout, so no timeout line is drawn; a p99 that climbs far above p50 and stays there is requests waiting in a queue that does not drain.`;
    return `Look at p99 against the dashed timeout line (${timeouts}): latency pressed against the timeout means most attempts time out and only the lucky succeed; a gap means none succeeded.`;
  },
  failures: (runs) => {
    const present = reasonsPresent(runs);
    if (present.length === 0) return 'No request failed: every panel is empty.';
    return `Look at which reason fills the area ${afterFault(runs)} (here: ${present.join(', ')}): timeout means overload, rejected a full queue, and circuit_open, budget or throttled a client refusing by design.`;
  },
  services: (runs) => `Look at the queue of ${serviceNames(runs).join(', ')} ${afterFault(runs)}: a queue that keeps growing while utilization stays near 100% is the failure sustaining itself; one that falls back is recovery.`,
  replicas: () => 'Look for lines that part: a replica or partition busier, more queued or held out of the healthy set while the others idle is load spread unevenly or an ejection cascade.',
  cache: () => 'Look at the hit ratio after the flush or fault: climbing back means the cache refills; staying low with misses high is a cold cache that keeps its database overloaded.',
  autoscale: () => 'Look at the units serving against the load: capacity that arrives only after the overload has begun, or that is taken away (scale-in) during the recovery, keeps or re-triggers the failure.',
  propagation: (runs) => {
    const triggers = [...new Set(runs.flatMap((run) => triggerTexts(run.scenario)))];
    const what = triggers.length === 0 ? '' : ` Here: ${triggers.join('; ')}.`;
    return `Look at sender work and staleness when many entries change at once: constant work keeps the work flat and the staleness within a period; a workflow grows a backlog and stale pairs.${what}`;
  },
  hysteresis: () => 'Look at the gap between the way up (▶) and the way down (◀): at the same offered load, lower goodput on the way down is hysteresis, the mark of a metastable system; the rings give each step down its outcome.',
};

/** The caption of a chart of runCharts; every id there has one (a test checks it). */
export function chartCaption(id: string, runs: readonly ChartRun[]): string {
  const caption = CAPTIONS[id];
  if (caption === undefined) throw new Error(`chart "${id}" has no caption (src/report/charts/captions.ts)`);
  const sentence = caption(runs);
  // The time charts shade the faults; the hysteresis chart is drawn against load, not time.
  return id === 'hysteresis' || id === 'propagation' ? sentence : `${sentence} ${shadedText(runs)}`;
}

/** What to look at in a sweep's charts. */
export const SWEEP_CAPTIONS: Record<string, string> = {
  goodput: 'Look for the load at which each line leaves the dotted goodput = offered diagonal: beyond it that setting no longer copes; the band is the 95% confidence interval over the seeds.',
  'metastability-map': 'Look at the border between the cells that recovered and those that ended metastable: it shows how long a trigger, at what load, tips the system over.',
};
