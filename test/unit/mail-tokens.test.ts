import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  CONFIRM_TOKEN_TTL_SECONDS,
  InvalidTokenError,
  signToken,
  verifyToken,
} from '../../shared/domain/subscriptions/mail-tokens.js';
import { mailTokenKey } from '../../shared/domain/subscriptions/token-key.js';

const key = mailTokenKey('a-visitor-hash-salt-for-tests');
const now = new Date('2026-03-01T12:00:00Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

const confirmToken = () =>
  signToken(key, {
    purpose: 'confirm',
    subject: 'sub-123',
    nonce: 'nonce-1',
    now,
    ttlSeconds: CONFIRM_TOKEN_TTL_SECONDS,
  });
const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof InvalidTokenError ? error.reason : String(error)),
  );

describe('mail link tokens', () => {
  it('verifies its own purpose and names the subscription and nonce', async () => {
    const verified = await verifyToken(key, await confirmToken(), 'confirm', later(60));

    expect(verified).toMatchObject({ purpose: 'confirm', subject: 'sub-123', nonce: 'nonce-1' });
    expect(verified.expiresAt).toEqual(later(48 * 3600));
  });

  it('expires a confirm token after 48 hours', async () => {
    const token = await confirmToken();

    expect(await reasonOf(verifyToken(key, token, 'confirm', later(48 * 3600 - 1)))).toBe('accepted');
    expect(await reasonOf(verifyToken(key, token, 'confirm', later(48 * 3600 + 1)))).toBe('expired');
  });

  it('refuses a token made for another purpose', async () => {
    const unsubscribe = await signToken(key, { purpose: 'unsubscribe', subject: 'sub-123', now });

    expect(await reasonOf(verifyToken(key, unsubscribe, 'confirm', now))).toBe('wrong_purpose');
    expect(await reasonOf(verifyToken(key, await confirmToken(), 'unsubscribe', now))).toBe('wrong_purpose');
  });

  it('refuses forged and tampered tokens', async () => {
    const forged = await signToken(mailTokenKey('another-salt-entirely'), {
      purpose: 'unsubscribe',
      subject: 'sub-123',
      now,
    });
    const [header, , signature] = (await signToken(key, { purpose: 'unsubscribe', subject: 'sub-123', now })).split(
      '.',
    );
    const payload = Buffer.from(
      JSON.stringify({ iss: 'blog-mail', aud: 'mail:unsubscribe', sub: 'someone-else', iat: 1 }),
    ).toString('base64url');

    expect(await reasonOf(verifyToken(key, forged, 'unsubscribe', now))).toBe('bad_signature');
    expect(await reasonOf(verifyToken(key, `${header}.${payload}.${signature}`, 'unsubscribe', now))).toBe(
      'bad_signature',
    );
    expect(await reasonOf(verifyToken(key, 'not-a-token', 'unsubscribe', now))).toBe('malformed');
  });

  it('refuses an unsigned (alg none) token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ iss: 'blog-mail', aud: 'mail:unsubscribe', sub: 'sub-123', iat: 1 }),
    ).toString('base64url');

    expect(await reasonOf(verifyToken(key, `${header}.${payload}.${'A'.repeat(43)}`, 'unsubscribe', now))).toBe(
      'malformed',
    );
  });

  it('carries no address and no hash, only an opaque id', async () => {
    const claims = decodeJwt(await confirmToken());

    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
    expect(JSON.stringify(claims)).not.toContain('@');
  });

  it('derives the key from the salt without being the salt', () => {
    expect(Buffer.from(mailTokenKey('salt-one-salt-one')).equals(Buffer.from(mailTokenKey('salt-one-salt-one')))).toBe(
      true,
    );
    expect(Buffer.from(mailTokenKey('salt-one-salt-one')).equals(Buffer.from(mailTokenKey('salt-two-salt-two')))).toBe(
      false,
    );
    expect(Buffer.from(mailTokenKey('salt-one-salt-one')).toString()).not.toContain('salt-one');
  });
});
