/**
 * A look-aside cache's figures (docs/caches.md): its totals from warm-up on, for summary.json's
 * `services.<name>.cache`, and each window's lookups, for the service's `cache_hit_ratio` and
 * `cache_misses_per_s` columns. Only a service with a cache has one, so the outputs of every
 * other run are what they were.
 */
import type { CacheEvent } from '../model/observer.ts';
import type { SeriesRow } from './series.ts';

export interface CacheSummary {
  /** Lookups: every attempt that asked the cache. */
  requests: number;
  hits: number;
  /** requests − hits: lookups not answered from a fresh entry. */
  misses: number;
  hit_ratio: number | null;
  /** Backend requests the misses started (the others were coalesced, refused or served stale at the cap). */
  fetches: number;
  coalesced: number;
  refused: number;
  /** Answered from an expired entry: at the miss cap, or after a failed fetch. */
  stale_served: number;
  fills: number;
  evictions: number;
  /** Entries lost to cache_flush faults. */
  lost: number;
}

type Counts = Record<CacheEvent, number>;

const zero = (): Counts => ({ hit: 0, miss: 0, coalesced: 0, refused: 0, stale_capped: 0, stale_failed: 0, fill: 0, eviction: 0, lost: 0 });

const lookups = (c: Counts): number => c.hit + c.miss + c.coalesced + c.refused + c.stale_capped;

export class CacheStats {
  private readonly totals = zero();
  private window = zero();

  record(event: CacheEvent, counted: boolean, count: number): void {
    this.window[event] += count;
    if (counted) this.totals[event] += count;
  }

  /** Fills the window's cache columns of the service's row; then a new window. */
  closeWindow(row: SeriesRow, window: number): void {
    const w = this.window;
    const n = lookups(w);
    row.cache_hit_ratio = n === 0 ? null : w.hit / n;
    row.cache_misses_per_s = (n - w.hit) / window;
    this.window = zero();
  }

  summary(round: (x: number) => number): CacheSummary {
    const t = this.totals;
    const requests = lookups(t);
    return {
      requests,
      hits: t.hit,
      misses: requests - t.hit,
      hit_ratio: requests === 0 ? null : round(t.hit / requests),
      fetches: t.miss,
      coalesced: t.coalesced,
      refused: t.refused,
      stale_served: t.stale_capped + t.stale_failed,
      fills: t.fill,
      evictions: t.eviction,
      lost: t.lost,
    };
  }
}
