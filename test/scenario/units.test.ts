import { describe, expect, it } from 'vitest';
import { parseDuration, parseFraction, parseRate } from '../../src/scenario/units.ts';
import { duration, fraction, integer, number, rate } from '../../src/scenario/spec-values.ts';
import { timeout } from '../../src/scenario/strategy-spec.ts';
import { INVALID, parseValue } from './helpers.ts';

describe('parseDuration', () => {
  it.each([
    ['250us', 0.00025], ['100ms', 0.1], ['5s', 5], ['2m', 120], ['1h', 3600],
    ['0.5s', 0.5], ['1.5ms', 0.0015], ['0s', 0], ['0ms', 0], ['200ms', 0.2], ['3ms', 0.003],
  ])('%s is %f s', (text, seconds) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: seconds });
  });

  it('keeps decimal milliseconds exact to the nearest double', () => {
    expect(parseDuration('7ms')).toEqual({ ok: true, value: 0.007 });
    expect(parseDuration('300ms')).toEqual({ ok: true, value: 0.3 });
  });

  it.each([
    [200, 'bare_number'], ['200', 'bare_number'], ['-5ms', 'negative'], ['-0.5s', 'negative'],
    ['5 ms', 'syntax'], ['5sec', 'syntax'], ['ms', 'syntax'], ['1e3ms', 'syntax'], [true, 'syntax'], [null, 'syntax'], ['', 'syntax'],
  ])('%s is rejected as %s', (value, reason) => {
    expect(parseDuration(value)).toEqual({ ok: false, reason });
  });
});

describe('parseRate', () => {
  it.each([
    ['800/s', 800], ['12000/m', 200], ['0.5/ms', 500], ['2/us', 2_000_000], ['3600/h', 1], ['0/s', 0], ['1.5/s', 1.5],
  ])('%s is %f per second', (text, perSecond) => {
    expect(parseRate(text)).toEqual({ ok: true, value: perSecond });
  });

  it.each([
    [800, 'bare_number'], ['800', 'bare_number'], ['-5/s', 'negative'], ['800/sec', 'syntax'], ['800 per s', 'syntax'], ['/s', 'syntax'],
  ])('%s is rejected as %s', (value, reason) => {
    expect(parseRate(value)).toEqual({ ok: false, reason });
  });
});

describe('parseFraction', () => {
  it.each([
    [0, 0], [1, 1], [0.25, 0.25], ['20%', 0.2], ['0%', 0], ['100%', 1], ['12.5%', 0.125],
  ])('%s is %f', (value, share) => {
    expect(parseFraction(value)).toEqual({ ok: true, value: share });
  });

  it.each([
    [1.5, 'out_of_range'], [-0.1, 'out_of_range'], ['120%', 'out_of_range'], ['-5%', 'out_of_range'],
    ['20 %', 'syntax'], ['half', 'syntax'], ['0.2', 'syntax'], [Infinity, 'syntax'], [null, 'syntax'],
  ])('%s is rejected as %s', (value, reason) => {
    expect(parseFraction(value)).toEqual({ ok: false, reason });
  });
});

describe('value specs report what was expected, naming the key', () => {
  it('a duration without a unit', () => {
    expect(parseValue(duration(), '200', 'timeout').messages).toEqual([
      '`timeout`: 200 has no unit; write e.g. `200ms` (units: us, ms, s, m, h)',
    ]);
  });

  it('a negative duration, a zero where a positive one is needed, and a list', () => {
    expect(parseValue(duration(), '-5ms').messages[0]).toContain('is negative');
    expect(parseValue(duration({ positive: true }), '0s').messages[0]).toContain('must be greater than 0');
    expect(parseValue(duration(), '[1ms]').messages[0]).toBe('`key`: expected a duration with a unit, like `250ms`, got a list');
  });

  it('`none` is an absent timeout, and only there', () => {
    expect(parseValue(timeout, 'none').value).toBeNull();
    expect(parseValue(timeout, '150ms').value).toBe(0.15);
    expect(parseValue(duration(), 'none').value).toBe(INVALID);
  });

  it('rates: a bare number says to write `N/s`', () => {
    expect(parseValue(rate(), '800', 'rate').messages[0]).toContain('800 has no unit; write e.g. `800/s`');
    expect(parseValue(rate(), '-1/s').messages[0]).toContain('is negative');
  });

  it('fractions: numbers and percentages, nothing outside [0, 1]', () => {
    expect(parseValue(fraction(), '35%').value).toBe(0.35);
    expect(parseValue(fraction(), '0.35').value).toBe(0.35);
    expect(parseValue(fraction(), '120%').messages[0]).toContain('`120%` is outside [0, 1]');
    expect(parseValue(fraction(), '1.5').messages[0]).toContain('`1.5` is outside [0, 1]');
    expect(parseValue(fraction(), '-0.1').messages[0]).toContain('is outside [0, 1]');
  });

  it('integers and numbers with their bounds', () => {
    expect(parseValue(integer(1), '2.5').messages[0]).toContain('expected an integer >= 1, got `2.5`');
    expect(parseValue(integer(1), '0').messages[0]).toContain('0 is too small; it must be >= 1');
    expect(parseValue(number(0, true), '0').messages[0]).toContain('it must be > 0');
    expect(parseValue(number(0, false), '0').value).toBe(0);
    expect(parseValue(number(0, false), '.inf').value).toBe(INVALID);
  });
});
