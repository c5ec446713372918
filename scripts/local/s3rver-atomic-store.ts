import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * S3 replaces an object atomically: a GET racing a PUT gets the old object or the new one. s3rver's file store
 * truncates the object's file and rewrites it in place, answers the PUT before the write is flushed, and keeps the
 * object's MD5 and metadata in files of their own. A GET in between gets an empty or cut-short body (and, when the
 * file shrank after the GET announced its length, a response that stalls until the server drops it).
 *
 * This makes the local store behave like S3: a PUT writes temporary files and renames them over the object's, and
 * the GETs, HEADs, PUTs and DELETEs of one key take turns. A GET's turn ends once its file is open, and an open file
 * keeps the content it had when a later PUT renames a new one over it.
 */
export interface StoredObjectInput {
  bucket: string;
  key: string;
  metadata: Record<string, string>;
  content: Buffer | Readable;
}

/** The parts of s3rver's FilesystemStore (lib/stores/filesystem.js, 3.7) that this relies on. */
export interface FilesystemStoreInternals {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5: string): Promise<void>;
  getObject(bucket: string, key: string, options?: unknown): Promise<unknown>;
  deleteObject(bucket: string, key: string): Promise<unknown>;
  putObject(object: StoredObjectInput): Promise<{ size: number; md5: string }>;
}

/** Work on one key runs in arrival order, one piece at a time; different keys do not wait for each other. */
class KeyedTurns {
  private readonly tails = new Map<string, Promise<void>>();

  take<T>(key: string, work: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

async function putByRename(store: FilesystemStoreInternals, object: StoredObjectInput) {
  const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
  await mkdir(dirname(objectPath), { recursive: true });
  // Listings only see names ending in "._S3rver_object", so the temporary file is never listed as an object.
  const partialPath = `${objectPath}.${randomUUID()}.partial`;
  const md5 = createHash('md5');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      md5.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const source = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
  try {
    await pipeline(source, measure, createWriteStream(partialPath));
    await rename(partialPath, objectPath);
  } catch (error) {
    await rm(partialPath, { force: true });
    throw error;
  }
  const digest = md5.digest('hex');
  // The MD5 and metadata files are staged under a key of their own and renamed too, so a listing never parses a
  // half-written metadata file.
  const stagingKey = `${object.key}.${randomUUID()}.partial`;
  await store.putMetadata(object.bucket, stagingKey, object.metadata, digest);
  for (const resource of ['object.md5', 'metadata.json'])
    await rename(
      store.getResourcePath(object.bucket, stagingKey, resource),
      store.getResourcePath(object.bucket, object.key, resource),
    );
  return { size, md5: digest };
}

export function makeObjectWritesAtomic(store: FilesystemStoreInternals): void {
  const turns = new KeyedTurns();
  const getObject = store.getObject.bind(store);
  const deleteObject = store.deleteObject.bind(store);
  store.getObject = (bucket, key, options) => turns.take(`${bucket}/${key}`, () => getObject(bucket, key, options));
  store.deleteObject = (bucket, key) => turns.take(`${bucket}/${key}`, () => deleteObject(bucket, key));
  store.putObject = (object) => turns.take(`${object.bucket}/${object.key}`, () => putByRename(store, object));
}
