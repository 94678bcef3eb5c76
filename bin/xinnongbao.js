#!/usr/bin/env node
// Runs the TypeScript command line directly (no separate build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
