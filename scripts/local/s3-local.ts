import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import S3rver from 's3rver';
import { makeObjectWritesAtomic } from './s3rver-atomic-store.js';

/**
 * The local S3 store: s3rver in this process, on a free port, with the feeds bucket created up front.
 * Data lives in `dataDir`, or in a temporary directory that stop() removes. Object writes replace an object
 * atomically, as in S3 (see s3rver-atomic-store.ts).
 */
export interface S3Local {
  endpoint: string;
  port: number;
  directory: string;
  stop(): Promise<void>;
}

export interface S3LocalOptions {
  dataDir?: string;
  bucketNames: string[];
  port?: number;
}

export async function startS3Local(options: S3LocalOptions): Promise<S3Local> {
  const temporary = !options.dataDir;
  const directory = options.dataDir ? resolve(options.dataDir) : mkdtempSync(join(tmpdir(), 'blog-s3-'));
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    // Path-style only: the SDK clients use forcePathStyle, and vhost parsing would misread "127.0.0.1".
    vhostBuckets: false,
    configureBuckets: options.bucketNames.map((name) => ({ name })),
  });
  makeObjectWritesAtomic(server.store);
  const address = await server.run();
  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    directory,
    async stop() {
      if (stopped) return;
      stopped = true;
      server.httpServer?.closeAllConnections?.();
      await server.close();
      if (temporary) rmSync(directory, { recursive: true, force: true });
    },
  };
}
