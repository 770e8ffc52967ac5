/** The health keys of a route (docs/replicas.md): read into the model's words, with Envoy's defaults, and absent when not given. */
import { describe, expect, it } from 'vitest';
import { isParallel } from '../../src/model/config.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/types.ts';

const YAML = `
name: health
duration: 60s
services:
  api:
    replicas: 4
    workers: 2
    service_time: 10ms
    calls:
      - { service: db, outlier_detection: { consecutive_timeouts: 3 }, healthy_panic_threshold: 0% }
      - { service: db, fan_out: 2, health_check: { interval: 5s, timeout: 1s, unhealthy_threshold: 3, healthy_threshold: 1, queued: false } }
  db:
    replicas: 2
    workers: 2
    service_time: 10ms
clients:
  web:
    target: api
    arrival: { kind: open, rate: 100/s }
    health_check: { interval: 1s, timeout: 100ms, unhealthy_threshold: 2, healthy_threshold: 3 }
    outlier_detection: {}
  plain:
    target: api
    arrival: { kind: open, rate: 100/s }
`;

function load(text: string): Scenario {
  const r = loadScenario(text, 'health.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.scenario;
}

describe('health keys', () => {
  const s = load(YAML);

  it('reads a client\'s, with Envoy\'s outlier defaults', () => {
    const web = s.clients[0];
    expect(web.healthCheck).toEqual({ interval: 1, timeout: 0.1, unhealthyThreshold: 2, healthyThreshold: 3, queued: true });
    expect(web.outlierDetection).toEqual({
      consecutiveErrors: 5, consecutiveTimeouts: null, baseEjectionTime: 30, maxEjectionTime: 300, maxEjectionPercent: 0.1,
    });
    expect('healthyPanicThreshold' in web).toBe(false);
  });

  it('reads a call\'s and a fan-out branch\'s', () => {
    const [first, second] = s.services[0].calls;
    expect(isParallel(first)).toBe(false);
    expect(first).toMatchObject({ outlierDetection: { consecutiveErrors: 5, consecutiveTimeouts: 3 }, healthyPanicThreshold: 0 });
    if (!isParallel(second)) throw new Error('a fan-out');
    expect(second.parallel[0].healthCheck).toMatchObject({ interval: 5, queued: false });
  });

  it('leaves the keys out of a route without them', () => {
    expect(Object.keys(s.clients[1]).filter((k) => /health|outlier|panic/i.test(k))).toEqual([]);
  });
});
