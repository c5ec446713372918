import { DomainError } from '../../domain/errors.js';
import { slugSchema } from '../../schema-pieces.js';
import * as z from '../../zod.js';

/** Request schemas of the subscription routes, parsed by functions/subscriptions.ts before any use case runs. */
export const subscribeSchema = z.strictObject({
  email: z.email().check(z.maxLength(254)),
  postSlug: z.optional(slugSchema),
});

/** The `token` query parameter of a mail link (confirm, unsubscribe, moderate). */
const tokenSchema = z.string().check(z.minLength(1), z.maxLength(2000));

export function parseLinkToken(query: Record<string, string>): string {
  const token = z.safeParse(tokenSchema, query.token);
  if (!token.success)
    throw new DomainError('validation_failed', 'The link has no token', [{ field: 'token', message: 'Required' }]);
  return token.data;
}
