import {
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { Config } from '../config/config.js';
import { contentHash } from '../domain/feeds/content-hash.js';
import type { FeedStore, PutOutcome } from '../domain/feeds/feed-store.js';
import type { FeedDocument } from '../domain/feeds/feed-types.js';

/** Feed readers poll; five minutes of caching keeps a CDN or browser from asking again on every poll. */
export const FEED_CACHE_CONTROL = 'public, max-age=300';
/** Object metadata key (sent as x-amz-meta-content-sha256). */
export const CONTENT_HASH_METADATA = 'content-sha256';

let s3Client: S3Client | undefined;

/** The process-wide S3 client. Path-style addressing and on-demand checksums only for s3rver / LocalStack. */
export function feedS3Client(config: Pick<Config, 'AWS_REGION' | 'S3_ENDPOINT'>): S3Client {
  s3Client ??= new S3Client({
    region: config.AWS_REGION,
    maxAttempts: 3,
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT, forcePathStyle: true } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return s3Client;
}

const isNotFound = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
};

export interface S3FeedStoreOptions {
  client: S3Client;
  bucket: string;
  cacheControl?: string;
}

/**
 * Feed objects in S3. Before writing, HeadObject reads the stored content hash; an equal hash means the feed is
 * unchanged and is not rewritten, so its ETag and Last-Modified stay and conditional GETs keep getting 304.
 */
export class S3FeedStore implements FeedStore {
  constructor(private readonly options: S3FeedStoreOptions) {}

  async storedHash(key: string): Promise<string | undefined> {
    try {
      const head = await this.options.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return head.Metadata?.[CONTENT_HASH_METADATA];
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async put(document: FeedDocument): Promise<PutOutcome> {
    const hash = contentHash(document);
    if ((await this.storedHash(document.key)) === hash) return 'unchanged';
    await this.options.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: document.key,
        Body: Buffer.from(document.body, 'utf8'),
        ContentType: document.contentType,
        CacheControl: document.cacheControl ?? this.options.cacheControl ?? FEED_CACHE_CONTROL,
        Metadata: { [CONTENT_HASH_METADATA]: hash },
      }),
    );
    return 'written';
  }

  async delete(key: string): Promise<void> {
    await this.options.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  async listKeys(prefix: string): Promise<string[]> {
    const found: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.options.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      found.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found;
  }
}
