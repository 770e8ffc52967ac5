/**
 * What triggered a run, in words: each fault's kind, target, start, length and strength, for the
 * banner at the top of report.html and the chart captions. isTrigger says which faults count: the
 * banner's trigger line, its verdict words (verdictContextOf), the shaded bands and their captions
 * all ask it, so that none of them names a fault another leaves out.
 */
import type { ChangeConfig, FaultConfig, PropagationFaultConfig } from '../model/config.ts';

/**
 * Whether a fault is a trigger of a run whose arrivals stop at `duration`: it starts before
 * then. Its length does not matter, a `for: 0s` fault included, because the verdict counts it so
 * (src/metrics/metastability.ts, triggers(): `start < runEnd`; run.ts passes every fault).
 */
export function isTrigger(fault: { at: number }, duration: number): boolean {
  return fault.at < duration;
}

/** Seconds for a sentence: `60 s`, `2.5 s`, `250 ms`. */
export function shortSeconds(x: number): string {
  if (x > 0 && x < 1) return `${Number((x * 1000).toPrecision(3))} ms`;
  return `${Number(x.toPrecision(4))} s`;
}

const percent = (x: number): string => `${Number((x * 100).toPrecision(3))}%`;

/**
 * `from 60 s to 70 s (10 s)` as configured, with `, the run ends at 40 s` inside the brackets
 * when the fault outlasts the run; `at 60 s` for an instant (a cache flush, a lost node); `at
 * 60 s, lasting 0 s` for a fault given `for: 0s`, which changes nothing but still counts as a
 * trigger (isTrigger). The banner and the chart captions both say a fault's time this way.
 */
export function faultSpan(at: number, length: number, instant: boolean, duration = Infinity): string {
  if (instant) return `at ${shortSeconds(at)}`;
  if (length === 0) return `at ${shortSeconds(at)}, lasting 0 s`;
  const clipped = at + length > duration ? `; the run ends at ${shortSeconds(duration)}` : '';
  return `from ${shortSeconds(at)} to ${shortSeconds(at + length)} (${shortSeconds(length)}${clipped})`;
}

/** A service fault on some replicas names them: `api (replicas 0, 2)`. */
function target(fault: { service: string; replicas?: number[] | null }): string {
  if (fault.replicas == null) return fault.service;
  return `${fault.service} (replica${fault.replicas.length > 1 ? 's' : ''} ${fault.replicas.join(', ')})`;
}

/** One fault in words: `slowdown of api, service times ×2, from 60 s to 70 s (10 s)`. */
export function faultText(fault: FaultConfig, duration = Infinity): string {
  const span = faultSpan(fault.at, fault.for, fault.kind === 'cache_flush', duration);
  switch (fault.kind) {
    case 'slowdown':
      return `slowdown of ${target(fault)}, service times ×${fault.factor}, ${span}`;
    case 'workers':
      return `${target(fault)} ${fault.count !== null ? `down to ${fault.count} worker${fault.count === 1 ? '' : 's'}` : `at ×${fault.factor} of its workers`}, ${span}`;
    case 'load_spike':
      return `load spike from ${fault.client}, arrival rate ×${fault.factor}, ${span}`;
    case 'error_rate':
      return `errors at ${target(fault)}, ${percent(fault.rate)} of attempts fail${fault.latency > 0 ? ` after ${shortSeconds(fault.latency)}` : ''}, ${span}`;
    case 'outage':
      return `outage of ${target(fault)}, every attempt fails, ${span}`;
    case 'latency':
      return `added latency at ${target(fault)}, +${shortSeconds(fault.add)} on every response, ${span}`;
    case 'cache_flush':
      return `cache flush at ${fault.service}, ${percent(fault.share)} of its entries lost ${span}`;
  }
}

/** One perturbation of a propagation section in words. */
export function propagationFaultText(fault: PropagationFaultConfig): string {
  switch (fault.kind) {
    case 'drop_updates':
      return `${percent(fault.fraction)} of the sender's messages lost, ${faultSpan(fault.at, fault.for, false)}`;
    case 'lose_nodes':
      return `${fault.count.toLocaleString('en-US')} nodes lost at ${shortSeconds(fault.at)}, for good`;
    case 'slowdown':
      return `slowdown of the sender, messages ×${fault.factor} slower, ${faultSpan(fault.at, fault.for, false)}`;
  }
}

function changeText(change: ChangeConfig): string | null {
  return change.kind === 'mass' ? `${change.count.toLocaleString('en-US')} entries changed at once at ${shortSeconds(change.at)}` : null;
}

/** What a run is made of, as far as its trigger goes. */
export interface TriggerSource {
  /** Arrivals stop here: later faults trigger nothing. */
  duration: number;
  faults: readonly FaultConfig[];
  propagation?: { faults: readonly PropagationFaultConfig[]; changes: readonly ChangeConfig[] } | null;
}

/** Each trigger of a run in words, in the order of the scenario (faults, then the propagation's). */
export function triggerTexts(source: TriggerSource): string[] {
  const within = (at: number): boolean => isTrigger({ at }, source.duration);
  const p = source.propagation;
  return [
    ...source.faults.filter((f) => isTrigger(f, source.duration)).map((f) => faultText(f, source.duration)),
    ...(p == null ? [] : [
      ...p.changes.filter((c) => c.kind === 'mass' && within(c.at)).map(changeText).filter((t): t is string => t !== null),
      ...p.faults.filter((f) => within(f.at)).map(propagationFaultText),
    ]),
  ];
}

/** The triggers as one sentence: `Trigger: a; b.`, or that there was none; `everyRun`: the sentence of runs that share them. */
export function triggerSentence(source: TriggerSource, everyRun = false): string {
  const texts = triggerTexts(source);
  if (texts.length === 0) return everyRun ? 'No fault in any run: nothing perturbed them.' : 'No fault: nothing perturbed this run.';
  return `${texts.length === 1 ? 'Trigger' : 'Triggers'}${everyRun ? ' in every run' : ''}: ${texts.join('; ')}.`;
}
