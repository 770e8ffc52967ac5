/**
 * The engine worker's life: one worker at a time, made from the bundled script through a Blob
 * URL (a page opened from file:// may not load a worker by URL). Cancel terminates it, the only
 * way to stop a run in the middle, and makes a fresh one for the next run.
 */
import { workerSource } from './bundled.ts';
import type { RunRequest, WorkerMessage } from './protocol.ts';

export type RunEnd = Exclude<WorkerMessage, { type: 'progress' }> | { type: 'cancelled' };

export class Runner {
  private worker: Worker | null = null;
  private readonly url = URL.createObjectURL(new Blob([workerSource()], { type: 'text/javascript' }));
  private finish: ((end: RunEnd) => void) | null = null;

  constructor(private readonly onProgress: (message: Extract<WorkerMessage, { type: 'progress' }>) => void) {}

  get running(): boolean {
    return this.finish !== null;
  }

  private ready(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = new Worker(this.url);
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      if (event.data.type === 'progress') this.onProgress(event.data);
      else this.end(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.end({ type: 'error', message: event.message || 'the engine worker failed' });
    };
    this.worker = worker;
    return worker;
  }

  private end(end: RunEnd): void {
    const finish = this.finish;
    this.finish = null;
    finish?.(end);
  }

  /** Runs the text; a run still going is cancelled first. */
  run(request: Omit<RunRequest, 'type'>): Promise<RunEnd> {
    if (this.running) this.cancel();
    return new Promise((resolve) => {
      this.finish = resolve;
      this.ready().postMessage({ type: 'run', ...request } satisfies RunRequest);
    });
  }

  cancel(): void {
    this.worker?.terminate();
    this.worker = null;
    this.end({ type: 'cancelled' });
  }
}
