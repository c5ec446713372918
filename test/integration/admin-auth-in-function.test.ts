import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintLocalAdminToken } from '../../shared/auth/local-admin-token.js';
import { startIsolatedRuntime, uniqueSlug, type IsolatedRuntime } from '../support/index.js';

/**
 * LocalStack's free plan has no API Gateway authorizer step. This runtime runs the same way (`--no-authorizer`):
 * requests reach the admin functions with no authorizer context, and the functions must verify the token.
 */
let rt: IsolatedRuntime;
beforeAll(async () => {
  rt = await startIsolatedRuntime({ gatewayAuthorizer: false });
}, 120_000);
afterAll(() => rt?.stop());

const sign = (options: Partial<Parameters<typeof mintLocalAdminToken>[0]> = {}) =>
  mintLocalAdminToken({ secret: rt.adminSecret, name: 'Blog Author', email: 'author@example.com', ...options });

const BAD_TOKENS: [string, () => Promise<string | undefined>][] = [
  ['missing', async () => undefined],
  ['garbage', async () => 'Bearer not.a.jwt'],
  ['forged (signed with another secret)', async () => `Bearer ${await sign({ secret: 'f'.repeat(64) })}`],
  ['expired', async () => `Bearer ${await sign({ now: new Date(Date.now() - 13 * 3600_000), expiresIn: '12h' })}`],
  [
    'alg=none',
    async () =>
      `Bearer ${new UnsecuredJWT({ name: 'Blog Author' }).setSubject('admin').setIssuedAt().setExpirationTime('1h').encode()}`,
  ],
  [
    'HS512 with the right secret',
    async () =>
      `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS512' }).setSubject('admin').setExpirationTime('1h').sign(new TextEncoder().encode(rt.adminSecret))}`,
  ],
  ['no Bearer scheme', async () => rt.adminToken],
];

const ADMIN_CALLS: [string, string, unknown?][] = [
  ['GET', '/admin/posts'],
  ['POST', '/admin/posts', { title: 'Should never be stored', body: 'x', status: 'published' }],
  ['GET', '/admin/comments?status=pending'],
  ['POST', '/admin/feeds/rebuild'],
];

describe('admin routes without a gateway authorizer', () => {
  it.each(BAD_TOKENS)('answer a %s token with 401 JSON in every admin function', async (_name, authorization) => {
    const header = await authorization();
    for (const [method, path, json] of ADMIN_CALLS) {
      const res = await rt.api(path, { method, json, headers: header ? { authorization: header } : {} });

      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.json.error.code).toBe('unauthorized');
    }
    const listed = await rt.api('/admin/posts?status=published', { admin: true });
    expect(listed.json.items.map((p: { title: string }) => p.title)).not.toContain('Should never be stored');
  });

  it('let a valid token through, with the author the token names', async () => {
    const slug = uniqueSlug('in-function');

    const created = await rt.api('/admin/posts', {
      admin: true,
      json: { title: 'Verified in the function', slug, body: 'Hello', status: 'published' },
    });

    expect(created.status).toBe(201);
    expect(created.json.author).toEqual({ name: 'Blog Author' });
    expect((await rt.api(`/posts/${slug}`)).status).toBe(200);
    expect((await rt.api('/admin/feeds/rebuild', { method: 'POST', admin: true })).status).toBe(202);
    expect((await rt.api('/admin/comments?status=pending', { admin: true })).status).toBe(200);
  });
});
