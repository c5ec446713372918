import { ANONYMOUS } from './comment.js';
import { validationFailed } from './errors.js';
import { htmlToText } from './html-sanitizer.js';
import { normalizeEmail } from './visitor.js';
import * as z from '../zod.js';

export const MAX_BODY_CHARS = 10_000;
export const MAX_NAME_CHARS = 80;
export const MAX_URL_CHARS = 2_000;
/**
 * Honeypot: comment forms render this field hidden from people. Bots fill every field they see; a non-empty value
 * gets a normal-looking 201 while the comment is stored as spam.
 */
export const HONEYPOT_FIELD = 'website2';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/i;
// C0/C1 controls, zero-width characters and bidi overrides have no place in a display name.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Display names are plain text: tags are dropped, and no angle bracket survives to form one later. */
export function cleanAuthorName(raw: string | undefined): string {
  const text = htmlToText((raw ?? '').normalize('NFC'))
    .replace(INVISIBLE, ' ')
    .replace(/[<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text || ANONYMOUS;
}

/** Only absolute http(s) URLs with a host; returns the normalized form, or undefined when not allowed. */
export function normalizeAuthorUrl(raw: string): string | undefined {
  if (/[\u0000-\u001f\u007f]/.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return undefined;
  if (url.username || url.password) return undefined;
  return url.href.replace(/'/g, '%27');
}

const atMost = (max: number) => z.maxLength(max, `must be at most ${max} characters`);

/** Missing, null and blank all mean "not given"; anything else is trimmed. */
const optionalText = z.pipe(
  z.nullable(z.optional(z.string())),
  z.transform((v: string | null | undefined) =>
    v === null || v === undefined || v.trim() === '' ? undefined : v.trim(),
  ),
);

const schema = z.object({
  authorName: z.nullable(z.optional(z.string().check(atMost(MAX_NAME_CHARS)))),
  authorEmail: z.pipe(optionalText, z.optional(z.email('must be a valid email address').check(z.maxLength(254)))),
  authorUrl: z.pipe(
    optionalText,
    z.optional(
      z.string().check(
        atMost(MAX_URL_CHARS),
        z.refine((v) => normalizeAuthorUrl(v) !== undefined, 'must be an absolute http or https URL'),
      ),
    ),
  ),
  body: z.string({ error: 'is required' }).check(
    atMost(MAX_BODY_CHARS),
    z.refine((v) => v.trim().length > 0, 'must not be empty or only whitespace'),
  ),
  parentId: z.nullable(z.optional(z.string().check(z.regex(ULID, 'must be a comment id')))),
  /** "Notify me of follow-up comments by email" (needs authorEmail). */
  notify: z.nullable(z.optional(z.boolean('must be true or false'))),
  [HONEYPOT_FIELD]: z.optional(z.unknown()),
});

export interface CommentInput {
  authorName: string;
  authorEmail?: string;
  authorUrl?: string;
  body: string;
  parentId?: string;
  /** Subscribe authorEmail to this post's follow-up comments (double opt-in). */
  notify: boolean;
  honeypotFilled: boolean;
}

/** Validates a comment POST body; every problem is reported with its field. */
export function parseCommentInput(body: unknown): CommentInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationFailed([{ field: 'body', message: 'The request body must be a JSON object' }]);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw validationFailed(
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message })),
    );
  }
  const data = parsed.data;
  if (data.notify && !data.authorEmail)
    throw validationFailed([{ field: 'authorEmail', message: 'is required when notify is true' }]);
  const honeypot = data[HONEYPOT_FIELD];
  return {
    authorName: cleanAuthorName(data.authorName ?? undefined),
    authorEmail: data.authorEmail ? normalizeEmail(data.authorEmail) : undefined,
    authorUrl: data.authorUrl ? normalizeAuthorUrl(data.authorUrl) : undefined,
    body: data.body.trim(),
    parentId: data.parentId ? data.parentId.toUpperCase() : undefined,
    notify: data.notify === true,
    honeypotFilled: honeypot !== undefined && honeypot !== null && honeypot !== '' && honeypot !== false,
  };
}
