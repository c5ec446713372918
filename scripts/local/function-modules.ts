import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The handler modules the emulator runs, imported once each. */
export type Handler = (event: unknown, context: unknown) => Promise<unknown>;
export type FunctionModule = { handler?: Handler };
export type LoadFunction = (name: string) => Promise<FunctionModule> | undefined;

/** Loads functions/<name>.ts on first use; a function written after start-up is picked up when it appears. */
export function createFunctionLoader(functionsDir: string, moduleExtension: '.ts' | '.mjs' = '.ts'): LoadFunction {
  const modules = new Map<string, Promise<FunctionModule>>();
  return (name) => {
    const cached = modules.get(name);
    if (cached) return cached;
    const file = join(functionsDir, `${name}${moduleExtension}`);
    if (!existsSync(file)) return undefined;
    const loading = import(pathToFileURL(file).href) as Promise<FunctionModule>;
    modules.set(name, loading);
    loading.catch(() => modules.delete(name));
    return loading;
  };
}
