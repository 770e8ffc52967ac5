import { describe, expect, it } from 'vitest';
import { estimateCapacities } from '../../src/model/capacity.ts';
import { NO_RETRY } from '../../src/strategies/config.ts';
import { NO_STRATEGIES, service } from '../support/scenarios.ts';

const call = (to: string, timeout: number | null) => ({ service: to, timeout, retry: NO_RETRY, ...NO_STRATEGIES });

describe('capacity estimate', () => {
  it('is workers over the mean service time for a service without calls', () => {
    const [api] = estimateCapacities({ services: [service('api', 10, { dist: 'exponential', mean: 0.01 })] });
    expect(api.perSecond).toBeCloseTo(1000, 9);
  });

  it('counts each downstream call in the holding time, at most the call timeout, recursively', () => {
    // db: 16 workers at 137 ms: 116.8/s. api holds a worker 5 ms + db's 137 ms; edge holds one
    // for 1 ms + api's 142 ms, but its call to api times out at 100 ms.
    const caps = estimateCapacities({
      services: [
        service('edge', 4, { dist: 'constant', value: 0.001 }, { calls: [call('api', 0.1)] }),
        service('api', 20, { dist: 'constant', value: 0.005 }, { calls: [call('db', null)] }),
        service('db', 16, { dist: 'exponential', mean: 0.137 }),
      ],
    });
    expect(caps[2].perSecond).toBeCloseTo(16 / 0.137, 9);
    expect(caps[1].holdingTime).toBeCloseTo(0.142, 12);
    expect(caps[1].perSecond).toBeCloseTo(20 / 0.142, 9);
    expect(caps[0].holdingTime).toBeCloseTo(0.101, 12);
  });

  it('counts a parallel step as its quorum-th fastest call: the slowest for all, the fastest for any', () => {
    // root's step calls slow (50 ms, timeout 30 ms: 30 ms) twice and fast (10 ms) once.
    const step = (quorum: number) => ({ parallel: [{ ...call('slow', 0.03), count: 2 }, { ...call('fast', null), count: 1 }], quorum });
    const holding = (quorum: number) => estimateCapacities({
      services: [
        service('root', 1, { dist: 'constant', value: 0.001 }, { calls: [step(quorum)] }),
        service('slow', 1, { dist: 'constant', value: 0.05 }),
        service('fast', 1, { dist: 'constant', value: 0.01 }),
      ],
    })[0].holdingTime;
    expect(holding(1)).toBeCloseTo(0.011, 12);
    expect(holding(2)).toBeCloseTo(0.031, 12);
    expect(holding(3)).toBeCloseTo(0.031, 12);
  });

  it('is infinite when an attempt holds a worker for no time', () => {
    expect(estimateCapacities({ services: [service('free', 1, { dist: 'constant', value: 0 })] })[0].perSecond).toBe(Infinity);
  });
});
