import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions } from '../infra/bundling.js';
import { API_FUNCTIONS } from '../shared/routes.js';

/** Every Lambda entry the CDK app may deploy, in report order; entries that do not exist yet are reported n/a. */
export const FUNCTION_NAMES = [...API_FUNCTIONS, 'authorizer', 'feed-builder', 'mail-worker'] as const;

/** API functions serve API Gateway routes; the target (≤ 400 KB) applies to these. */
export const API_FUNCTION_TARGET_KB = 400;
const NON_API = new Set(['authorizer', 'feed-builder', 'mail-worker']);

export interface PackageSize {
  name: string;
  kb: number;
}

export interface BundleResult {
  name: string;
  /** Absolute path of the bundled .mjs, for the import-time benchmark. */
  outfile?: string;
  kb?: number;
  api: boolean;
  withinTarget?: boolean;
  packages?: PackageSize[];
  error?: string;
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** `node_modules/@scope/name/...` → `@scope/name`; nested node_modules count as the innermost package. */
export function packageOf(inputPath: string): string {
  const parts = inputPath.split('node_modules/');
  if (parts.length < 2) return '(project)';
  const last = parts[parts.length - 1];
  const segments = last.split('/');
  return segments[0].startsWith('@') ? `${segments[0]}/${segments[1]}` : segments[0];
}

/** Bytes each package contributes to the minified output, largest first. */
export function packageSizes(metafile: Metafile): PackageSize[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(input);
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([name, bytes]) => ({ name, kb: kb(bytes) }));
}

export function existingFunctions(functionsDir: string): string[] {
  const present = new Set(
    readdirSync(functionsDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3)),
  );
  const known = FUNCTION_NAMES.filter((n) => present.has(n));
  const extra = [...present].filter((n) => !(FUNCTION_NAMES as readonly string[]).includes(n)).sort();
  return [...known, ...extra];
}

export async function bundleFunctions(functionsDir: string, names: string[]): Promise<BundleResult[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'blog-bench-bundles-'));
  const results: BundleResult[] = [];
  for (const name of names) {
    const entry = join(functionsDir, `${name}.ts`);
    const api = !NON_API.has(name);
    if (!existsSync(entry)) {
      results.push({ name, api, error: 'no entry' });
      continue;
    }
    const outfile = join(outDir, `${name}.mjs`);
    try {
      const { metafile } = await build(esbuildOptions(entry, outfile));
      if (!metafile) throw new Error('esbuild returned no metafile');
      const bytes = Object.values(metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
      results.push({
        name,
        outfile,
        kb: kb(bytes),
        api,
        withinTarget: api ? kb(bytes) <= API_FUNCTION_TARGET_KB : undefined,
        packages: packageSizes(metafile),
      });
    } catch (error) {
      results.push({ name, api, error: (error as Error).message.split('\n')[0] });
    }
  }
  return results;
}
