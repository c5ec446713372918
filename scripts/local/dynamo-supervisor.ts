import { launchDynamoLocal, type LaunchedDynamoLocal } from './dynamo-local.js';

/**
 * `npm start` keeps DynamoDB Local alive: when the java process dies, a persistent one (data on disk) is started
 * again on the same port, so the handlers' clients reconnect by themselves; an in-memory one lost its data, so
 * the runtime stops with a message saying so. More than MAX_RESTARTS deaths in RESTART_WINDOW_MS also stop it.
 */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;

export interface SupervisorOptions {
  /** Where the persistent database lives; undefined = in memory (no restart). */
  dataDir: string | undefined;
  log: (line: string) => void;
  /** Called when DynamoDB Local cannot be kept running; the runtime should exit with this message. */
  giveUp: (message: string) => void;
}

export function superviseDynamoLocal(first: LaunchedDynamoLocal, options: SupervisorOptions): LaunchedDynamoLocal {
  let current = first;
  let stopped = false;
  const deaths: number[] = [];

  const watch = (launched: LaunchedDynamoLocal) => {
    launched.exited.then(async (how) => {
      if (stopped) return;
      const now = Date.now();
      deaths.push(now);
      while (deaths.length && deaths[0] < now - RESTART_WINDOW_MS) deaths.shift();
      if (!options.dataDir) {
        options.giveUp(
          `DynamoDB Local (in memory) exited (${how}); its data is gone. Start the runtime again with: npm start`,
        );
        return;
      }
      if (deaths.length > MAX_RESTARTS) {
        options.giveUp(
          `DynamoDB Local exited ${deaths.length} times within a minute (last: ${how}); stopping. Data is kept in ${options.dataDir}`,
        );
        return;
      }
      options.log(
        `DynamoDB Local exited (${how}); restarting it on port ${launched.port} with the data in ${options.dataDir}`,
      );
      try {
        current = await launchDynamoLocal({ dataDir: options.dataDir, port: launched.port });
        await current.ready;
        options.log(`DynamoDB Local is back (pid ${current.pid})`);
        watch(current);
      } catch (error) {
        options.giveUp(`DynamoDB Local could not be restarted: ${(error as Error).message.split('\n')[0]}`);
      }
    });
  };
  watch(first);

  return {
    get endpoint() {
      return current.endpoint;
    },
    get port() {
      return current.port;
    },
    get pid() {
      return current.pid;
    },
    get ready() {
      return current.ready;
    },
    get exited() {
      return current.exited;
    },
    stop() {
      stopped = true;
      return current.stop();
    },
  };
}
