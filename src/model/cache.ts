/**
 * A look-aside cache in front of a service (docs/caches.md): every caller of the service asks
 * it first, as an application asks memcached before its database (Nishtala et al., "Scaling
 * Memcache at Facebook", NSDI'13). A hit answers after `hit_latency` and never reaches the
 * service. A miss sends a backend request of its own (a Request on an inner route, with this
 * cache as its caller, as a service's job makes a downstream call) to the caller's own target
 * (its balancer over the replicas, or its partition), and answers the caller when that ends; a
 * success fills the key.
 *
 * The caller's attempt keeps its own timeout. When the caller gives up on it (timeout, lost
 * hedge, cancellation), the backend request goes on only while someone still waits for it:
 * - another caller waits for the same flight (coalescing), or `fill_on_late_response` is set:
 *   it goes on, and its answer fills the key; the service is not told;
 * - otherwise it is abandoned with the caller's cause, so that the service sees what it would
 *   have seen of the caller's own attempt: told, it cancels (a timeout only with
 *   cancel_on_timeout); not told, it serves the attempt for nobody and reports the work wasted.
 *   A miss whose caller timed out therefore fills nothing.
 *
 * Each request asks for one key, drawn from the popularity distribution when its first attempt
 * arrives and kept (a WeakMap, so nothing is added to Request) for its retries and hedges.
 *
 * Defences, each off by default: `coalesce` (a single flight per key: a miss for a key already
 * being fetched joins that fetch; the "leases" of Nishtala et al. serve the same end);
 * `serve_stale` (expired entries are kept, and answer a fetch that failed); and
 * `max_concurrent_misses` (a miss that would start a fetch beyond the cap is refused, answered
 * `rejected`, or served stale when serve_stale finds an entry).
 */
import type { EventHandler } from '../engine/event-queue.ts';
import type { RandomStream } from '../engine/random.ts';
import type { Simulation } from '../engine/simulation.ts';
import { ZipfSampler } from '../engine/zipf.ts';
import type { FailureReason } from '../strategies/reasons.ts';
import type { Attempt } from './attempt.ts';
import { CacheStore, FRESH, STALE } from './cache-store.ts';
import type { CacheConfig } from './config.ts';
import type { ModelObserver } from './observer.ts';
import { Request, type AbandonCause, type AttemptTarget, type Caller, type Route } from './request.ts';

const ANSWER_OK = 0;
const ANSWER_REJECTED = 1;

/** One backend request for a key, and the callers' attempts waiting for it. */
class Flight implements Caller {
  readonly waiters: Attempt[];
  /** The cache still waits for its answer (it counts against max_concurrent_misses). */
  live = true;
  declare request: Request;

  constructor(private readonly cache: Cache, readonly key: number, first: Attempt) {
    this.waiters = [first];
  }

  requestEnded(_request: Request, reason: FailureReason | null): void {
    this.cache.fetched(this, reason);
  }
}

/** A caller's way in: the cache, and the caller's own route to the service for its misses. */
class CacheFront implements AttemptTarget {
  constructor(private readonly cache: Cache, private readonly inner: Route) {}

  arrive(attempt: Attempt): void {
    this.cache.arrive(attempt, this.inner);
  }

  abandon(attempt: Attempt, cause: AbandonCause): void {
    this.cache.abandon(attempt, cause);
  }
}

/** The finalizer of MurmurHash3 (Appleby): a key's place on the ring of cache nodes, in [0, 1). */
export function keyHash(key: number): number {
  let h = key | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

export class Cache implements EventHandler {
  /** Exposed for tests. */
  readonly store: CacheStore;
  private readonly keyOf = new WeakMap<object, number>();
  private readonly zipf: ZipfSampler | null;
  private readonly waitingOn = new Map<Attempt, Flight>();
  /** With coalesce: the flight out for each key. */
  private readonly flights = new Map<number, Flight>();
  private fetching = 0;

  constructor(
    private readonly config: CacheConfig,
    private readonly sim: Simulation,
    private readonly observer: ModelObserver,
    /** The service's index, for the observer. */
    private readonly service: number,
    /** Key draws: the cache's own stream, so that adding a cache shifts no other draws. */
    private readonly rng: RandomStream,
  ) {
    this.store = new CacheStore(config.capacity, config.ttl ?? Infinity, config.serveStale, () => observer.cacheEvent(service, sim.now, 'eviction'));
    const keys = config.keys;
    this.zipf = keys.popularity === 'zipf' ? new ZipfSampler(keys.count, keys.alpha) : null;
  }

  /** The target a caller sends to: this cache, missing through `inner` (the caller's own route to the service). */
  front(inner: Route): AttemptTarget {
    return new CacheFront(this, inner);
  }

  /** The key a request asks for: drawn on its first attempt, the same for its retries and hedges. */
  keyFor(request: object): number {
    let key = this.keyOf.get(request);
    if (key === undefined) {
      key = this.zipf !== null ? this.zipf.draw(this.rng) : Math.floor(this.rng.next() * this.config.keys.count);
      this.keyOf.set(request, key);
    }
    return key;
  }

  arrive(attempt: Attempt, inner: Route): void {
    const now = this.sim.now;
    const key = this.keyFor(attempt.request);
    const found = this.store.lookup(key, now);
    if (found === FRESH) {
      this.observer.cacheEvent(this.service, now, 'hit');
      this.sim.scheduleIn(this.config.hitLatency, this, ANSWER_OK, attempt);
      return;
    }
    const config = this.config;
    if (config.coalesce) {
      const flight = this.flights.get(key);
      if (flight !== undefined) {
        this.observer.cacheEvent(this.service, now, 'coalesced');
        flight.waiters.push(attempt);
        this.waitingOn.set(attempt, flight);
        return;
      }
    }
    if (config.maxConcurrentMisses !== null && this.fetching >= config.maxConcurrentMisses) {
      const stale = found === STALE;
      this.observer.cacheEvent(this.service, now, stale ? 'stale_capped' : 'refused');
      this.sim.scheduleIn(config.hitLatency, this, stale ? ANSWER_OK : ANSWER_REJECTED, attempt);
      return;
    }
    this.observer.cacheEvent(this.service, now, 'miss');
    const flight = new Flight(this, key, attempt);
    this.waitingOn.set(attempt, flight);
    if (config.coalesce) this.flights.set(key, flight);
    this.fetching++;
    // Abandonable: its attempt is kept, to be abandoned when nobody waits any more.
    flight.request = new Request(inner, flight, now, true);
    flight.request.start();
  }

  /** A caller gave up on `attempt`: its flight goes on only while someone still waits for it (see the file's comment). */
  abandon(attempt: Attempt, cause: AbandonCause): void {
    const flight = this.waitingOn.get(attempt);
    // A hit or a refusal, answered by an event that will find the attempt settled.
    if (flight === undefined) return;
    this.waitingOn.delete(attempt);
    const waiters = flight.waiters;
    waiters.splice(waiters.indexOf(attempt), 1);
    if (waiters.length > 0 || this.config.fillOnLateResponse) return;
    this.retire(flight);
    flight.request.cancel(cause);
  }

  /** A flight's backend request ended: fill on success, and answer whoever still waits. */
  fetched(flight: Flight, reason: FailureReason | null): void {
    const now = this.sim.now;
    if (flight.live) this.retire(flight);
    const waiters = flight.waiters;
    let answer = reason;
    if (reason === null) {
      this.store.fill(flight.key, now);
      this.observer.cacheEvent(this.service, now, 'fill');
    } else if (this.config.serveStale && waiters.length > 0 && this.store.has(flight.key)) {
      answer = null;
      for (let i = 0; i < waiters.length; i++) this.observer.cacheEvent(this.service, now, 'stale_failed');
    }
    for (const attempt of waiters) this.waitingOn.delete(attempt);
    // Answered now, as the backend's answer arrives (a retry may bring one straight back here).
    for (const attempt of waiters.splice(0)) attempt.request.respond(attempt, answer);
  }

  /** The fault: the entries of `share` of the key space are lost (1: the cache goes cold). */
  flush(share: number): void {
    const lost = this.store.flush(share >= 1 ? null : (key) => keyHash(key) < share);
    this.observer.cacheEvent(this.service, this.sim.now, 'lost', lost);
  }

  handleEvent(tag: number, data: unknown): void {
    const attempt = data as Attempt;
    attempt.request.respond(attempt, tag === ANSWER_OK ? null : 'rejected');
  }

  /** The cache no longer waits for the flight: it stops counting against the cap, and a new miss for its key starts a flight of its own. */
  private retire(flight: Flight): void {
    flight.live = false;
    this.fetching--;
    if (this.flights.get(flight.key) === flight) this.flights.delete(flight.key);
  }
}
