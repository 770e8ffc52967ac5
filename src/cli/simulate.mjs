#!/usr/bin/env node
// The `simulate` command. The code is TypeScript run through tsx, so register its loader first.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
