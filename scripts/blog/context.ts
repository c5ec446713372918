import type { Command } from 'commander';
import { ApiClient } from './api-client.js';
import { ApiError, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, UsageError } from './errors.js';
import { warn } from './output.js';
import { resolveApi, tokenSource, type GlobalOptions } from './target.js';

/** What every command action gets: the API client and the global flags. */
export interface CommandContext {
  api: ApiClient;
  apiUrl: string;
  json: boolean;
}

export function contextOf(command: Command): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const apiUrl = resolveApi(options);
  return { api: new ApiClient(apiUrl, tokenSource(apiUrl, options)), apiUrl, json: Boolean(options.json) };
}

/** One item's failure in a batch command: listed at the end, and the exit code becomes 1. */
export interface Failure {
  item: string;
  reason: string;
}

export const describeError = (error: unknown): string =>
  error instanceof ApiError ? error.describe() : error instanceof Error ? error.message : String(error);

export function reportFailures(failures: Failure[]): number {
  if (!failures.length) return EXIT_OK;
  warn(`${failures.length} failed:`);
  for (const f of failures) warn(`  ${f.item}: ${f.reason}`);
  return EXIT_PARTIAL;
}

/** Wraps an action so that its result or error becomes the process exit code. */
export function action<A extends unknown[]>(run: (context: CommandContext, ...args: A) => Promise<number | void>) {
  return async function (this: Command, ...args: A) {
    const command = args[args.length - 1] as Command;
    try {
      process.exitCode = (await run(contextOf(command), ...args)) ?? EXIT_OK;
    } catch (error) {
      warn(`blog: ${describeError(error)}`);
      // A refused request (4xx) is bad input; a server or connection failure midway is a partial failure.
      process.exitCode =
        error instanceof UsageError || (error instanceof ApiError && error.status < 500) ? EXIT_USAGE : EXIT_PARTIAL;
    }
  };
}
