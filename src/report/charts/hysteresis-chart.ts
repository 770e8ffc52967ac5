/**
 * The hysteresis chart: goodput against offered load, on the way up a rate schedule and on the
 * way back down through the same levels. A system that is not metastable retraces its path; a
 * metastable one comes down below it (the storm that started at the top keeps goodput low at
 * loads it served in full on the way up). See "Metastable Failures in Distributed Systems"
 * (Bronson et al., HotOS'21), figure 1: the vulnerable state is reached from above.
 *
 *   run ─▶ steps of the client's schedule ─▶ windows of each step (mean offered, mean goodput)
 *       ─▶ a point per step, `up` before the peak step, `down` after it (the peak is in both,
 *          so that the two lines meet there) ─▶ a line per run and direction
 */
import { clientEntity } from '../../metrics/series.ts';
import type { ClientConfig, RateStep } from '../../model/config.ts';
import type { ChartRun } from './chart-data.ts';
import { stepOutcome, type StepOutcome } from '../../metrics/ramp-verdict.ts';
import type { DrawnChart } from './charts.ts';
import type { Spec } from './panel.ts';
import { CONFIG, PALETTE, PANEL_WIDTH, SCHEMA, DASHES } from './style.ts';

export type Direction = 'up' | 'down';

/** One step of the schedule: where its rate holds, and whether it is on the way up or down. */
export interface RampStep {
  from: number;
  to: number;
  rate: number;
  directions: Direction[];
}

/** One plotted point: the mean over the whole windows of one step. */
export interface HysteresisPoint {
  run: string;
  direction: Direction;
  /** Position along that direction's line (the order of the steps travelled). */
  order: number;
  rate: number;
  offered: number;
  goodput: number;
  windows: number;
  /** On the way down: how the step compares with the step up at the same rate (ramp-verdict.ts); null on the way up, or not judged. */
  outcome: StepOutcome | null;
}

/** The rates an open client runs at, from 0 to `duration`: its rate, then each step of its schedule. */
function rateSteps(client: ClientConfig, duration: number): RateStep[] {
  if (client.arrival.kind !== 'open') return [];
  const steps = [{ at: 0, rate: client.arrival.rate }, ...[...client.arrival.schedule].sort((a, b) => a.at - b.at)];
  return steps.filter((s, i) => s.at < duration && (i + 1 >= steps.length || steps[i + 1].at > s.at));
}

/**
 * The steps of a client's schedule, labelled, when its rate rises to a peak and then falls
 * (some rate before the peak is lower, and some after it); otherwise null.
 */
export function rampSteps(client: ClientConfig, duration: number): RampStep[] | null {
  const steps = rateSteps(client, duration);
  if (steps.length < 3) return null;
  const top = Math.max(...steps.map((s) => s.rate));
  const peak = steps.findIndex((s) => s.rate === top);
  const rises = steps.slice(0, peak).some((s) => s.rate < top);
  const falls = steps.slice(peak + 1).some((s) => s.rate < top);
  if (!rises || !falls) return null;
  return steps.map((s, i) => ({
    from: s.at,
    to: i + 1 < steps.length ? steps[i + 1].at : duration,
    rate: s.rate,
    directions: i < peak ? ['up'] : i > peak ? ['down'] : ['up', 'down'],
  }));
}

/** The first client of the run whose schedule rises then falls. */
function rampClient(run: ChartRun): { client: ClientConfig; steps: RampStep[] } | null {
  for (const client of run.scenario.clients) {
    const steps = rampSteps(client, run.scenario.duration);
    if (steps !== null) return { client, steps };
  }
  return null;
}

/** A run has a ramp: a client whose rate schedule rises then falls. */
export function hasRamp(run: ChartRun): boolean {
  return rampClient(run) !== null;
}

/** A point per step and direction: the mean offered load and goodput of the step's whole windows (after warm-up). */
export function hysteresisPoints(run: ChartRun): HysteresisPoint[] {
  const ramp = rampClient(run);
  if (ramp === null) return [];
  const { window, warmup } = run.scenario;
  const entity = clientEntity(ramp.client.name);
  const rows = run.series.filter((r) => r.entity === entity);
  const goodput = rows.map((r) => r.succeeded_per_s ?? 0);
  const offeredLoad = rows.map((r) => r.offered_per_s ?? 0);
  // Whole windows of a step, from warm-up on.
  const windowsOf = (step: RampStep) => ({ from: Math.ceil(Math.max(step.from, warmup) / window - 1e-9), to: Math.floor(step.to / window + 1e-9) });
  const out: HysteresisPoint[] = [];
  const order: Record<Direction, number> = { up: 0, down: 0 };
  for (const step of ramp.steps) {
    const { from, to } = windowsOf(step);
    if (to <= from) continue;
    const inside = rows.slice(from, to);
    const mean = (column: 'offered_per_s' | 'succeeded_per_s') => inside.reduce((sum, r) => sum + (r[column] ?? 0), 0) / inside.length;
    const [offered, goodputMean] = [mean('offered_per_s'), mean('succeeded_per_s')].map((v) => Number(v.toPrecision(6)));
    const up = ramp.steps.find((s) => s.rate === step.rate && s.directions.length === 1 && s.directions[0] === 'up');
    const judged = step.directions.length === 1 && step.directions[0] === 'down' && up !== undefined && run.backlog !== undefined;
    const series = { offered: offeredLoad, goodput, backlog: run.backlog ?? [] };
    const outcome = judged ? stepOutcome(series, windowsOf(up), { from, to }, run.scenario.metastability.tolerance, window) : null;
    for (const direction of step.directions) {
      out.push({ run: run.label, direction, order: order[direction]++, rate: step.rate, offered, goodput: goodputMean, windows: inside.length, outcome: direction === 'down' ? outcome : null });
    }
  }
  return out;
}

const DIRECTION_SHAPES = { up: 'triangle-right', down: 'triangle-left' };
/** The outcome of a step down, in words and colours kept apart from the runs' palette (rings, not lines). */
const OUTCOME_WORDS: Record<StepOutcome, string> = { recovered: 'recovered', still_recovering: 'still recovering', metastable: 'metastable' };
const OUTCOME_COLORS = ['#74c476', '#6baed6', '#de2d26'];
const DIRECTION_WORDS = { up: 'way up ▶', down: 'way down ◀' };

/** A series per run and direction: the run's colour, and a dash of its own, so grayscale still tells the four apart. */
function seriesScales(labels: readonly string[]): { domain: string[]; color: string[]; dash: number[][] } {
  const domain = labels.flatMap((l) => (['up', 'down'] as const).map((d) => seriesName(l, d, labels.length)));
  return {
    domain,
    color: labels.flatMap((_, i) => [PALETTE[i % PALETTE.length], PALETTE[i % PALETTE.length]]),
    dash: domain.map((_, i) => DASHES[i % DASHES.length]),
  };
}

function seriesName(label: string, direction: Direction, runs: number): string {
  return runs > 1 ? `${label}: ${DIRECTION_WORDS[direction]}` : DIRECTION_WORDS[direction];
}

const X_TITLE = 'offered load (requests per second)';
const Y_TITLE = 'goodput (requests per second)';

export function hysteresisChart(runs: readonly ChartRun[]): DrawnChart {
  const ramped = runs.filter(hasRamp);
  const labels = ramped.map((r) => r.label);
  const values = ramped.flatMap(hysteresisPoints).map((p) => ({ ...p, series: seriesName(p.run, p.direction, labels.length) }));
  const scales = seriesScales(labels);
  const top = Math.max(1, ...values.map((p) => Math.max(p.offered, p.goodput)));
  const x = { field: 'offered', type: 'quantitative', title: X_TITLE, scale: { domain: [0, top], nice: true } };
  const y = { field: 'goodput', type: 'quantitative', title: Y_TITLE, scale: { domain: [0, top], nice: true } };
  const tooltip = [
    { field: 'run', type: 'nominal' }, { field: 'direction', type: 'nominal' },
    { field: 'rate', type: 'quantitative', title: 'scheduled rate (/s)', format: ',.4~g' },
    { field: 'offered', type: 'quantitative', title: 'offered (/s)', format: ',.1f' },
    { field: 'goodput', type: 'quantitative', title: 'goodput (/s)', format: ',.1f' },
    { field: 'windows', type: 'quantitative' },
  ];
  const legend = { title: labels.length > 1 ? 'run and direction' : 'direction' };
  const color = { field: 'series', type: 'nominal', legend, scale: { domain: scales.domain, range: scales.color } };
  const strokeDash = { field: 'series', type: 'nominal', legend, scale: { domain: scales.domain, range: scales.dash } };
  const reference = { values: [{ offered: 0, goodput: 0 }, { offered: top, goodput: top }] };
  const client = ramped.length > 0 ? rampClient(ramped[0])!.client.name : '';
  const spec: Spec = {
    $schema: SCHEMA,
    title: {
      text: `Hysteresis: goodput up and down the ramp (${clientEntity(client)})`,
      subtitle: [
        'each point: one step of the rate schedule (mean over its windows); ▶ up, ◀ down',
        'metastable: the way down lies below the way up (the storm outlives the overload)',
        'rings: each step down the way up served, retraced, still draining, or metastable',
        'dotted: goodput = offered (the most there can be)',
      ],
    },
    config: CONFIG,
    width: PANEL_WIDTH,
    height: 360,
    layer: [
      { data: reference, mark: { type: 'line', color: '#777777', strokeDash: [2, 3], strokeWidth: 1 }, encoding: { x, y } },
      {
        // The first run drawn last, on top: where the runs' lines coincide (the way up), it is the one seen.
        data: { values: [...values].reverse() },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: { x, y, color, strokeDash, detail: { field: 'series', type: 'nominal' }, order: { field: 'order', type: 'quantitative' } },
      },
      // Behind each point on the way down, a ring in the colour of its outcome.
      {
        data: { values: values.filter((p) => p.outcome !== null).map((p) => ({ ...p, outcome: OUTCOME_WORDS[p.outcome!] })) },
        mark: { type: 'circle', size: 420, opacity: 0.45 },
        encoding: {
          x, y, tooltip: [...tooltip, { field: 'outcome', type: 'nominal', title: 'on the way down' }],
          fill: {
            field: 'outcome', type: 'nominal',
            scale: { domain: Object.values(OUTCOME_WORDS), range: OUTCOME_COLORS },
            legend: { title: 'each step down', symbolType: 'circle', symbolOpacity: 0.6 },
          },
        },
      },
      {
        data: { values: [...values].reverse() },
        mark: { type: 'point', filled: true, size: 90, opacity: 1, stroke: '#ffffff', strokeWidth: 0.8 },
        encoding: {
          x, y, tooltip,
          color,
          shape: { field: 'direction', type: 'nominal', legend: null, scale: { domain: ['up', 'down'], range: [DIRECTION_SHAPES.up, DIRECTION_SHAPES.down] } },
        },
      },
    ],
  };
  return { id: 'hysteresis', title: 'Hysteresis: goodput up and down the ramp', spec };
}
