/**
 * Tiny worlds of a look-aside cache (cache.ts, docs/caches.md), each worked out by hand. With
 * `keys: { popularity: uniform, count: 1 }` every request asks for the same key, so the draws
 * decide nothing. Arrivals are evenly spaced (`process: uniform`: the first at 1/rate). Only
 * the log lines of the cache, the service's arrivals and jobs and the requests' ends are compared.
 */
import { describe, expect, it } from 'vitest';
import { keyHash } from '../../src/model/cache.ts';
import type { CacheConfig, FaultConfig, ServiceConfig } from '../../src/model/config.ts';
import { timeseriesCsv } from '../../src/report/files.ts';
import { runScenario } from '../../src/run.ts';
import { eventLog } from '../support/log-observer.ts';
import { openClient, scenario, service } from '../support/scenarios.ts';

const evenly = (rate: number) => ({ kind: 'open' as const, rate, process: 'uniform' as const, schedule: [] });
const constant = (value: number) => ({ dist: 'constant' as const, value });

function cache(extra: Partial<CacheConfig> = {}): CacheConfig {
  return {
    keys: { popularity: 'uniform', count: 1 }, capacity: 1, ttl: null, hitLatency: 0.1,
    fillOnLateResponse: false, coalesce: false, serveStale: false, maxConcurrentMisses: null, ...extra,
  };
}

interface World {
  cache: CacheConfig;
  work: number;
  rate: number;
  duration: number;
  timeout?: number;
  faults?: FaultConfig[];
  db?: Partial<ServiceConfig>;
}

function world(w: World) {
  return scenario({
    services: [service('db', 4, constant(w.work), { cache: w.cache, ...w.db })],
    clients: [openClient('web', 'db', w.rate, { arrival: evenly(w.rate), timeout: w.timeout ?? null })],
    duration: w.duration,
    faults: w.faults ?? [],
  });
}

const KEPT = /cache|arrival|job|shed|succeeded|failed/;
const log = (w: World): string[] => eventLog(world(w)).filter((line) => KEPT.test(line));

describe('look-aside cache: tiny worlds', () => {
  it('a miss goes to the service and fills; a hit answers after hit_latency without reaching it', () => {
    expect(log({ cache: cache(), work: 0.5, rate: 1, duration: 2.5 })).toEqual([
      '1.00 s0 cache miss',
      '1.00 s0 arrival',
      '1.50 s0 job ok (arrived 1.00, started 1.00)',
      '1.50 s0 cache fill',
      '1.50 c0 succeeded (started 1.00, 1 attempts)',
      '2.00 s0 cache hit',
      '2.10 c0 succeeded (started 2.00, 1 attempts)',
    ]);
  });

  it('a miss whose caller timed out fills nothing, and its work is wasted', () => {
    // 2.0: miss; 2.5: the caller times out, the service (not told) serves on for nobody to 3.0.
    // 4.0: a miss again.
    expect(log({ cache: cache(), work: 1, rate: 0.5, duration: 4.5, timeout: 0.5 })).toEqual([
      '2.00 s0 cache miss',
      '2.00 s0 arrival',
      '2.50 c0 failed timeout (started 2.00, 1 attempts)',
      '3.00 s0 job ok (arrived 2.00, started 2.00, wasted)',
      '4.00 s0 cache miss',
      '4.00 s0 arrival',
      '4.50 c0 failed timeout (started 4.00, 1 attempts)',
      '5.00 s0 job ok (arrived 4.00, started 4.00, wasted)',
    ]);
  });

  it('with fill_on_late_response the late answer fills the key (and the work was not for nothing)', () => {
    expect(log({ cache: cache({ fillOnLateResponse: true }), work: 1, rate: 0.5, duration: 4.5, timeout: 0.5 })).toEqual([
      '2.00 s0 cache miss',
      '2.00 s0 arrival',
      '2.50 c0 failed timeout (started 2.00, 1 attempts)',
      '3.00 s0 job ok (arrived 2.00, started 2.00)',
      '3.00 s0 cache fill',
      '4.00 s0 cache hit',
      '4.10 c0 succeeded (started 4.00, 1 attempts)',
    ]);
  });

  it('a service that propagates deadlines is told when the missing caller gives up', () => {
    const lines = log({ cache: cache(), work: 1, rate: 0.5, duration: 2.5, timeout: 0.5, db: { cancelOnTimeout: true } });
    expect(lines).toEqual(['2.00 s0 cache miss', '2.00 s0 arrival', '2.50 s0 shed', '2.50 c0 failed timeout (started 2.00, 1 attempts)']);
  });

  it('coalescing: concurrent misses for one key share one backend request', () => {
    const w = { work: 1, rate: 4, duration: 0.8 };
    expect(log({ ...w, cache: cache({ coalesce: true }) })).toEqual([
      '0.25 s0 cache miss',
      '0.25 s0 arrival',
      '0.50 s0 cache coalesced',
      '0.75 s0 cache coalesced',
      '1.25 s0 job ok (arrived 0.25, started 0.25)',
      '1.25 s0 cache fill',
      '1.25 c0 succeeded (started 0.25, 1 attempts)',
      '1.25 c0 succeeded (started 0.50, 1 attempts)',
      '1.25 c0 succeeded (started 0.75, 1 attempts)',
    ]);
    // Without it, each miss is a request of its own.
    expect(log({ ...w, cache: cache() }).filter((l) => l.endsWith('arrival'))).toHaveLength(3);
  });

  it('a coalesced flight goes on while one caller still waits, though the first gave up', () => {
    // 0.25 misses (timeout 1 s: it gives up at 1.25); 0.5 and 0.75 join it (giving up at 1.5 and
    // 1.75). The first giving up does not end the fetch: at 1.35 it fills and answers the two.
    const lines = log({ cache: cache({ coalesce: true }), work: 1.1, rate: 4, duration: 0.8, timeout: 1 });
    expect(lines).toEqual([
      '0.25 s0 cache miss',
      '0.25 s0 arrival',
      '0.50 s0 cache coalesced',
      '0.75 s0 cache coalesced',
      '1.25 c0 failed timeout (started 0.25, 1 attempts)',
      '1.35 s0 job ok (arrived 0.25, started 0.25)',
      '1.35 s0 cache fill',
      '1.35 c0 succeeded (started 0.50, 1 attempts)',
      '1.35 c0 succeeded (started 0.75, 1 attempts)',
    ]);
  });

  it('serve-stale: an expired entry answers when the backend fails', () => {
    // 2.0 misses, fills at 2.5 (expires 3.5). An outage from 3 s; at 4.0 the expired entry is
    // kept (serve_stale), the fetch fails at once, and the stale entry answers.
    const outage: FaultConfig = { kind: 'outage', service: 'db', at: 3, for: 10 };
    const w = { work: 0.5, rate: 0.5, duration: 4.5, faults: [outage] };
    expect(log({ ...w, cache: cache({ ttl: 1, serveStale: true }) })).toEqual([
      '2.00 s0 cache miss',
      '2.00 s0 arrival',
      '2.50 s0 job ok (arrived 2.00, started 2.00)',
      '2.50 s0 cache fill',
      '2.50 c0 succeeded (started 2.00, 1 attempts)',
      '4.00 s0 cache miss',
      '4.00 s0 arrival',
      '4.00 s0 cache stale_failed',
      '4.00 c0 succeeded (started 4.00, 1 attempts)',
    ]);
    expect(log({ ...w, cache: cache({ ttl: 1 }) }).at(-1)).toBe('4.00 c0 failed error (started 4.00, 1 attempts)');
  });

  it('the miss cap refuses a miss beyond it (rejected, after hit_latency)', () => {
    const w = { work: 1, rate: 4, duration: 0.6 };
    expect(log({ ...w, cache: cache({ maxConcurrentMisses: 1 }) })).toEqual([
      '0.25 s0 cache miss',
      '0.25 s0 arrival',
      '0.50 s0 cache refused',
      '0.60 c0 failed rejected (started 0.50, 1 attempts)',
      '1.25 s0 job ok (arrived 0.25, started 0.25)',
      '1.25 s0 cache fill',
      '1.25 c0 succeeded (started 0.25, 1 attempts)',
    ]);
  });

  it('the miss cap serves an expired entry when serve_stale has one', () => {
    // Work 0.3 s, ttl 0.1 s. 0.25 misses; 0.5 is over the cap with nothing cached: refused. The
    // fill at 0.55 expires at 0.65; 0.75 misses (the entry is stale) and fetches; 1.0 is over
    // the cap, and the stale entry answers it.
    const lines = log({ cache: cache({ ttl: 0.1, serveStale: true, maxConcurrentMisses: 1 }), work: 0.3, rate: 4, duration: 1.05 });
    expect(lines).toEqual([
      '0.25 s0 cache miss',
      '0.25 s0 arrival',
      '0.50 s0 cache refused',
      '0.55 s0 job ok (arrived 0.25, started 0.25)',
      '0.55 s0 cache fill',
      '0.55 c0 succeeded (started 0.25, 1 attempts)',
      '0.60 c0 failed rejected (started 0.50, 1 attempts)',
      '0.75 s0 cache miss',
      '0.75 s0 arrival',
      '1.00 s0 cache stale_capped',
      '1.05 s0 job ok (arrived 0.75, started 0.75)',
      '1.05 s0 cache fill',
      '1.05 c0 succeeded (started 0.75, 1 attempts)',
      '1.10 c0 succeeded (started 1.00, 1 attempts)',
    ]);
  });

  it('a TTL entry expires ttl after its fill, however often it was hit', () => {
    // Fill at 0.6, expires at 1.6: 1.0 and 1.5 hit, 2.0 misses.
    const lines = log({ cache: cache({ ttl: 1 }), work: 0.1, rate: 2, duration: 2.2 });
    expect(lines.filter((l) => l.includes('cache'))).toEqual([
      '0.50 s0 cache miss', '0.60 s0 cache fill', '1.00 s0 cache hit', '1.50 s0 cache hit', '2.00 s0 cache miss', '2.10 s0 cache fill',
    ]);
  });

  it('a flush makes the cache cold; a partial one loses the keys of that share of the hash ring', () => {
    const flush: FaultConfig = { kind: 'cache_flush', service: 'db', at: 2.5, for: 0, share: 1 };
    const lines = log({ cache: cache(), work: 0.5, rate: 1, duration: 3.2, faults: [flush] });
    expect(lines.filter((l) => l.includes('cache'))).toEqual([
      '1.00 s0 cache miss', '1.50 s0 cache fill', '2.00 s0 cache hit', '2.50 s0 cache lost', '3.00 s0 cache miss', '3.50 s0 cache fill',
    ]);
    // 20 keys, all cached after 2,000 requests; half the ring lost at 100 s.
    const half: FaultConfig = { ...flush, at: 100, share: 0.5 };
    const many = cache({ keys: { popularity: 'uniform', count: 20 }, capacity: 20 });
    const lost = eventLog(world({ cache: many, work: 0.001, rate: 20, duration: 100.01, faults: [half] })).filter((l) => l.includes('cache lost'));
    const expected = Array.from({ length: 20 }, (_, k) => k).filter((k) => keyHash(k) < 0.5).length;
    expect(expected).toBeGreaterThan(3);
    expect(expected).toBeLessThan(17);
    expect(lost).toEqual([`100.00 s0 cache lost ${expected}`]);
  });

  it('works in front of replicas: misses are balanced over them, hits reach none', () => {
    // An api calls db (two replicas) through db's cache; the one key misses twice (a flush between).
    const flush: FaultConfig = { kind: 'cache_flush', service: 'db', at: 2.5, for: 0, share: 1 };
    const s = scenario({
      services: [
        service('api', 4, constant(0.01), { calls: [{ service: 'db', timeout: null, retry: { maxAttempts: 1, retryOn: [], backoff: { kind: 'none' }, budget: null }, circuitBreaker: null, hedge: null, throttle: null }] }),
        service('db', 1, constant(0.2), { replicas: 2, cache: cache() }),
      ],
      clients: [openClient('web', 'api', 1, { arrival: evenly(1) })],
      duration: 4.5,
      faults: [flush],
    });
    const db = runScenario(s).summary.services.db;
    expect(db.cache).toMatchObject({ requests: 4, hits: 2, fetches: 2, fills: 2, lost: 1 });
    expect(db.replicas?.map((r) => r.arrivals)).toEqual([1, 1]);
  });

  it('reports cache figures and columns only for a service with a cache', () => {
    const w = { cache: cache(), work: 0.5, rate: 1, duration: 2.5 };
    const run = runScenario(world(w));
    expect(run.summary.services.db.cache).toEqual({
      requests: 2, hits: 1, misses: 1, hit_ratio: 0.5, fetches: 1, coalesced: 0, refused: 0, stale_served: 0, fills: 1, evictions: 0, lost: 0,
    });
    const header = timeseriesCsv(run.series).split('\n')[0];
    // Optional columns come before the propagation section's, which end every header.
    expect(header).toContain(',cache_hit_ratio,cache_misses_per_s,work_per_s,');
    // The window of 2 s: one hit of one lookup; the client's row leaves the columns empty.
    const rows = run.series.filter((r) => r.t_s === 2);
    expect(rows.map((r) => [r.entity, r.cache_hit_ratio, r.cache_misses_per_s])).toEqual([['clients.web', undefined, undefined], ['services.db', 1, 0]]);
    const { cache: _none, ...without } = world(w).services[0];
    const plain = runScenario({ ...world(w), services: [without] });
    expect('cache' in plain.summary.services.db).toBe(false);
    expect(timeseriesCsv(plain.series)).not.toContain('cache');
  });
});
