import type { FeedDocument } from './feed-types.js';

export type PutOutcome = 'written' | 'unchanged';

/**
 * Where feed documents live (S3 in AWS, s3rver locally). `put` never rewrites an object whose stored content hash
 * equals the new document's, so an unchanged feed keeps its ETag and Last-Modified.
 */
export interface FeedStore {
  put(document: FeedDocument): Promise<PutOutcome>;
  delete(key: string): Promise<void>;
  /** Keys under a prefix (e.g. "posts/"), for pruning comment feeds of posts that are gone. */
  listKeys(prefix: string): Promise<string[]>;
}
