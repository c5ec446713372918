import { createHash } from 'node:crypto';
import { GetObjectCommand, NoSuchKey, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { CONTENT_HASH_METADATA } from '../../shared/data/s3-feed-store.js';
import { contentHash } from '../../shared/domain/feeds/content-hash.js';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../shared/domain/pages/page-types.js';
import { NOT_FOUND_PAGE_KEY, type FeedRoute } from '../../shared/routes.js';

/**
 * Serves feed routes from the local S3 store the way the deployed static feeds behave: Content-Type, ETag,
 * Last-Modified, Cache-Control, and 304 on a matching If-None-Match or a fresh If-Modified-Since.
 */
export interface FeedObjectResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export const FEED_DEFAULT_CACHE_CONTROL = 'public, max-age=300';

/**
 * s3rver announces the length a file had when the GET began; when the feed job truncates it mid-read, the response
 * stalls until the server drops the connection 5 s later. An idle timeout turns that into a quick retry.
 */
const LOCAL_REQUEST_TIMEOUT_MS = 1_500;

export function localS3Client(endpoint: string, region = 'us-east-1'): S3Client {
  return new S3Client({
    requestHandler: new NodeHttpHandler({ requestTimeout: LOCAL_REQUEST_TIMEOUT_MS }),
    endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Path parameters become parts of an object key: one plain segment each, never `..` or an encoded `/`. */
const SAFE_SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._~-]+$/;

export function feedObjectKey(route: FeedRoute, pathParameters: Record<string, string>): string | undefined {
  if (Object.values(pathParameters).some((value) => !SAFE_SEGMENT.test(value))) return undefined;
  return route.objectKey.replace(/\{(\w+)\}/g, (_, name: string) => pathParameters[name] ?? '');
}

function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
}

function notModifiedSince(ifModifiedSince: string, lastModified: Date | undefined): boolean {
  if (!lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  if (Number.isNaN(since)) return false;
  // HTTP dates have one-second precision.
  return Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

const notFound = (key: string): FeedObjectResponse => ({
  statusCode: 404,
  headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  body: JSON.stringify({ error: { code: 'not_found', message: `The feed ${key} has not been built yet` } }),
});

/**
 * Whether a body is the whole object its metadata describes. The feed store's content hash covers the objects this
 * project writes; the ETag (the MD5 of a single-part upload, in S3 as in s3rver) covers any other.
 */
function isWholeObject(object: GetObjectCommandOutput, bytes: Uint8Array, body: string): boolean {
  if (object.ContentLength !== undefined && bytes.byteLength !== object.ContentLength) return false;
  const storedHash = object.Metadata?.[CONTENT_HASH_METADATA];
  if (storedHash) return contentHash({ body, contentType: object.ContentType ?? '' }) === storedHash;
  const md5 = object.ETag?.replaceAll('"', '');
  return !md5 || createHash('md5').update(bytes).digest('hex') === md5;
}

const READ_ATTEMPTS = 10;

/**
 * S3 replaces an object atomically: a GET during a PUT returns the old or the new one. s3rver rewrites the file in
 * place and writes its hash and metadata beside it, so a GET racing the feed job can get an empty or cut-short body
 * with a length that matches it, or the new metadata with the old body. The emulator retries until they agree.
 */
async function readObject(s3: S3Client, bucket: string, key: string) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      const body = Buffer.from(bytes).toString('utf8');
      if (!isWholeObject(object, bytes, body)) throw new Error(`torn read of ${key}`);
      return { object, body };
    } catch (error) {
      if (isMissing(error) || attempt >= READ_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
    }
  }
}

/** The generated 404 page with status 404, or undefined when the page job has not written it yet. */
export async function getNotFoundPage(s3: S3Client, bucket: string): Promise<FeedObjectResponse | undefined> {
  try {
    const { object, body } = await readObject(s3, bucket, NOT_FOUND_PAGE_KEY);
    const headers = {
      'Content-Type': object.ContentType ?? 'text/html; charset=utf-8',
      'Cache-Control': 'public, max-age=0, s-maxage=30, must-revalidate',
      'Content-Security-Policy': PAGE_CONTENT_SECURITY_POLICY,
    };
    return { statusCode: 404, headers, body };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

const isMissing = (error: unknown) =>
  error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey' || (error as Error).name === 'NotFound';

export async function getFeedObject(
  s3: S3Client,
  bucket: string,
  route: FeedRoute,
  pathParameters: Record<string, string>,
  requestHeaders: Record<string, string>,
): Promise<FeedObjectResponse> {
  const key = feedObjectKey(route, pathParameters);
  if (key === undefined) return notFound(route.path);
  try {
    const { object, body } = await readObject(s3, bucket, key);
    const headers: Record<string, string> = {
      'Content-Type':
        object.ContentType && object.ContentType !== 'binary/octet-stream' ? object.ContentType : route.contentType,
      'Cache-Control': object.CacheControl ?? FEED_DEFAULT_CACHE_CONTROL,
    };
    if (object.ETag) headers.ETag = object.ETag;
    if (object.LastModified) headers['Last-Modified'] = object.LastModified.toUTCString();
    const ifNoneMatch = requestHeaders['if-none-match'];
    const ifModifiedSince = requestHeaders['if-modified-since'];
    const fresh = ifNoneMatch
      ? !!object.ETag && etagMatches(ifNoneMatch, object.ETag)
      : !!ifModifiedSince && notModifiedSince(ifModifiedSince, object.LastModified);
    if (fresh) {
      const { 'Content-Type': _type, ...rest } = headers;
      return { statusCode: 304, headers: rest, body: '' };
    }
    return { statusCode: 200, headers, body };
  } catch (error) {
    if (isMissing(error)) return notFound(key);
    throw error;
  }
}
