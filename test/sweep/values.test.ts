/** `--vary PATH=VALUES`: lists, ranges in every unit, the inclusive end, float-safe steps, errors. */
import { describe, expect, it } from 'vitest';
import { numericValue, parseValues, parseVary } from '../../src/sweep/values.ts';

describe('--vary values', () => {
  it('a list is its items as typed, commas inside braces kept', () => {
    expect(parseValues('naive,budget')).toEqual(['naive', 'budget']);
    expect(parseValues('100ms, 200ms')).toEqual(['100ms', '200ms']);
    expect(parseValues('2,3,4')).toEqual(['2', '3', '4']);
    expect(parseValues('{dist: exponential, mean: 5ms},{dist: constant, value: 5ms}')).toEqual(['{dist: exponential, mean: 5ms}', '{dist: constant, value: 5ms}']);
    expect(parseValues('7')).toEqual(['7']);
  });

  it('a range keeps the unit as typed, for every unit kind', () => {
    expect(parseValues('200/s..600/s:100/s')).toEqual(['200/s', '300/s', '400/s', '500/s', '600/s']);
    expect(parseValues('0s..30s:10s')).toEqual(['0s', '10s', '20s', '30s']);
    expect(parseValues('100ms..300ms:100ms')).toEqual(['100ms', '200ms', '300ms']);
    expect(parseValues('500us..1500us:500us')).toEqual(['500us', '1000us', '1500us']);
    expect(parseValues('1m..3m:1m')).toEqual(['1m', '2m', '3m']);
    expect(parseValues('1h..2h:1h')).toEqual(['1h', '2h']);
    expect(parseValues('6000/m..12000/m:3000/m')).toEqual(['6000/m', '9000/m', '12000/m']);
    expect(parseValues('10%..30%:10%')).toEqual(['10%', '20%', '30%']);
    expect(parseValues('1..4:1')).toEqual(['1', '2', '3', '4']);
  });

  it('END is in only when it lands on a step', () => {
    expect(parseValues('1..4:2')).toEqual(['1', '3']);
    expect(parseValues('0s..30s:7s')).toEqual(['0s', '7s', '14s', '21s', '28s']);
    expect(parseValues('5s..5s:1s')).toEqual(['5s']);
  });

  it('float steps are computed from START, not summed: 0.1s..0.5s:0.1s is exactly five values', () => {
    expect(parseValues('0.1s..0.5s:0.1s')).toEqual(['0.1s', '0.2s', '0.3s', '0.4s', '0.5s']);
    expect(parseValues('0..1:0.1')).toEqual(['0', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '1']);
    expect(parseValues('0.7..0.9:0.1')).toEqual(['0.7', '0.8', '0.9']);
  });

  it('refuses a step <= 0, mixed units, an end before the start, junk and empty items', () => {
    expect(parseValues('1s..5s:0s')).toMatch(/step `0s` must be more than 0/);
    expect(parseValues('1..5:-1')).toMatch(/must be more than 0/);
    expect(parseValues('100ms..1s:100ms')).toMatch(/mixes units \(`ms`, `s`, `ms`\)/);
    expect(parseValues('1..5s:1')).toMatch(/mixes units/);
    expect(parseValues('5s..1s:1s')).toMatch(/end `1s` is before its start `5s`/);
    expect(parseValues('a..b:1')).toMatch(/start `a` is not a number/);
    expect(parseValues('1..100000:1')).toMatch(/more than 10000/);
    expect(parseValues('a,,b')).toMatch(/empty value/);
    expect(parseValues('')).toMatch(/no values/);
  });

  it('PATH=VALUES: a path as --set takes it, or `variant`', () => {
    expect(parseVary('faults[0].for=1s,2s')).toEqual({ path: 'faults[0].for', values: ['1s', '2s'] });
    expect(parseVary('variant=naive,budget')).toEqual({ path: 'variant', values: ['naive', 'budget'] });
    expect(parseVary('clients.web.timeout')).toMatch(/there is no `=`/);
    expect(parseVary('clients..web=1')).toMatch(/is not a path/);
  });

  it('values as numbers in the scenario units, for axes', () => {
    expect(['300/s', '100ms', '5s', '50%', '3', '0.25', 'naive', '{a: 1}'].map(numericValue)).toEqual([300, 0.1, 5, 0.5, 3, 0.25, null, null]);
  });
});
