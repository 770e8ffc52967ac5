/** The unit of each assertion's metric, in the order of the scenario's assertions (for display). */
import { metricPaths, type MetricUnit } from './metric-paths.ts';
import type { Scenario } from './types.ts';

export function assertionUnits(s: Scenario): MetricUnit[] {
  const units = metricPaths(s.clients.map((c) => c.name), s.services.map((v) => v.name), {
    propagation: s.propagation != null,
    replicated: s.services.filter((v) => (v.replicas ?? 1) > 1).map((v) => v.name),
    periodic: s.clients.filter((c) => c.arrival.kind === 'periodic').map((c) => c.name),
    cached: s.services.filter((v) => v.cache !== undefined).map((v) => v.name),
    autoscaled: s.services.filter((v) => v.autoscale !== undefined).map((v) => v.name),
  });
  return s.assertions.map((a) => units.get(a.path) ?? 'count');
}
