import { SLUG_PATTERN } from '../../domain/slug.js';
import { cursorSchema, limitSchema, postIdSchema, slugPath, slugSchema } from '../../schema-pieces.js';
import * as z from '../../zod.js';

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
const SLUG_MESSAGE = 'must be lower-case letters and digits separated by single hyphens';

const atMost = (max: number) => z.maxLength(max, `must be at most ${max} characters`);
const notEmpty = () => z.minLength(1, 'must not be empty');

const slug = slugSchema;

// trim and toLowerCase rewrite the value, so they run before the checks.
const tag = z.string().check(z.trim(), z.toLowerCase(), atMost(TAG_MAX_LENGTH), z.regex(SLUG_PATTERN, SLUG_MESSAGE));

const tags = z.pipe(
  z.array(tag).check(z.maxLength(MAX_TAGS, `at most ${MAX_TAGS} tags`)),
  z.transform((list: string[]) => [...new Set(list)]),
);

/** ISO 8601 with an explicit offset, stored as UTC. */
const instant = z.pipe(
  z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone' }),
  z.transform((v: string) => new Date(v).toISOString()),
);

const title = z.string().check(z.trim(), notEmpty(), atMost(TITLE_MAX_LENGTH));
const body = z.string().check(notEmpty(), atMost(BODY_MAX_LENGTH));
const status = z.enum(POST_STATUSES);

export const createPostSchema = z.strictObject({
  title,
  slug: z.optional(slug),
  body,
  tags: z.optional(tags),
  status,
  publishAt: z.optional(instant),
  commentsOpen: z.optional(z.boolean()),
});
export type CreatePostInput = z.infer<typeof createPostSchema>;

export const updatePostSchema = z
  .strictObject({
    title: z.optional(title),
    slug: z.optional(slug),
    body: z.optional(body),
    tags: z.optional(tags),
    status: z.optional(status),
    publishAt: z.optional(z.nullable(instant)),
    commentsOpen: z.optional(z.boolean()),
  })
  .check(
    z.refine((patch) => Object.keys(patch).length > 0, {
      error: 'send at least one field to change',
      when: (payload) => payload.issues.length === 0,
    }),
  );
export type UpdatePostInput = z.infer<typeof updatePostSchema>;

const limit = limitSchema;
const cursor = cursorSchema;

export const listPublicPostsQuery = z.object({ limit: limit(50, 10), cursor, tag: z.optional(tag) });
export type ListPublicPostsQuery = z.infer<typeof listPublicPostsQuery>;

export const listAdminPostsQuery = z.object({ limit: limit(50, 10), cursor, status: z.optional(status) });
export type ListAdminPostsQuery = z.infer<typeof listAdminPostsQuery>;

/** Malformed slugs and ids are 400; well-formed ones that match nothing are 404. */
export { slugPath };
export const idPath = z.object({ id: postIdSchema });
