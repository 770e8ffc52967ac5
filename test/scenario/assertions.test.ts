import { describe, expect, it } from 'vitest';
import { assertions, readAssertionValue } from '../../src/scenario/assertion-spec.ts';
import { metricPaths } from '../../src/scenario/metric-paths.ts';
import { FAILURE_REASONS } from '../../src/strategies/reasons.ts';
import { INVALID, parseValue } from './helpers.ts';

describe('metricPaths', () => {
  const paths = metricPaths(['web'], ['api', 'db']);

  it('lists the summary.json paths with their units', () => {
    expect(paths.get('seed')).toBe('count');
    expect(paths.get('duration_s')).toBe('seconds');
    expect(paths.get('clients.web.amplification')).toBe('ratio');
    expect(paths.get('clients.web.goodput_ratio')).toBe('fraction');
    expect(paths.get('clients.web.goodput_per_s')).toBe('per_second');
    expect(paths.get('clients.web.latency.p999')).toBe('seconds');
    expect(paths.get('services.db.wasted_fraction')).toBe('fraction');
    expect(paths.get('services.api.sojourn.p99')).toBe('seconds');
    expect(paths.get('metastability.metastable')).toBe('bool');
    expect(paths.get('metastability.recovery_time_s')).toBe('seconds');
    for (const reason of FAILURE_REASONS) expect(paths.get(`clients.web.failures.${reason}`)).toBe('count');
  });

  it('has no path for undeclared entities or sub-trees', () => {
    expect(paths.has('clients.mobile.requests')).toBe(false);
    expect(paths.has('clients.web.latency')).toBe(false);
    expect(paths.has('clients.web')).toBe(false);
  });

  it('has a fixed size: 3 run + 21 per client (pool_exhausted included) + 14 per service + 11 metastability', () => {
    expect(paths.size).toBe(3 + 21 + 14 * 2 + 11);
  });
});

describe('assertion values are read in the metric\'s unit', () => {
  it.each([
    ['seconds', '300ms', 0.3], ['seconds', '2s', 2],
    ['fraction', '0.9', 0.9], ['fraction', '90%', 0.9],
    ['ratio', '1.5', 1.5], ['ratio', '150%', 1.5],
    ['per_second', '700/s', 700], ['per_second', '700', 700], ['per_second', '60/m', 1],
    ['count', '10', 10], ['bool', 'true', 1], ['bool', 'false', 0],
  ] as const)('%s %s -> %f', (unit, text, value) => {
    expect(readAssertionValue(unit, text)).toBe(value);
  });

  it.each([
    ['seconds', '0.3'], ['fraction', '1.5'], ['fraction', '120%'], ['per_second', '700/sec'], ['count', '10ms'], ['bool', '1'],
  ] as const)('%s rejects %s', (unit, text) => {
    expect(readAssertionValue(unit, text)).toBe(INVALID);
  });
});

describe('assertion entries', () => {
  const spec = assertions(metricPaths(['web'], ['api']));

  it('reads the string form and the map form', () => {
    const text = `["clients.web.latency.p99<300ms", { expr: "services.api.utilization <= 80%", probability: 0.95 }, "metastability.recovered == true"]`;
    expect(parseValue(spec, text, 'assert')).toEqual({
      value: [
        { expr: 'clients.web.latency.p99<300ms', path: 'clients.web.latency.p99', op: '<', value: 0.3, probability: null },
        { expr: 'services.api.utilization <= 80%', path: 'services.api.utilization', op: '<=', value: 0.8, probability: 0.95 },
        { expr: 'metastability.recovered == true', path: 'metastability.recovered', op: '==', value: 1, probability: null },
      ],
      messages: [],
    });
  });

  it.each([
    ['["clients.web.latency.p99 < 0.3"]', '`assert[0]`: `0.3` is not a valid value for `clients.web.latency.p99`; expected a duration with a unit'],
    ['["clients.web.goodput >= 0.9"]', '`clients.web.goodput` is not a metric; did you mean `clients.web.goodput_ratio`?'],
    ['["clients.mobile.requests > 0"]', '`clients.mobile.requests` is not a metric'],
    ['["clients.web.requests"]', 'cannot read the assertion `clients.web.requests`'],
    ['["clients.web.requests => 3"]', 'cannot read the assertion'],
    ['["metastability.metastable < true"]', 'compare it with == or !='],
    ['[{ expr: "seed == 1", probability: 2 }]', '`assert[0].probability`: `2` is outside [0, 1]'],
    ['[{ expr: "seed == 1", probability: 0% }]', '`assert[0].probability`: `0%` is too small; expected a fraction above 0'],
    ['[{ probability: 0.5 }]', '`assert[0]`: missing required key `expr`'],
    ['[42]', '`assert[0]`: expected an assertion like'],
  ])('%s is rejected: %s', (text, fragment) => {
    const { value, messages } = parseValue(spec, text, 'assert');
    expect(value).toBe(INVALID);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(fragment);
  });
});
