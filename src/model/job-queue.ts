/**
 * A service's queue of jobs, in its configured discipline (FIFO or LIFO), as the shedding
 * policy sees it: entries in blocks of a fixed size, each entry an attempt or, for a "ghost",
 * the attempt's arrival time and in-flight count (Job.inFlight) in typed arrays.
 *
 * Why ghosts: in a retry storm the queue holds hundreds of thousands of attempts whose callers
 * have gone (timed out at a service that is not told). The service will serve each one for
 * nobody, and needs nothing of it for that but these two numbers. So when such an attempt is
 * abandoned, its entry keeps them and lets go of it (letGo): the Attempt and, once its attempts
 * are all gone, its Request can be collected. That is 20 bytes an entry instead of ~240 bytes of
 * live heap per queued attempt (ghost-memory.test.ts measures both). Taken from the queue, a
 * ghost comes back as an Attempt of its own (Attempt.ghost). To find its entry, an attempt keeps
 * the entry's position while queued (Attempt.handle).
 *
 * Why blocks rather than one ring buffer: entries never move, so positions stay valid without
 * telling each attempt; a growing queue never holds an old and a new buffer at once (a doubling
 * ring briefly needs three times its entries, and the old buffer is garbage until the next full
 * GC); and a draining queue frees each block as it empties, so memory follows the queue's length
 * (one spare block is kept, so that a queue moving back and forth over a block boundary does
 * not allocate each time). The ring buffer kept its largest size for the rest of the run.
 *
 * A job cancelled while queued is removed lazily: it stays in its entry, out of the count, and
 * is skipped when reached, so cancelling costs O(1). When skipped jobs come to outnumber live
 * ones (cancellations far from the end being served: a LIFO queue whose oldest callers give up),
 * the queue is rebuilt without them, so memory stays within twice the live queue.
 */
import type { WaitingLine } from '../strategies/shedding/policy.ts';
import { Attempt } from './attempt.ts';
import { CANCELLED, type Job, type JobOwner } from './job.ts';
import type { Request } from './request.ts';

/**
 * Entries per block, as a shift: 1024 entries take about 20 KB, little for a short queue, and
 * the per-block costs vanish in a long one.
 */
const BLOCK_BITS = 10;
const BLOCK = 1 << BLOCK_BITS;
const IN_BLOCK = BLOCK - 1;
/**
 * Positions grow with every push; they are renumbered from 0 when they reach this, so that `>>`
 * (32-bit) finds their block. It happens once in a billion pushes, at a cost of the queue's
 * length. A multiple of BLOCK: it is checked when a block is added.
 */
const RENUMBER_AT = 2 ** 30;
/** Below this many cancelled jobs the queue is never rebuilt (not worth it). */
const COMPACT_MIN = 1024;

class Block {
  /** Each entry's attempt; null for a ghost (let go), or once taken. */
  declare readonly attempts: (Attempt | null)[];
  /** A ghost's arrival time and in-flight count; unused while the entry holds its attempt. */
  declare readonly arrivals: Float64Array;
  declare readonly inFlights: Int32Array;

  constructor() {
    this.attempts = new Array<Attempt | null>(BLOCK).fill(null);
    this.arrivals = new Float64Array(BLOCK);
    this.inFlights = new Int32Array(BLOCK);
  }
}

export class JobQueue implements WaitingLine<Job> {
  /**
   * blocks[k] holds positions (base + k) · BLOCK to (base + k + 1) · BLOCK − 1. The first is the
   * block of position `first`, the last that of position `end` (the next push), so there is
   * always one, and `head` and `tail` name them, to spare the hot paths a lookup.
   */
  private blocks: Block[];
  private head: Block;
  private tail: Block;
  private base = 0;
  /** Position of the oldest entry, and one past the newest: entries = end − first, cancelled ones included. */
  private first = 0;
  private end = 0;
  /** Entries not cancelled: ghosts count, since they are still work to do. */
  private live = 0;
  private ghostCount = 0;
  private spare: Block | null = null;
  /**
   * What ghosts name as their request (Attempt.ghost), made from the first attempt let go. It
   * keeps that request's route and caller (a client, or one upstream job): one per queue.
   */
  private standIn: Request | null = null;

  /**
   * `owner`: the service, which a ghost's downstream calls report to. `renumberAt` is for
   * tests, which cannot push a billion attempts.
   */
  constructor(
    private readonly lifo: boolean,
    private readonly owner: JobOwner,
    private readonly renumberAt = RENUMBER_AT,
  ) {
    this.head = this.tail = new Block();
    this.blocks = [this.head];
  }

  /** Jobs waiting, cancelled ones excluded. */
  get length(): number {
    return this.live;
  }

  /** Of those, the ghosts: abandoned attempts kept as numbers only. */
  get ghosts(): number {
    return this.ghostCount;
  }

  /** Queues an attempt the service has just held (Attempt.holdAt). */
  push(attempt: Attempt): void {
    const p = this.end;
    this.tail.attempts[p & IN_BLOCK] = attempt;
    attempt.handle = p;
    this.live++;
    if ((++this.end & IN_BLOCK) === 0) this.addBlock();
  }

  /** A queued job was marked CANCELLED: it no longer counts, and is skipped when reached. */
  cancelled(): void {
    this.live--;
    const dead = this.end - this.first - this.live;
    if (dead >= COMPACT_MIN && dead > this.live) this.compact();
  }

  /**
   * A queued attempt's caller gave up, and its service, not told, will serve it all the same:
   * the entry keeps the two numbers the service will need and lets go of the attempt. (They are
   * copied now rather than at push: most attempts never become ghosts.)
   */
  letGo(attempt: Attempt): void {
    if (this.standIn === null) this.standIn = attempt.request.standIn();
    this.ghostCount++;
    const block = this.blocks[(attempt.handle >> BLOCK_BITS) - this.base];
    const i = attempt.handle & IN_BLOCK;
    block.attempts[i] = null;
    block.arrivals[i] = attempt.arrivedAt;
    block.inFlights[i] = attempt.inFlight;
  }

  oldestArrival(): number | undefined {
    while (this.first !== this.end) {
      const block = this.head;
      const i = this.first & IN_BLOCK;
      const attempt = block.attempts[i];
      if (attempt === null) return block.arrivals[i];
      if (attempt.phase !== CANCELLED) return attempt.arrivedAt;
      block.attempts[i] = null;
      if ((++this.first & IN_BLOCK) === 0) this.dropHead();
    }
    return undefined;
  }

  take(): Job | undefined {
    return this.lifo ? this.takeNewest() : this.takeOldest();
  }

  takeOldest(): Job | undefined {
    while (this.first !== this.end) {
      const job = this.takeFrom(this.head, this.first & IN_BLOCK);
      if ((++this.first & IN_BLOCK) === 0) this.dropHead();
      if (job !== null) return job;
    }
    return undefined;
  }

  takeNewest(): Job | undefined {
    while (this.first !== this.end) {
      if ((this.end & IN_BLOCK) === 0) this.dropTail();
      const job = this.takeFrom(this.tail, --this.end & IN_BLOCK);
      if (job !== null) return job;
    }
    return undefined;
  }

  /** Clears entry `i` of `block` and gives its job (a ghost's made from its numbers), or null if it was cancelled. */
  private takeFrom(block: Block, i: number): Job | null {
    const attempt = block.attempts[i];
    if (attempt === null) {
      this.live--;
      this.ghostCount--;
      return Attempt.ghost(this.owner, this.standIn as Request, block.arrivals[i], block.inFlights[i]);
    }
    block.attempts[i] = null;
    if (attempt.phase === CANCELLED) return null;
    this.live--;
    return attempt;
  }

  /** `end` has just entered a new block. */
  private addBlock(): void {
    const block = this.spare ?? new Block();
    this.spare = null;
    this.blocks.push(block);
    this.tail = block;
    if (this.end >= this.renumberAt) this.renumber();
  }

  /** `first` has just left its block, which is now empty. */
  private dropHead(): void {
    this.spare = this.blocks.shift() as Block;
    this.head = this.blocks[0];
    this.base++;
  }

  /** `end` is at the start of its block, which is empty: the newest entry is in the block before. */
  private dropTail(): void {
    this.spare = this.blocks.pop() as Block;
    this.tail = this.blocks[this.blocks.length - 1];
  }

  /** Positions from 0 again (their blocks numbered from `base`), telling each attempt its new one. */
  private renumber(): void {
    // Nothing to gain while the oldest entry is in block 0 (a queue of renumberAt entries).
    if (this.base === 0) return;
    const shift = this.base * BLOCK;
    for (let p = this.first; p < this.end; p++) {
      const attempt = this.blocks[(p >> BLOCK_BITS) - this.base].attempts[p & IN_BLOCK];
      if (attempt !== null) attempt.handle = p - shift;
    }
    this.first -= shift;
    this.end -= shift;
    this.base = 0;
  }

  /** Rebuilds the queue without its cancelled entries, in order, telling each attempt its new position. */
  private compact(): void {
    const old = this.blocks;
    const oldBase = this.base;
    const from = this.first;
    const to = this.end;
    this.head = this.tail = new Block();
    this.blocks = [this.head];
    this.base = this.first = this.end = this.live = 0;
    for (let p = from; p < to; p++) {
      const block = old[(p >> BLOCK_BITS) - oldBase];
      const i = p & IN_BLOCK;
      const attempt = block.attempts[i];
      if (attempt !== null) {
        if (attempt.phase !== CANCELLED) this.push(attempt);
      } else {
        const j = this.end & IN_BLOCK;
        this.tail.arrivals[j] = block.arrivals[i];
        this.tail.inFlights[j] = block.inFlights[i];
        this.live++;
        if ((++this.end & IN_BLOCK) === 0) this.addBlock();
      }
    }
  }
}
