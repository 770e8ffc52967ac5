/**
 * The memory of abandoned queued attempts is actually freed: in a process of its own (for
 * --expose-gc, and a heap no other test shares), a retry storm's queue of ~320,000 attempts,
 * almost all abandoned, is measured after full GCs (test/support/ghost-memory-probe.ts). Kept
 * as objects, each cost ~240 bytes of live heap (an Attempt, its boxed doubles, half a Request);
 * as a ghost, ~20. Once the queue has drained, the heap is back to within a bounded amount of
 * where it started: the queue's blocks are freed as it empties (before, its ring buffer kept its
 * largest size, 4 MB here).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.ts';

describe('ghosts free memory', () => {
  it('a storm queue costs tens of bytes per abandoned attempt, and gives it back when it drains', () => {
    const probe = join(ROOT, 'test/support/ghost-memory-probe.ts');
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', probe], { cwd: ROOT, encoding: 'utf8' });
    const { queued, atLongest, drained, left } = JSON.parse(out) as { queued: number; atLongest: number; drained: number; left: number };
    expect(queued).toBeGreaterThan(300_000);
    expect(atLongest / queued).toBeLessThan(64);
    expect(left).toBe(0);
    expect(drained).toBeLessThan(1 << 20);
  });
});
