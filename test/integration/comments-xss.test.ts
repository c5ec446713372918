import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHtml, COMMENT_ALLOWED_TAGS, elementsIn, schemeOf } from '../unit/xss-dom-audit.js';
import { XSS_VECTORS } from '../unit/xss-vectors.js';
import { connect, freshIp, type HttpResult, type TestApi } from '../support/test-api.js';

/**
 * Every XSS vector goes through the real API in the body, the name and the URL. The stored HTML, the POST response
 * and the public list are parsed as DOMs and audited; nothing is checked by string matching.
 */
/** DOM audits of hundreds of comments on a shared, busy machine. */
const AUDIT_TIMEOUT = 120_000;
let api: TestApi;
let post: { id: string; slug: string };
const asBody = new Map<string, HttpResult>();
const asName = new Map<string, HttpResult>();
const asUrl = new Map<string, HttpResult>();

async function inBatches<T>(items: T[], size: number, run: (item: T, index: number) => Promise<void>) {
  for (let i = 0; i < items.length; i += size)
    await Promise.all(items.slice(i, i + size).map((item, j) => run(item, i + j)));
}

beforeAll(async () => {
  api = connect();
  post = await api.createPost();
  const create = (json: unknown) => api.call('POST', `/posts/${post.slug}/comments`, { json, ip: freshIp() });
  await inBatches(XSS_VECTORS, 10, async (vector, i) => {
    asBody.set(vector, await create({ body: `Vector ${i}: ${vector}` }));
    asName.set(vector, await create({ authorName: vector.slice(0, 80), body: `Name vector ${i}` }));
    asUrl.set(vector, await create({ authorUrl: vector, body: `URL vector ${i}` }));
  });
}, 300_000);
afterAll(() => api?.destroy());

describe('XSS vectors through the API', () => {
  it(
    'the body vectors were all accepted',
    () => {
      expect([...asBody.values()].map((r) => r.status)).toEqual(Array(XSS_VECTORS.length).fill(201));
    },
    AUDIT_TIMEOUT,
  );

  it(
    'no stored comment HTML holds executable content',
    async () => {
      const rows = await api.commentRows(post.id);
      expect(rows.length).toBeGreaterThanOrEqual(XSS_VECTORS.length * 2);
      for (const row of rows) {
        const problems = auditHtml(String(row.html), { allowedTags: COMMENT_ALLOWED_TAGS });
        if (problems.length) throw new Error(`stored comment ${row.id}: ${problems.join('; ')}`);
        expect(elementsIn(String(row.authorName))).toEqual([]);
      }
    },
    AUDIT_TIMEOUT,
  );

  it(
    'no POST response holds executable content',
    () => {
      for (const [vector, response] of asBody) {
        const problems = auditHtml(response.json.comment.html, { allowedTags: COMMENT_ALLOWED_TAGS });
        if (problems.length) throw new Error(`${JSON.stringify(vector)}: ${problems.join('; ')}`);
      }
    },
    AUDIT_TIMEOUT,
  );

  it(
    'no listed comment holds executable content, in the flat or the tree view',
    async () => {
      let audited = 0;
      for (const view of ['flat', 'tree']) {
        let path: string | undefined = `/posts/${post.slug}/comments?limit=100&view=${view}`;
        while (path) {
          const page: HttpResult = await api.call('GET', path);
          expect(page.status).toBe(200);
          for (const item of page.json.items) {
            const problems = auditHtml(item.html, { allowedTags: COMMENT_ALLOWED_TAGS });
            if (problems.length) throw new Error(`listed comment ${item.id}: ${problems.join('; ')}`);
            expect(elementsIn(item.author.name)).toEqual([]);
            audited += 1;
          }
          path = page.json.nextCursor
            ? `/posts/${post.slug}/comments?limit=100&view=${view}&cursor=${page.json.nextCursor}`
            : undefined;
        }
      }
      expect(audited).toBeGreaterThan(XSS_VECTORS.length);
    },
    AUDIT_TIMEOUT,
  );

  it(
    'names come back as plain text',
    () => {
      for (const [vector, response] of asName) {
        expect(response.status, JSON.stringify(vector)).toBe(201);
        expect(elementsIn(response.json.comment.author.name)).toEqual([]);
      }
    },
    AUDIT_TIMEOUT,
  );

  it(
    'URLs are refused with 400 or come back as attribute-safe http(s) URLs',
    () => {
      let refused = 0;
      for (const [vector, response] of asUrl) {
        if (response.status === 400) {
          refused += 1;
          expect(response.json.error.details).toEqual(
            expect.arrayContaining([expect.objectContaining({ field: 'authorUrl' })]),
          );
          continue;
        }
        expect(response.status, JSON.stringify(vector)).toBe(201);
        const url = response.json.comment.author.url as string;
        expect(['http', 'https']).toContain(schemeOf(url));
        expect(auditHtml(`<a href="${url}" rel="nofollow ugc noopener">x</a>`)).toEqual([]);
        expect(elementsIn(`<a href="${url}">x</a>`)).toEqual(['a']);
      }
      expect(refused).toBeGreaterThan(XSS_VECTORS.length / 2);
    },
    AUDIT_TIMEOUT,
  );
});
