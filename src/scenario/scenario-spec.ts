/**
 * The whole file format, from the top: one definition that both validates a scenario
 * (`parse`) and describes it as JSON Schema (`schema`).
 */
import { isMap, isSeq } from 'yaml';
import type { ClientConfig, ServiceConfig } from '../model/config.ts';
import { hasPools, POOL_REASONS } from '../strategies/reasons.ts';
import { assertions } from './assertion-spec.ts';
import { checkCacheFaults } from './cache-spec.ts';
import { faults } from './fault-spec.ts';
import * as msg from './messages.ts';
import { propagationMetricPaths, type MetricUnit } from './metric-paths.ts';
import { clients, services, type DeclaredNames } from './model-spec.ts';
import { checkPropagationSection, propagation, requiringServicesOrPropagation } from './propagation-spec.ts';
import { maybe, object, optional, required, type Field } from './spec-object.ts';
import { duration, either, fraction, integer, text } from './spec-values.ts';
import { INVALID, transform, type Context, type Parsed, type Spec } from './spec.ts';
import { variantsSpec } from './variant-spec.ts';
import { BASELINE_METRICS, type Assertion, type BaselineMetric, type CheckConfig, type Scenario } from './types.ts';

/** What the specs check names against; nulls (for the schema) check no names. */
export interface ScenarioEnvironment extends DeclaredNames {
  metrics: ReadonlyMap<string, MetricUnit> | null;
}

/** The scenario's name: it names results/<name>/ (`simulate init` checks its names against it too). */
export const SCENARIO_NAME = /^[a-z0-9-]+$/;

/** Each window is a row per entity in memory and in timeseries.csv; past this, a smaller window is a mistake. */
const MAX_WINDOWS = 1_000_000;

const metastability = object({
  tolerance: optional(fraction({ aboveZero: msg.DEGENERATE.toleranceZero, belowOne: msg.DEGENERATE.toleranceOne }), 0.1,
    'goodput within this relative distance of the baseline counts as recovered (above 0, below 100%)'),
  hold: optional(duration(), '10s', '... and must stay there this long'),
  limit: optional(either('none', null, duration({ positive: true })), 'none',
    'recovery must begin within this long after the last fault ends, or the run counts as not recovered; none: no limit'),
}, { description: 'how the metastability verdict is reached' });

/** One optional fraction per baseline metric: a key that names no metric gets a did-you-mean. */
const toleranceFields = Object.fromEntries(BASELINE_METRICS.map((metric) => [metric, maybe(fraction())])) as
  Record<BaselineMetric, Field<number | null>>;

const tolerances = transform(
  object(toleranceFields, {
    description: 'allowed worsening per baseline metric, overriding the defaults (a fraction: relative, or absolute for shares)',
  }),
  (values): CheckConfig['tolerances'] => {
    const given: CheckConfig['tolerances'] = {};
    for (const metric of BASELINE_METRICS) if (values[metric] !== null) given[metric] = values[metric];
    return given;
  },
);

const check = object({
  seeds: optional(integer(1), 1, 'seeds to run when --seeds is not given'),
  tolerances: optional(tolerances, {}),
}, { description: 'for `simulate check`: comparing a run with its baseline' });

export function scenarioSpec(env: ScenarioEnvironment): Spec<Scenario> {
  const fields = {
    name: required(text({ pattern: SCENARIO_NAME, rule: 'use lowercase letters, digits and `-` (it names the results folder)' }),
      'lowercase letters, digits and -; results go to results/<name>/'),
    description: optional(text(), '', 'shown in reports'),
    seed: optional(integer(0), 1, 'same file and seed give byte-identical results'),
    duration: required(duration({ positive: true }), 'simulated time; arrivals stop here, then work in flight drains'),
    warmup: optional(duration(), '0s', 'requests started before this are left out of summaries'),
    window: optional(duration({ positive: true }), '1s', 'width of one time-series bucket'),
    // Both required unless there is a propagation section (checked below).
    services: maybe(services(env)),
    clients: maybe(clients(env)),
    faults: optional(faults(env), []),
    propagation: maybe(propagation, 'constant work against an edge-triggered workflow (SCENARIO-FORMAT.md)'),
    metastability: optional(metastability, {}),
    // Propagation metrics are known here; checkPropagationSection refuses them without the section.
    assert: optional(assertions(env.metrics && new Map([...env.metrics, ...propagationMetricPaths()])), []),
    check: optional(check, {}),
    // Read and merged by the loader (extends.ts) before validation; here for the schema and the list of keys.
    extends: maybe(text(), 'a scenario file (relative to this one) whose keys this file\'s keys are merged over'),
    // Split off by the loader (load.ts), each merged over the rest; here for the schema and the list of keys.
    variants: maybe(variantsSpec()),
  };
  const top = requiringServicesOrPropagation(object(fields, {
    description: 'A retry-storm simulation scenario (SCENARIO-FORMAT.md, v1)',
    check: (values, at, ctx) => {
      const { warmup, duration: length, window } = values;
      checkPropagationSection(values, at, ctx);
      checkPoolMetrics(values, at, ctx);
      checkCacheFaults(values, at, ctx);
      if (warmup !== INVALID && length !== INVALID && warmup >= length) {
        ctx.report(at.anchor('warmup'), msg.warmupNotBeforeEnd(at.path('warmup'), warmup, length));
      }
      if (window !== INVALID && length !== INVALID && length / window > MAX_WINDOWS) {
        ctx.report(at.anchor('window'), msg.tooManyWindows(at.path('window'), length / window, MAX_WINDOWS));
      }
    },
  }));
  return transform(top, (value): Scenario => ({
    name: value.name,
    // A folded block (`description: >`) ends with a newline that no report wants.
    description: value.description.trimEnd(),
    seed: value.seed,
    duration: value.duration,
    warmup: value.warmup,
    window: value.window,
    services: value.services ?? [],
    clients: value.clients ?? [],
    faults: value.faults,
    // Only when present, so a scenario without the section is what it always was.
    ...(value.propagation === null ? {} : { propagation: value.propagation }),
    metastability: value.metastability,
    check: value.check,
    assertions: value.assert,
  }));
}

const POOL_METRIC = new RegExp(`\\.failures\\.(${POOL_REASONS.join('|')})$`);

/**
 * A run reports `pool_exhausted` only when some route has a pool (reasons.ts), so an assertion
 * naming it in a scenario without one names no metric: refused here, with its position, as
 * checkPropagationSection refuses the section's metrics without the section.
 */
function checkPoolMetrics(
  values: { clients: Parsed<ClientConfig[] | null>; services: Parsed<ServiceConfig[] | null>; assert: Parsed<readonly Assertion[]> },
  at: { anchor(key: string): unknown; path(key: string): string },
  ctx: Context,
): void {
  const { clients, services, assert } = values;
  if (clients === INVALID || services === INVALID || assert === INVALID) return;
  if (hasPools(clients ?? [], services ?? [])) return;
  const seq = at.anchor('assert');
  if (!isSeq(seq)) return;
  assert.forEach((a, i) => {
    if (!POOL_METRIC.test(a.path)) return;
    const item = seq.items[i];
    ctx.report(isMap(item) ? item.get('expr', true) ?? item : item, msg.poolMetricWithoutPool(`${at.path('assert')}[${i}]`, a.path));
  });
}
