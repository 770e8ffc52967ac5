/**
 * `cache:` on a service: a look-aside cache every caller consults first (docs/caches.md), and
 * the cross-check of `cache_flush` faults against the services that have one.
 */
import { isMap, isSeq } from 'yaml';
import type { CacheConfig, FaultConfig, KeyPopularity, ServiceConfig } from '../model/config.ts';
import * as msg from './messages.ts';
import { object, optional, required, shape, tagged } from './spec-object.ts';
import { bool, duration, either, integer, number } from './spec-values.ts';
import { INVALID, transform, type Context, type Parsed, type Spec } from './spec.ts';

/**
 * The most keys a cache may draw from: the Zipf sampler keeps a table of 8 bytes a key
 * (zipf.ts), 80 MB at this size.
 */
export const MAX_KEYS = 10_000_000;

const count = required(integer(1), `how many distinct keys requests ask for (at most ${MAX_KEYS.toLocaleString('en')})`);

const keys: Spec<KeyPopularity> = tagged('popularity', {
  zipf: shape({
    count,
    alpha: required(number(0, false, msg.DEGENERATE.zipfAlpha), 'the key of popularity rank r is asked with probability ∝ r^-alpha (0: uniform)'),
  }, { description: 'Zipf popularity: a few hot keys, a long tail', check: checkCount }),
  uniform: shape({ count }, { description: 'every key equally likely', check: checkCount }),
}, { what: 'key popularity', description: 'which key each request asks for, drawn once per request' });

function checkCount({ count: n }: { count: Parsed<number> }, at: { anchor(key: 'count'): unknown; path(key: 'count'): string }, ctx: Context): void {
  if (n !== INVALID && n > MAX_KEYS) ctx.report(at.anchor('count'), msg.tooManyCacheKeys(at.path('count'), n, MAX_KEYS));
}

export const cache: Spec<CacheConfig> = transform(
  object({
    keys: required(keys),
    capacity: required(integer(1, msg.DEGENERATE.cacheCapacity), 'entries held; the least recently used is evicted to make room'),
    ttl: optional(either('none', null, duration({ positive: true })), 'none',
      'an entry expires this long after it was filled (a hit does not extend it); `none`: never'),
    hit_latency: optional(duration(), '1ms', 'how long a hit takes to answer'),
    fill_on_late_response: optional(bool(), false, 'a backend response that comes after its callers gave up still fills the key'),
    coalesce: optional(bool(), false, 'single flight per key: a miss for a key being fetched waits for that fetch'),
    serve_stale: optional(bool(), false, 'keep expired entries until evicted; answer from one when the fetch fails'),
    max_concurrent_misses: optional(either('none', null, integer(1)), 'none',
      'the most fetches out at once; a miss beyond it is refused (`rejected`), or served stale with serve_stale'),
  }, { description: 'a look-aside cache that every caller of the service consults first (docs/caches.md)' }),
  (v): CacheConfig => ({
    keys: v.keys,
    capacity: v.capacity,
    ttl: v.ttl,
    hitLatency: v.hit_latency,
    fillOnLateResponse: v.fill_on_late_response,
    coalesce: v.coalesce,
    serveStale: v.serve_stale,
    maxConcurrentMisses: v.max_concurrent_misses,
  }),
);

/** A `cache_flush` fault must name a service that has a cache: reported at its `service`. */
export function checkCacheFaults(
  values: { services: Parsed<ServiceConfig[] | null>; faults: Parsed<FaultConfig[]> },
  at: { anchor(key: string): unknown; path(key: string): string },
  ctx: Context,
): void {
  const { services, faults } = values;
  if (services === INVALID || faults === INVALID) return;
  const cached = new Set((services ?? []).filter((s) => s.cache !== undefined).map((s) => s.name));
  const seq = at.anchor('faults');
  faults.forEach((fault, f) => {
    if (fault.kind !== 'cache_flush' || cached.has(fault.service)) return;
    const item = isSeq(seq) ? seq.items[f] : null;
    ctx.report(isMap(item) ? item.get('service', true) ?? item : seq, msg.flushWithoutCache(`${at.path('faults')}[${f}].service`, fault.service));
  });
}
