/**
 * runScenario: the one composition root. Every command and test runs a scenario through here.
 *
 *   Scenario ─build─▶ wired model ─run─▶ events ─record─▶ windows + totals ─summarize─▶ RunResult
 *
 * The propagation section, when there is one, is built on the same Simulation as the clients and
 * services, records into the same windows (a `propagation` row after theirs), and adds the
 * `propagation` section to the summary.
 *
 * Pure apart from the CPU: no files, no console, no clock. The same scenario (seed included)
 * gives the same result, to the byte once written out.
 */
import { buildModel } from './model/build.ts';
import { checkedServices } from './model/route-health.ts';
import { buildPropagation, type PropagationModel } from './model/propagation/build.ts';
import { baselineWindows, metastabilityVerdict, type MetastabilitySettings } from './metrics/metastability.ts';
import { capacityBlock, offeredBy, serviceLoads } from './metrics/service-loads.ts';
import { estimateCapacities } from './model/capacity.ts';
import { PropagationRecorder } from './metrics/propagation-recorder.ts';
import { propagationSummary } from './metrics/propagation-summary.ts';
import { Recorder } from './metrics/recorder.ts';
import { AutoscaleTrack } from './metrics/autoscale-track.ts';
import type { SeriesRow } from './metrics/series.ts';
import type { StoppedEarly } from './metrics/stopped.ts';
import { buildSummary, type Summary } from './metrics/summary.ts';
import { evaluateAssertions } from './scenario/evaluate.ts';
import type { Scenario, Variant } from './scenario/types.ts';
import type { Simulation } from './engine/simulation.ts';
import { hasPools, reportedReasons } from './strategies/reasons.ts';

export type { StoppedEarly } from './metrics/stopped.ts';

export interface RunOptions {
  /** Told the simulated time now and then, for a progress indication. */
  onProgress?: (simulatedSeconds: number) => void;
  /**
   * Stop the run once more attempts than this are in the system (queued or in service anywhere,
   * or waiting out a backoff): a storm whose backlog only grows would otherwise run until memory
   * runs out. Checked every 65,536 events, so it may pass the limit by that much work. Default:
   * no limit (the CLI sets one, `--max-in-flight`).
   */
  maxInFlight?: number;
}

/** Events between two checks of the work in flight; every fourth check also reports progress. */
const CHECK_EVERY = 65_536;

export interface RunResult {
  summary: Summary;
  series: SeriesRow[];
  /** Events the engine handled. */
  events: number;
  /** Simulated time of the last event (after the drain). */
  endTime: number;
  /** The work in the system per window (attempts queued or in service, retries in backoff): what the verdict reads. */
  backlog: readonly number[];
  /** Succeeded requests per second per window, all clients together. */
  goodput: readonly number[];
  /** Set when the run stopped before its end (RunOptions.maxInFlight); summary.stopped says the same. */
  stopped: StoppedEarly | null;
}

export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const clients = scenario.clients.map((c) => c.name);
  const checked = checkedServices(scenario);
  const recorder = new Recorder({
    window: scenario.window,
    warmup: scenario.warmup,
    duration: scenario.duration,
    clients,
    services: scenario.services.map((s) => ({
      name: s.name, workers: s.workers * (s.replicas ?? 1), ...(checked.has(s.name) ? { health: true } : {}),
      ...(s.contention === undefined ? {} : { contention: true }), ...(s.cache === undefined ? {} : { cache: true }),
    })),
    reasons: reportedReasons(hasPools(scenario.clients, scenario.services)),
  });
  const model = buildModel(scenario, recorder);
  for (const [i, autoscaler] of model.autoscalers) {
    const track = new AutoscaleTrack(recorder, scenario.services[i].replicas === undefined ? 'workers' : 'replicas', scenario.warmup, scenario.duration);
    recorder.autoscale.set(i, track);
    autoscaler.observer = track;
  }
  const propagation = withPropagation(scenario, recorder, model.sim);
  model.start();
  propagation?.model.start();
  const limit = options.maxInFlight ?? Infinity;
  let checks = 0;
  let stopped: StoppedEarly | null = null;
  model.sim.run({
    progressEvery: CHECK_EVERY,
    onProgress: (now) => {
      const inFlight = recorder.inSystem;
      if (inFlight > limit) {
        stopped = { reason: 'max_in_flight', at_s: now, in_flight: inFlight, limit };
        return false;
      }
      if (++checks % 4 === 0) options.onProgress?.(now);
      return true;
    },
  });
  recorder.finish(model.sim.now, stopped !== null);

  const settings: MetastabilitySettings = {
    window: scenario.window,
    warmup: scenario.warmup,
    duration: scenario.duration,
    tolerance: scenario.metastability.tolerance,
    hold: scenario.metastability.hold,
    limit: scenario.metastability.limit,
    faults: scenario.faults.map((f) => ({ start: f.at, end: f.at + f.for })),
    stoppedAt: (stopped as StoppedEarly | null)?.at_s ?? null,
  };
  const capacities = estimateCapacities(scenario);
  const loads = serviceLoads(recorder.rows, scenario.services.map((s, i) => ({ name: s.name, capacity: capacities[i].perSecond })));
  // Periodic clients are open-loop too: their requests come whatever the responses.
  const open = scenario.clients.filter((c) => c.arrival.kind !== 'closed').map((c) => c.name);
  const openOffered = offeredBy(recorder.rows, open, recorder.goodput.length);
  const verdict = metastabilityVerdict({ goodput: recorder.goodput, offered: recorder.offered, openOffered, backlog: recorder.backlog, services: loads }, settings);
  const [b0, b1] = baselineWindows(settings);
  const summary = buildSummary(
    {
      scenario: scenario.name,
      seed: scenario.seed,
      duration: scenario.duration,
      warmup: scenario.warmup,
      clients,
      services: scenario.services.map((s) => s.name),
      periodic: scenario.clients.filter((c) => c.arrival.kind === 'periodic').map((c) => c.name),
    },
    recorder,
    {
      verdict,
      stopped,
      capacity: loads.map((load) => capacityBlock(load, b0, b1)),
      propagation: propagation === null ? null : propagationSummary(propagation.recorder, propagation.model.outcome(), scenario.warmup),
    },
  );
  summary.assertions = evaluateAssertions(summary, scenario.assertions);
  return {
    summary, series: recorder.rows, events: model.sim.eventsRun, endTime: model.sim.now, backlog: recorder.backlog, goodput: recorder.goodput, stopped,
  };
}

/** The propagation model and its recorder, on the run's Simulation; null without the section. */
function withPropagation(scenario: Scenario, recorder: Recorder, sim: Simulation): { model: PropagationModel; recorder: PropagationRecorder } | null {
  const config = scenario.propagation ?? null;
  if (config === null) return null;
  const observer = new PropagationRecorder(recorder, {
    window: scenario.window,
    warmup: scenario.warmup,
    duration: scenario.duration,
    workers: config.sender.workers,
  });
  const model = buildPropagation(config, { sim, seed: scenario.seed, duration: scenario.duration, observer });
  return { model, recorder: observer };
}

/** One run of a file: the scenario itself, or one of its variants (named in `variant`). */
export interface FileRun {
  label: string;
  variant?: string;
  scenario: Scenario;
}

/**
 * The runs of a file: each variant on the base's seed (the same random draws), or the scenario
 * itself. Shared by the CLI and the browser playground, so both run the same things.
 */
export function fileRuns(scenario: Scenario, variants: readonly Variant[], seed: number): FileRun[] {
  if (variants.length === 0) return [{ label: scenario.name, scenario: { ...scenario, seed } }];
  return variants.map((v) => ({ label: v.name, variant: v.name, scenario: { ...v.scenario, seed } }));
}

/** A variant's summary names it right after the scenario's name, so the summary says which run it is. */
export function namedVariant(result: RunResult, variant: string | undefined): RunResult {
  if (variant === undefined) return result;
  const { scenario: name, ...rest } = result.summary;
  return { ...result, summary: { scenario: name, variant, ...rest } };
}
