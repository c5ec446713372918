import { createHash, createHmac } from 'node:crypto';
import { visitorNetwork } from './visitor-network.js';

/**
 * Pseudonymous identifiers. Every hash of an IP, user agent or email that we store is a keyed HMAC with the
 * deployment's VISITOR_HASH_SALT, so a stored value cannot be reversed by hashing candidate IPs or emails.
 * The only unsalted hash of personal data is the Gravatar hash inside avatarUrl, which Gravatar requires.
 */
const keyed = (salt: string, purpose: string, ...parts: string[]): string =>
  createHmac('sha256', salt)
    .update([purpose, ...parts].join('\u0000'))
    .digest('base64url')
    .slice(0, 32);

/** Rate limits: one visitor = one IPv4 address or one IPv6 /64 (visitor-network.ts). */
export const visitorHash = (salt: string, ip: string): string => keyed(salt, 'visitor', visitorNetwork(ip));

/** Likes: one visitor = one network (as above) and user agent, so people sharing an office network can each like a post. */
export const likeVisitorHash = (salt: string, ip: string, userAgent: string): string =>
  keyed(salt, 'like', visitorNetwork(ip), userAgent);

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Keys the COMMENTER#<hash> item (earlier approved comments) without storing the email in a key. */
export const emailHash = (salt: string, email: string): string => keyed(salt, 'email', normalizeEmail(email));

/** Duplicate guard: same body from the same commenter (email, or visitor when anonymous) on the same post. */
export const duplicateFingerprint = (salt: string, postId: string, commenter: string, body: string): string =>
  keyed(salt, 'duplicate', postId, commenter, body.trim().replace(/\s+/g, ' ').toLowerCase());

export const avatarUrlFor = (email: string | undefined): string | null =>
  email
    ? `https://www.gravatar.com/avatar/${createHash('sha256').update(normalizeEmail(email)).digest('hex')}?d=identicon`
    : null;
