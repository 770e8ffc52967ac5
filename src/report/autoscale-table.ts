/** The printed summary's autoscaling table (docs/autoscaling.md): nothing for a scenario without `autoscale`. */
import type { Summary } from '../metrics/summary.ts';
import { alignTable } from './format.ts';

export function autoscaleLines(s: Summary): string[] {
  const rows = Object.entries(s.services).flatMap(([name, v]) => {
    const a = v.autoscale;
    if (a === undefined) return [];
    return [[name, a.unit, String(a.min_units), a.mean_units.toFixed(1), String(a.max_units), String(a.final_units), String(a.scale_outs), String(a.scale_ins), String(a.held_scale_ins)]];
  });
  if (rows.length === 0) return [];
  return [...alignTable([['autoscaled', 'unit', 'min', 'mean', 'max', 'final', 'scale-outs', 'scale-ins', 'held'], ...rows]), ''];
}
