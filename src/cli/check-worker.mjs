// A worker thread of `simulate check`: the code is TypeScript, so register tsx's loader first.
import { register } from 'tsx/esm/api';

register();
await import('./check-worker.ts');
