import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, freshIp, type HttpResult, type TestApi } from '../support/test-api.js';

/**
 * For every public endpoint: no email address, no IP address and no hash of either appears in the response,
 * except the Gravatar hash inside avatarUrl. "Hash" covers the common unsalted digests of each email and IP and
 * every salted hash this deployment actually stored (visitor, like, commenter and duplicate keys).
 */
let api: TestApi;
let post: { id: string; slug: string };
const GUEST_EMAIL = 'Private.Guest@Example.org';
const AUTHOR_EMAIL = 'author@example.com';
const guestIp = freshIp();
const likerIp = freshIp();
const responses: Record<string, HttpResult> = {};

const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const IPV4_PATTERN = /\b(?:\d{1,3}\.){3}\d{1,3}\b/;

function digests(value: string): string[] {
  return ['md5', 'sha1', 'sha256', 'sha512'].flatMap((algorithm) => {
    const digest = createHash(algorithm).update(value).digest();
    return [
      digest.toString('hex'),
      digest.toString('hex').toUpperCase(),
      digest.toString('base64'),
      digest.toString('base64url'),
    ];
  });
}

let forbidden: { label: string; value: string }[] = [];

beforeAll(async () => {
  api = connect();
  post = await api.createPost();
  const create = (json: unknown, ip: string, headers: Record<string, string> = {}) =>
    api.call('POST', `/posts/${post.slug}/comments`, { json, ip, headers });
  responses['POST comment (approved)'] = await create(
    { authorName: 'Guest', authorEmail: GUEST_EMAIL, authorUrl: 'https://guest.example', body: 'A public comment' },
    guestIp,
    { 'Idempotency-Key': `privacy-${post.id}` },
  );
  responses['POST comment (replayed)'] = await create(
    { authorName: 'Guest', authorEmail: GUEST_EMAIL, authorUrl: 'https://guest.example', body: 'A public comment' },
    guestIp,
    { 'Idempotency-Key': `privacy-${post.id}` },
  );
  responses['POST comment (post author reply)'] = await create(
    {
      authorEmail: AUTHOR_EMAIL,
      body: 'Reply from the author',
      parentId: responses['POST comment (approved)'].json.comment.id,
    },
    guestIp,
  );
  responses['POST comment (pending)'] = await create(
    { authorEmail: GUEST_EMAIL, body: 'Held https://a.example https://b.example' },
    guestIp,
  );
  responses['POST comment (honeypot)'] = await create(
    { authorEmail: GUEST_EMAIL, body: 'Bot text', website2: 'x' },
    guestIp,
  );
  responses['POST comment (409 duplicate)'] = await create(
    { authorEmail: GUEST_EMAIL, body: 'A public comment' },
    guestIp,
  );
  for (let i = 0; i < 8 && responses['POST comment (429 rate limited)'] === undefined; i++) {
    const flood = await create({ authorEmail: GUEST_EMAIL, body: `flood ${i}` }, guestIp);
    if (flood.status === 429) responses['POST comment (429 rate limited)'] = flood;
  }
  responses['POST likes'] = await api.call('POST', `/posts/${post.slug}/likes`, {
    ip: likerIp,
    headers: { 'User-Agent': 'Privacy/1' },
  });
  responses['DELETE likes'] = await api.call('DELETE', `/posts/${post.slug}/likes`, {
    ip: likerIp,
    headers: { 'User-Agent': 'Privacy/1' },
  });
  await api.call('POST', `/posts/${post.slug}/likes`, { ip: likerIp, headers: { 'User-Agent': 'Privacy/1' } });
  responses['GET /posts'] = await api.call('GET', '/posts?limit=50', { ip: guestIp });
  responses['GET /posts/{slug}'] = await api.call('GET', `/posts/${post.slug}`, { ip: guestIp });
  responses['GET comments (flat)'] = await api.call('GET', `/posts/${post.slug}/comments`, { ip: guestIp });
  responses['GET comments (tree)'] = await api.call('GET', `/posts/${post.slug}/comments?view=tree`, { ip: guestIp });

  // Every salted hash the store holds for these visitors and emails, whatever the deployment's salt.
  const stored: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await api.doc.send(
      new ScanCommand({ TableName: api.endpoints.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    stored.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const hashParts = stored.flatMap((item) => {
    const pk = String(item.pk);
    const sk = String(item.sk);
    if (pk.startsWith('RATE#')) return [pk.split('#')[1]];
    if (pk.startsWith('COMMENTER#')) return [pk.slice('COMMENTER#'.length)];
    if (pk === `POST#${post.id}` && (sk.startsWith('LIKE#') || sk.startsWith('DUP#')))
      return [sk.slice(sk.indexOf('#') + 1)];
    if (item.entity === 'comment' && typeof item.commenterHash === 'string') return [item.commenterHash];
    return [];
  });
  forbidden = [
    ...[GUEST_EMAIL, GUEST_EMAIL.toLowerCase(), AUTHOR_EMAIL].flatMap((email) => [
      { label: `email ${email}`, value: email },
      ...digests(email).map((value) => ({ label: `digest of ${email}`, value })),
    ]),
    ...[guestIp, likerIp].flatMap((ip) => [
      { label: `ip ${ip}`, value: ip },
      ...digests(ip).map((value) => ({ label: `digest of ${ip}`, value })),
    ]),
    ...hashParts.map((value) => ({ label: 'stored salted hash', value })),
  ];
});
afterAll(() => api?.destroy());

/** The response text with every avatarUrl value removed: the one place an email hash may appear. */
function withoutAvatarUrls(result: HttpResult): string {
  return JSON.stringify(result.json ?? result.text, (key, value) => (key === 'avatarUrl' ? '[avatar]' : value));
}

describe('public responses carry no personal data', () => {
  it('the fixtures exercised every endpoint and stored the hashes we look for', () => {
    expect(Object.keys(responses)).toHaveLength(13);
    expect(responses['POST comment (approved)'].status).toBe(201);
    expect(responses['POST comment (429 rate limited)'].status).toBe(429);
    expect(responses['GET comments (flat)'].json.items.length).toBeGreaterThanOrEqual(2);
    expect(responses['GET /posts'].json.items.map((p: { id: string }) => p.id)).toContain(post.id);
    expect(forbidden.filter((f) => f.label === 'stored salted hash').length).toBeGreaterThanOrEqual(5);
  });

  it.each([
    'GET /posts',
    'GET /posts/{slug}',
    'GET comments (flat)',
    'GET comments (tree)',
    'POST comment (approved)',
    'POST comment (replayed)',
    'POST comment (post author reply)',
    'POST comment (pending)',
    'POST comment (honeypot)',
    'POST comment (409 duplicate)',
    'POST comment (429 rate limited)',
    'POST likes',
    'DELETE likes',
  ])('%s', (name) => {
    const result = responses[name];
    expect(result).toBeDefined();
    const text = withoutAvatarUrls(result);
    expect(text).not.toMatch(EMAIL_PATTERN);
    expect(text).not.toMatch(IPV4_PATTERN);
    for (const { label, value } of forbidden) {
      if (text.includes(value)) throw new Error(`${name} contains ${label}: ${value}`);
    }
    for (const [header, value] of result.headers) {
      expect(`${header}: ${value}`).not.toMatch(EMAIL_PATTERN);
      expect(`${header}: ${value}`).not.toContain(guestIp);
    }
  });

  it('avatarUrl holds only the Gravatar SHA-256 of the lowercased email', () => {
    const comment = responses['POST comment (approved)'].json.comment;
    const expected = createHash('sha256').update(GUEST_EMAIL.toLowerCase()).digest('hex');
    expect(comment.author.avatarUrl).toBe(`https://www.gravatar.com/avatar/${expected}?d=identicon`);
  });
});
