import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { mintLocalAdminToken } from '../../shared/auth/local-admin-token.js';
import {
  createAdminTokenVerifier,
  InvalidAdminTokenError,
  tokenFromAuthorizationHeader,
} from '../../shared/auth/verify-admin-token.js';

const SECRET = 's'.repeat(48);
const hs256 = { ADMIN_AUTH_MODE: 'hs256' as const, ADMIN_JWT_SECRET: SECRET };
const now = new Date('2030-01-01T12:00:00Z');

async function rejection(promise: Promise<unknown>): Promise<InvalidAdminTokenError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidAdminTokenError);
  return error as InvalidAdminTokenError;
}

describe('HS256 admin tokens (local runtime and LocalStack)', () => {
  const verify = createAdminTokenVerifier(hs256);

  it('accepts a minted token and returns sub, name and email', async () => {
    const token = await mintLocalAdminToken({ secret: SECRET, sub: 'admin', name: 'Ada', email: 'ada@example.com' });
    await expect(verify(token)).resolves.toEqual({ sub: 'admin', name: 'Ada', email: 'ada@example.com' });
  });

  it('rejects an expired token', async () => {
    const token = await mintLocalAdminToken({
      secret: SECRET,
      name: 'Ada',
      now: new Date(Date.now() - 13 * 3600_000),
      expiresIn: '12h',
    });
    expect((await rejection(verify(token))).reason).toBe('expired');
  });

  it('rejects a token signed with another secret', async () => {
    const token = await mintLocalAdminToken({ secret: 'o'.repeat(48), name: 'Ada' });
    expect((await rejection(verify(token))).reason).toBe('bad signature');
  });

  it('rejects garbage, an empty string and a tampered payload', async () => {
    await rejection(verify('not-a-jwt'));
    await rejection(verify(''));
    const token = await mintLocalAdminToken({ secret: SECRET, name: 'Ada' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'root', name: 'Mallory', exp: 9_999_999_999 })).toString(
      'base64url',
    );
    expect((await rejection(verify(`${header}.${forged}.${signature}`))).reason).toBe('bad signature');
  });

  it('rejects an unsigned (alg "none") token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'admin', exp: 9_999_999_999 })).toString('base64url');
    await rejection(verify(`${header}.${payload}.`));
  });

  it('rejects a token without an expiry or without a subject', async () => {
    const key = new TextEncoder().encode(SECRET);
    const noExp = await new SignJWT({ name: 'Ada' }).setProtectedHeader({ alg: 'HS256' }).setSubject('admin').sign(key);
    const noSub = await new SignJWT({ name: 'Ada' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(key);
    await rejection(verify(noExp));
    await rejection(verify(noSub));
  });

  it('checks issuer and audience when configured', async () => {
    const strict = createAdminTokenVerifier({
      ...hs256,
      ADMIN_JWT_ISSUER: 'blog-local',
      ADMIN_JWT_AUDIENCE: 'blog-admin',
    });
    const good = await mintLocalAdminToken({
      secret: SECRET,
      name: 'Ada',
      issuer: 'blog-local',
      audience: 'blog-admin',
    });
    const wrongIssuer = await mintLocalAdminToken({
      secret: SECRET,
      name: 'Ada',
      issuer: 'elsewhere',
      audience: 'blog-admin',
    });
    const wrongAudience = await mintLocalAdminToken({
      secret: SECRET,
      name: 'Ada',
      issuer: 'blog-local',
      audience: 'other',
    });
    await expect(strict(good)).resolves.toMatchObject({ sub: 'admin' });
    await rejection(strict(wrongIssuer));
    expect((await rejection(strict(wrongAudience))).reason).toBe('wrong audience');
  });

  it('refuses to build without a secret', () => {
    expect(() => createAdminTokenVerifier({ ADMIN_AUTH_MODE: 'hs256' })).toThrow(/ADMIN_JWT_SECRET/);
  });

  it('mints tokens that expire after the requested span', async () => {
    const token = await mintLocalAdminToken({ secret: SECRET, name: 'Ada', now, expiresIn: '12h' });
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(payload.exp - payload.iat).toBe(12 * 3600);
    expect(payload.iat).toBe(now.getTime() / 1000);
  });
});

describe('JWKS admin tokens (AWS, e.g. Cognito)', () => {
  const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example';

  async function keys() {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    return { privateKey, jwks: createLocalJWKSet({ keys: [jwk] }) };
  }

  const config = {
    ADMIN_AUTH_MODE: 'jwks' as const,
    ADMIN_JWKS_URL: `${ISSUER}/.well-known/jwks.json`,
    ADMIN_JWT_ISSUER: ISSUER,
    ADMIN_JWT_AUDIENCE: 'client-123',
  };

  it('accepts an ID token of the configured issuer and audience', async () => {
    const { privateKey, jwks } = await keys();
    const verify = createAdminTokenVerifier(config, jwks);
    const token = await new SignJWT({ email: 'owner@example.com', 'cognito:username': 'owner' })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setSubject('uuid-1')
      .setIssuer(ISSUER)
      .setAudience('client-123')
      .setExpirationTime('1h')
      .sign(privateKey);
    await expect(verify(token)).resolves.toEqual({ sub: 'uuid-1', name: 'owner', email: 'owner@example.com' });
  });

  it('accepts a Cognito access token whose app client is in client_id', async () => {
    const { privateKey, jwks } = await keys();
    const verify = createAdminTokenVerifier(config, jwks);
    const token = await new SignJWT({ client_id: 'client-123', username: 'owner', token_use: 'access' })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setSubject('uuid-1')
      .setIssuer(ISSUER)
      .setExpirationTime('1h')
      .sign(privateKey);
    await expect(verify(token)).resolves.toMatchObject({ sub: 'uuid-1', name: 'owner' });
  });

  it('rejects another issuer, another audience, and an HS256 token signed with a guessable key', async () => {
    const { privateKey, jwks } = await keys();
    const verify = createAdminTokenVerifier(config, jwks);
    const sign = (issuer: string, audience: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
        .setSubject('u')
        .setIssuer(issuer)
        .setAudience(audience)
        .setExpirationTime('1h')
        .sign(privateKey);
    await rejection(verify(await sign('https://evil.example.com', 'client-123')));
    expect((await rejection(verify(await sign(ISSUER, 'client-999')))).reason).toBe('wrong audience');
    const symmetric = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setIssuer(ISSUER)
      .setAudience('client-123')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    await rejection(verify(symmetric));
  });

  it('rejects a token signed by a key that is not in the JWKS', async () => {
    const { jwks } = await keys();
    const other = await keys();
    const verify = createAdminTokenVerifier(config, jwks);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setSubject('u')
      .setIssuer(ISSUER)
      .setAudience('client-123')
      .setExpirationTime('1h')
      .sign(other.privateKey);
    await rejection(verify(token));
  });
});

describe('tokenFromAuthorizationHeader', () => {
  it('takes the token from "Bearer <token>" in any case and nothing else', () => {
    expect(tokenFromAuthorizationHeader('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(tokenFromAuthorizationHeader('bearer   abc')).toBe('abc');
    expect(tokenFromAuthorizationHeader('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(tokenFromAuthorizationHeader('abc.def.ghi')).toBeUndefined();
    expect(tokenFromAuthorizationHeader('Bearer a b')).toBeUndefined();
    expect(tokenFromAuthorizationHeader(undefined)).toBeUndefined();
  });
});
