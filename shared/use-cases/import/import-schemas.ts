import { COMMENT_STATUSES } from '../../domain/comment.js';
import { MAX_BODY_CHARS, MAX_NAME_CHARS, MAX_URL_CHARS } from '../../domain/comment-input.js';
import { isValidSlug } from '../../domain/slug.js';
import * as z from '../../zod.js';
import { PARAMETER_MESSAGES } from '../../schema-pieces.js';
import { BODY_MAX_LENGTH, createPostSchema, TITLE_MAX_LENGTH } from '../posts/schemas.js';

/**
 * Request bodies of the admin import API (POST /admin/import/posts, /admin/import/comments). Batches are small
 * enough for the 64 KB request limit and a Lambda's time; each item succeeds or fails on its own.
 */
export const MAX_POSTS_PER_BATCH = 25;
export const MAX_COMMENTS_PER_BATCH = 100;
export const IMPORT_POST_BODY_MAX = BODY_MAX_LENGTH;
/** Imported comments are HTML (with paragraphs and links), so they get more room than a guest's markdown. */
export const IMPORT_COMMENT_BODY_MAX = MAX_BODY_CHARS * 4;

const instant = z.pipe(
  z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone' }),
  z.transform((v: string) => new Date(v).toISOString()),
);
const source = z
  .string()
  .check(z.minLength(1), z.maxLength(300), z.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'));
const originalId = z
  .string()
  .check(z.minLength(1), z.maxLength(100), z.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'));
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/i;

const importPost = z.strictObject({
  originalId,
  slug: z
    .string()
    .check(
      z.refine(isValidSlug, 'must be lower-case letters and digits separated by single hyphens, at most 96 characters'),
    ),
  title: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(TITLE_MAX_LENGTH)),
  /** Markdown (HTML blocks pass through the post sanitizer, as in any post). May be empty: WordPress allows it. */
  body: z.string().check(z.maxLength(IMPORT_POST_BODY_MAX)),
  tags: createPostSchema.shape.tags,
  status: z.enum(['draft', 'published', 'scheduled']),
  createdAt: instant,
  publishedAt: z.optional(instant),
  publishAt: z.optional(instant),
  updatedAt: z.optional(instant),
  commentsOpen: z.boolean(),
});
export type ImportPostInput = z.infer<typeof importPost>;

export const importPostsSchema = z.strictObject({
  source,
  items: z
    .array(importPost)
    .check(z.minLength(1), z.maxLength(MAX_POSTS_PER_BATCH, `at most ${MAX_POSTS_PER_BATCH} posts a request`)),
});
export type ImportPostsInput = z.infer<typeof importPostsSchema>;

const importComment = z.strictObject({
  originalId,
  postId: z.string().check(z.regex(ULID, PARAMETER_MESSAGES.postId)),
  parentOriginalId: z.optional(originalId),
  authorName: z.string().check(z.maxLength(MAX_NAME_CHARS * 4)),
  authorEmail: z.optional(z.string().check(z.maxLength(254))),
  authorUrl: z.optional(z.string().check(z.maxLength(MAX_URL_CHARS))),
  /** html: WordPress or Disqus comment HTML (paragraphs already added); markdown: our own export. */
  format: z.enum(['html', 'markdown']),
  body: z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(IMPORT_COMMENT_BODY_MAX)),
  status: z.enum(COMMENT_STATUSES),
  createdAt: instant,
  isPostAuthor: z.optional(z.boolean()),
});
export type ImportCommentInput = z.infer<typeof importComment>;

export const importCommentsSchema = z.strictObject({
  source,
  items: z
    .array(importComment)
    .check(z.minLength(1), z.maxLength(MAX_COMMENTS_PER_BATCH, `at most ${MAX_COMMENTS_PER_BATCH} comments a request`)),
});
export type ImportCommentsInput = z.infer<typeof importCommentsSchema>;

export type ImportOutcome = 'imported' | 'updated' | 'skipped' | 'failed';
export interface ImportResult {
  originalId: string;
  outcome: ImportOutcome;
  id?: string;
  slug?: string;
  reason?: string;
}
