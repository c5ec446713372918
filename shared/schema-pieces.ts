import { isValidSlug } from './domain/slug.js';
import * as z from './zod.js';

/**
 * The schema pieces every route validates its parameters with, so one parameter gets one 400 message wherever it
 * appears (posts, comments, likes, moderation). Routes compose them into their own query and body schemas.
 */
export const PARAMETER_MESSAGES = {
  slug: 'must be lower-case letters and digits separated by single hyphens, at most 96 characters',
  limit: (max: number) => `must be an integer from 1 to ${max}`,
  cursor: 'must be the nextCursor of the previous page of the same request',
  postId: 'must be a post id (ULID)',
} as const;

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/i;

export const slugSchema = z.string().check(z.refine(isValidSlug, PARAMETER_MESSAGES.slug));

/** `?limit=`: digits only, 1..max; absent means defaultValue. */
export const limitSchema = (max: number, defaultValue: number) => {
  const message = PARAMETER_MESSAGES.limit(max);
  const digits = z.pipe(z.string().check(z.regex(/^\d{1,4}$/, message)), z.transform(Number));
  const value = z.pipe(digits, z.int().check(z.gte(1, message), z.lte(max, message)));
  return z.pipe(
    z.optional(value),
    z.transform((v: number | undefined) => v ?? defaultValue),
  );
};

/** Only its shape is checked here; the data layer verifies the signature and binds it to the query. */
export const cursorSchema = z.optional(
  z.string().check(z.minLength(1, PARAMETER_MESSAGES.cursor), z.maxLength(2048, PARAMETER_MESSAGES.cursor)),
);

export const postIdSchema = z.pipe(
  z.string().check(z.regex(ULID_PATTERN, PARAMETER_MESSAGES.postId)),
  z.transform((v: string) => v.toUpperCase()),
);

/** A `{slug}` path: malformed is a 400 before anything is read; well-formed but unknown is a 404. */
export const slugPath = z.object({ slug: slugSchema });
