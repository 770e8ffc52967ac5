/**
 * The autoscaling chart (docs/autoscaling.md): for each autoscaled service, the units serving,
 * desired and still provisioning over time, and beside it the attempts arriving at the service
 * against those it served. Read together: capacity climbing while attempts climb faster is
 * retries eating the added capacity; capacity falling right before attempts jump is a scale-in
 * that set the storm off again. Compared runs: a row of panels per run.
 */
import { serviceEntity } from '../../metrics/series.ts';
import { entityRows, groupSize, points, type ChartRun, type FaultMark } from './chart-data.ts';
import { chartSpec, timePanel, type Spec } from './panel.ts';

const UNITS = [
  { column: 'units', label: 'serving' },
  { column: 'units_desired', label: 'desired' },
  { column: 'units_provisioning', label: 'provisioning' },
] as const;
const LOAD = [
  { column: 'attempts_per_s', label: 'attempts arriving/s' },
  { column: 'succeeded_per_s', label: 'served ok/s' },
] as const;

/** The services autoscaled in some run. */
function autoscaled(runs: readonly ChartRun[]): string[] {
  return [...new Set(runs.flatMap((run) => run.scenario.services.filter((s) => s.autoscale !== undefined).map((s) => s.name)))];
}

export function hasAutoscale(runs: readonly ChartRun[]): boolean {
  return autoscaled(runs).length > 0;
}

export interface AutoscaleFrame {
  runs: readonly ChartRun[];
  faults: FaultMark[];
  end: number;
  drainFrom: number | null;
  compared: boolean;
}

export function autoscaleChart(f: AutoscaleFrame): { id: string; title: string; spec: Spec } {
  const panels = autoscaled(f.runs).flatMap((service) => f.runs.filter((run) => run.scenario.services.some((s) => s.name === service && s.autoscale !== undefined))
    .flatMap((run) => {
      const rows = entityRows(run, serviceEntity(service));
      const spec = run.scenario.services.find((s) => s.name === service);
      const unit = spec?.replicas === undefined ? 'workers' : 'replicas';
      const suffix = f.compared ? ` (${run.label})` : '';
      const common = { faults: f.faults, end: f.end, drainFrom: f.drainFrom, seriesTitle: 'measure' };
      return [
        timePanel({
          ...common, title: `${service}: ${unit}${suffix}`, yTitle: unit, seriesOrder: UNITS.map((m) => m.label),
          // The maximum, where the run reached it: a line far above the others would squash them.
          rules: spec?.autoscale && rows.some((row) => (row.units ?? 0) > spec.autoscale!.max - 0.5)
            ? [{ value: spec.autoscale.max, label: `max ${spec.autoscale.max}` }] : [],
          points: UNITS.flatMap((m) => points(rows, m.column, m.label, groupSize(run))),
        }),
        timePanel({
          ...common, title: `${service}: load${suffix}`, yTitle: 'per second', seriesOrder: LOAD.map((m) => m.label),
          points: LOAD.flatMap((m) => points(rows, m.column, m.label, groupSize(run))),
        }),
      ];
    }));
  const subtitle = ['units: time-average over each window of those serving, the last desired count, and those ordered but not yet serving'];
  return { id: 'autoscale', title: 'Autoscaling: capacity against load', spec: chartSpec('Autoscaling: capacity against load', subtitle, panels) };
}
