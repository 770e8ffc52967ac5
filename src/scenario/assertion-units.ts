/** The unit of each assertion's metric, in the order of the scenario's assertions (for display). */
import { metricPaths, type MetricUnit } from './metric-paths.ts';
import type { Scenario } from './types.ts';

export function assertionUnits(s: Scenario): MetricUnit[] {
  const units = metricPaths(s.clients.map((c) => c.name), s.services.map((v) => v.name), s.propagation != null);
  return s.assertions.map((a) => units.get(a.path) ?? 'count');
}
