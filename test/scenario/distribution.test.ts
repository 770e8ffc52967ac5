import { describe, expect, it } from 'vitest';
import { distribution } from '../../src/scenario/distribution-spec.ts';
import { INVALID, parseValue } from './helpers.ts';

describe('distributions', () => {
  it.each([
    ['10ms', { dist: 'constant', value: 0.01 }],
    ['{ dist: constant, value: 10ms }', { dist: 'constant', value: 0.01 }],
    ['{ dist: exponential, mean: 10ms }', { dist: 'exponential', mean: 0.01 }],
    ['{ dist: uniform, min: 5ms, max: 15ms }', { dist: 'uniform', min: 0.005, max: 0.015 }],
    ['{ dist: uniform, min: 5ms, max: 5ms }', { dist: 'uniform', min: 0.005, max: 0.005 }],
    ['{ dist: normal, mean: 10ms, stddev: 2ms }', { dist: 'normal', mean: 0.01, stddev: 0.002 }],
    ['{ dist: normal, mean: 10ms, stddev: 0s }', { dist: 'normal', mean: 0.01, stddev: 0 }],
    ['{ dist: lognormal, median: 10ms, p99: 80ms }', { dist: 'lognormal', median: 0.01, p99: 0.08 }],
    ['{ dist: empirical, values: [1ms, 2ms, 40ms] }', { dist: 'empirical', values: [0.001, 0.002, 0.04] }],
  ])('%s', (text, expected) => {
    expect(parseValue(distribution, text)).toEqual({ value: expected, messages: [] });
  });

  it('a mixture normalises its weights to sum 1, and nests', () => {
    const text = '{ dist: mixture, of: [ { weight: 999, value: 1ms }, { weight: 1, value: { dist: exponential, mean: 1s } } ] }';
    expect(parseValue(distribution, text).value).toEqual({
      dist: 'mixture',
      of: [
        { weight: 0.999, value: { dist: 'constant', value: 0.001 } },
        { weight: 0.001, value: { dist: 'exponential', mean: 1 } },
      ],
    });
  });

  it.each([
    ['{ dist: uniform, min: 15ms, max: 5ms }', '`key.max`: the minimum (15ms) is greater than the maximum (5ms)'],
    ['{ dist: normal, mean: 0s, stddev: 1ms }', '`key.mean`: must be greater than 0'],
    ['{ dist: normal, mean: 1ms, stddev: -1ms }', '`key.stddev`: `-1ms` is negative'],
    ['{ dist: lognormal, median: 0s, p99: 1ms }', '`key.median`: must be greater than 0'],
    ['{ dist: lognormal, median: 90ms, p99: 80ms }', '`key.p99`: the median (90ms) is greater than the p99 (80ms)'],
    ['{ dist: mixture, of: [] }', '`key.of`: needs at least one component'],
    ['{ dist: mixture, of: [ { weight: 0, value: 1ms } ] }', '`key.of[0].weight`: 0 is too small; it must be > 0'],
    ['{ dist: mixture, of: [ { weight: 1, value: 5 } ] }', '`key.of[0].value`: 5 has no unit'],
    ['{ dist: empirical, values: [] }', '`key.values`: needs at least one value'],
    ['{ dist: empirical, values: [1ms, 2] }', '`key.values[1]`: 2 has no unit'],
    ['{ dist: exponential, mean: 1ms, rate: 5/s }', 'unknown key `rate` in `key`'],
    ['{ dist: exponential }', '`key`: missing required key `mean`'],
    ['{ mean: 5ms }', '`key`: missing required key `dist`'],
    ['{ dist: poisson, mean: 5ms }', 'unknown distribution `poisson`'],
    ['[1ms, 2ms]', '`key`: expected a duration with a unit, like `250ms`, got a list'],
  ])('%s is rejected: %s', (text, fragment) => {
    const { value, messages } = parseValue(distribution, text);
    expect(value).toBe(INVALID);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(fragment);
  });
});
