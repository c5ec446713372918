import type { S3Client } from '@aws-sdk/client-s3';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../shared/domain/pages/page-types.js';
import type { FeedRoute } from '../../shared/routes.js';
import { getFeedObject, getNotFoundPage } from './feed-objects.js';

/**
 * Feed and page routes, which API Gateway answers from the bucket rather than a function: a missing page falls
 * back to the stored 404 page, and HTML pages carry the page Content-Security-Policy.
 */
export async function serveStoredObject(
  s3: S3Client,
  bucket: string,
  route: FeedRoute,
  pathParameters: Record<string, string>,
  requestHeaders: Record<string, string>,
) {
  const object = await getFeedObject(s3, bucket, route, pathParameters, requestHeaders);
  if (object.statusCode === 404 && route.kind === 'page') return (await getNotFoundPage(s3, bucket)) ?? object;
  if (route.kind === 'page' && object.headers['Content-Type']?.startsWith('text/html')) {
    object.headers['Content-Security-Policy'] = PAGE_CONTENT_SECURITY_POLICY;
  }
  return object;
}
