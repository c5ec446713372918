import * as z from 'zod';
import { isValidSlug, SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../domain/slug.js';

/**
 * Request schemas for the posts API. Bodies are strict (an unknown field is a 400 naming it); query strings are
 * not, so cache-busting parameters keep working.
 */
export const POST_STATUSES = ['draft', 'published', 'scheduled'] as const;
export const TAG_MAX_LENGTH = 40;
export const MAX_TAGS = 10;
export const TITLE_MAX_LENGTH = 200;
/** The request body is capped at 64 KB anyway; this keeps room for the other fields. */
export const BODY_MAX_LENGTH = 60_000;
const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/i;

const slug = z
  .string()
  .max(SLUG_MAX_LENGTH, `must be at most ${SLUG_MAX_LENGTH} characters`)
  .refine(isValidSlug, 'must be lower-case letters and digits separated by single hyphens');

const tag = z
  .string()
  .trim()
  .toLowerCase()
  .max(TAG_MAX_LENGTH, `must be at most ${TAG_MAX_LENGTH} characters`)
  .regex(SLUG_PATTERN, 'must be lower-case letters and digits separated by single hyphens');

const tags = z
  .array(tag)
  .max(MAX_TAGS, `at most ${MAX_TAGS} tags`)
  .transform((list) => [...new Set(list)]);

/** ISO 8601 with an explicit offset, stored as UTC. */
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' }).transform((v) => new Date(v).toISOString());

const title = z.string().trim().min(1, 'must not be empty').max(TITLE_MAX_LENGTH, `must be at most ${TITLE_MAX_LENGTH} characters`);
const body = z.string().min(1, 'must not be empty').max(BODY_MAX_LENGTH, `must be at most ${BODY_MAX_LENGTH} characters`);
const status = z.enum(POST_STATUSES);

export const createPostSchema = z.strictObject({
  title,
  slug: slug.optional(),
  body,
  tags: tags.optional(),
  status,
  publishAt: instant.optional(),
  commentsOpen: z.boolean().optional(),
});
export type CreatePostInput = z.infer<typeof createPostSchema>;

export const updatePostSchema = z
  .strictObject({
    title: title.optional(),
    slug: slug.optional(),
    body: body.optional(),
    tags: tags.optional(),
    status: status.optional(),
    publishAt: instant.nullable().optional(),
    commentsOpen: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, {
    message: 'send at least one field to change',
    when: (payload) => payload.issues.length === 0,
  });
export type UpdatePostInput = z.infer<typeof updatePostSchema>;

const limit = (max: number, defaultValue: number) =>
  z
    .string()
    .regex(/^\d{1,4}$/, `must be an integer from 1 to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(1, `must be an integer from 1 to ${max}`).max(max, `must be an integer from 1 to ${max}`))
    .optional()
    .transform((v) => v ?? defaultValue);

const cursor = z.string().min(1, 'must not be empty').max(2048).optional();

export const listPublicPostsQuery = z.object({ limit: limit(50, 10), cursor, tag: tag.optional() });
export type ListPublicPostsQuery = z.infer<typeof listPublicPostsQuery>;

export const listAdminPostsQuery = z.object({ limit: limit(50, 10), cursor, status: status.optional() });
export type ListAdminPostsQuery = z.infer<typeof listAdminPostsQuery>;

/** Malformed slugs and ids are 400; well-formed ones that match nothing are 404. */
export const slugPath = z.object({ slug });
export const idPath = z.object({ id: z.string().regex(ULID_PATTERN, 'must be a post id (ULID)').transform((v) => v.toUpperCase()) });
