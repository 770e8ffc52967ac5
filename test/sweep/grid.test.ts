/** The grid's order (first --vary slowest) and sharding by point. */
import { describe, expect, it } from 'vitest';
import { gridPoints, gridSize, inShard, parseShard, pointOverrides } from '../../src/sweep/grid.ts';

const vary = [
  { path: 'variant', values: ['naive', 'budget'] },
  { path: 'faults[0].for', values: ['5s', '10s', '15s'] },
  { path: 'clients.web.arrival.rate', values: ['500/s', '900/s'] },
];

describe('sweep grid', () => {
  it('is the cartesian product, the first --vary varying slowest', () => {
    const points = gridPoints(vary);
    expect(gridSize(vary)).toBe(12);
    expect(points.map((p) => p.values.join(' '))).toEqual([
      'naive 5s 500/s', 'naive 5s 900/s', 'naive 10s 500/s', 'naive 10s 900/s', 'naive 15s 500/s', 'naive 15s 900/s',
      'budget 5s 500/s', 'budget 5s 900/s', 'budget 10s 500/s', 'budget 10s 900/s', 'budget 15s 500/s', 'budget 15s 900/s',
    ]);
    expect(points.map((p) => p.index)).toEqual([...Array(12).keys()]);
  });

  it('a point is its --set overrides in order, and the variant it picks', () => {
    expect(pointOverrides(vary, gridPoints(vary)[9])).toEqual({ sets: ['faults[0].for=10s', 'clients.web.arrival.rate=900/s'], variant: 'budget' });
    expect(pointOverrides(vary.slice(1), gridPoints(vary.slice(1))[0]).variant).toBeUndefined();
  });

  it('shards split the points, each exactly once', () => {
    const shards = [1, 2, 3].map((index) => gridPoints(vary).filter((p) => inShard(p.index, { index, count: 3 })).map((p) => p.index));
    expect(shards).toEqual([[0, 3, 6, 9], [1, 4, 7, 10], [2, 5, 8, 11]]);
    expect(gridPoints(vary).every((p) => inShard(p.index, null))).toBe(true);
    expect(gridPoints(vary).filter((p) => inShard(p.index, { index: 5, count: 20 })).map((p) => p.index)).toEqual([4]);
  });

  it('--shard i/n is 1-based with 1 <= i <= n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '2', '-1/3']) expect(parseShard(bad), bad).toMatch(/expected `i\/n`/);
  });
});
