import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listOutbox } from '../../shared/data/outbox-mail-sender.js';
import { setLocalMailQueue } from '../../shared/data/mail-queue.js';
import type { EmulatorResponse } from './rest-emulator.js';
import { LocalMailQueue } from './local-mail-queue.js';

/**
 * Mail in the local runtime: the handlers' mail jobs go to an in-process queue that runs the real mail worker
 * (functions/mail-worker.ts), whose sender writes .eml files to the outbox instead of calling SES. GET /_local/mail
 * lists the outbox as JSON (local runtime only: the route is not in shared/routes.ts, so it is never deployed).
 */
export const LOCAL_MAIL_PATH = '/_local/mail';

/** <dataDir>/mail when data persists, else a temp directory removed on stop. */
export function outboxDirFor(options: { inMemory: boolean; dataDir: string; override?: string }): {
  dir: string;
  temporary: boolean;
} {
  if (options.override) return { dir: options.override, temporary: false };
  if (options.inMemory) return { dir: mkdtempSync(join(tmpdir(), 'blog-mail-')), temporary: true };
  return { dir: join(options.dataDir, 'mail'), temporary: false };
}

export interface LocalMail {
  queue: LocalMailQueue<unknown>;
  route(): EmulatorResponse;
  stop(): Promise<void>;
}

export async function startLocalMail(options: {
  outbox: { dir: string; temporary: boolean };
  workerFile: string;
  log: (line: string) => void;
}): Promise<LocalMail> {
  const worker = (await import(pathToFileURL(options.workerFile).href)) as {
    runMailJob: (job: unknown) => Promise<void>;
    runHeldDigest?: () => Promise<number>;
  };
  const queue = new LocalMailQueue<unknown>((job) => worker.runMailJob(job), { log: options.log });
  setLocalMailQueue(queue);
  // The deployed daily schedule's stand-in (a no-op unless OWNER_MAIL_DIGEST and OWNER_EMAIL are set).
  const digestTimer = setInterval(() => {
    worker.runHeldDigest?.().catch((error: unknown) => options.log(`[mail] digest failed: ${(error as Error).name}`));
  }, 86_400_000);
  digestTimer.unref();
  return {
    queue,
    route: () => ({
      statusCode: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
      body: JSON.stringify({
        dir: options.outbox.dir,
        pending: queue.pendingCount,
        delayed: queue.delayedCount,
        items: listOutbox(options.outbox.dir),
      }),
    }),
    async stop() {
      await Promise.race([queue.drain(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      clearInterval(digestTimer);
      queue.stop();
      setLocalMailQueue(undefined);
      if (options.outbox.temporary) rmSync(options.outbox.dir, { recursive: true, force: true });
    },
  };
}
