import { createHash } from 'node:crypto';
import type { FeedDocument } from './feed-types.js';

/**
 * The hash stored with each feed object. Content-Type is part of it, so fixing a type rewrites the object even
 * when the body is the same.
 */
export function contentHash(document: Pick<FeedDocument, 'body' | 'contentType'>): string {
  return createHash('sha256').update(document.contentType).update('\n').update(document.body, 'utf8').digest('hex');
}
