#!/usr/bin/env node
// `npx blog …`: runs the TypeScript entry through tsx's loader, like `npm run blog -- …`.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
