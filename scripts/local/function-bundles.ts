import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions } from '../../infra/bundling.js';

/**
 * `npm start -- --bundled`: the runtime serves the esbuild bundles `cdk deploy` ships (same options, from
 * infra/bundling.ts) instead of the TypeScript sources, so externals, aliases and tree-shaking are exercised by
 * real requests before anything is deployed.
 */
export async function buildFunctionBundles(functionsDir: string, outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const names = readdirSync(functionsDir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.slice(0, -'.ts'.length));
  await Promise.all(
    names.map((name) =>
      build({ ...esbuildOptions(join(functionsDir, `${name}.ts`), join(outDir, `${name}.mjs`)), metafile: false }),
    ),
  );
  return names;
}
