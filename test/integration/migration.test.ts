import { BatchWriteCommand, DeleteCommand, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCommentRepository } from '../../shared/data/dynamo-comment-repository.js';
import { DynamoPostRepository } from '../../shared/data/dynamo-post-repository.js';
import { keys } from '../../shared/data/keys.js';
import type { CommentStatus } from '../../shared/domain/comment.js';
import { migrateToLayout2 } from '../../scripts/migrate/v1-to-v2.js';
import { startIsolatedRuntime, startTestTable, type TestTable } from '../support/index.js';
import { publishedPost } from '../support/repository-fixtures.js';

/**
 * The migration against the committed v1 fixture (test/fixtures/v1-table.json, generated through the API by the
 * v1 code): load it into DynamoDB Local, migrate twice, and check every post, comment, like and count through the
 * v2 repositories. Before the migration, the v2 functions answer 503 with an explanation.
 */
type Item = Record<string, any>;
const fixture: { items: Item[] } = JSON.parse(
  readFileSync(new URL('../fixtures/v1-table.json', import.meta.url), 'utf8'),
);
const v1 = fixture.items;
const v1Posts = v1.filter((i) => i.entity === 'post');
const v1Comments = v1.filter((i) => i.entity === 'comment');

let table: TestTable;
const scan = async () => {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await table.doc.send(
      new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
};

async function loadFixture(into: TestTable): Promise<void> {
  for (let i = 0; i < v1.length; i += 25) {
    await into.doc.send(
      new BatchWriteCommand({
        RequestItems: { [into.tableName]: v1.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
}

beforeAll(async () => {
  table = await startTestTable();
  await loadFixture(table);
});
afterAll(async () => {
  await table?.stop();
});

describe('migration v1 → v2', () => {
  it('the fixture covers posts of every status, threaded comments of every status, likes and idempotency records', () => {
    expect(new Set(v1Posts.map((p) => p.status))).toEqual(new Set(['published', 'draft', 'scheduled']));
    expect(new Set(v1Comments.map((c) => c.status))).toEqual(new Set(['approved', 'pending', 'spam', 'trash']));
    expect(v1Comments.some((c) => c.depth === 3)).toBe(true);
    expect(v1.filter((i) => i.entity === 'like').length).toBeGreaterThan(0);
    expect(v1.filter((i) => i.entity === 'idempotency').length).toBeGreaterThan(0);
  });

  it('a v2 function meeting the unmigrated table answers 503 saying to migrate, never 500', async () => {
    // A table of its own: the runtime's feed job would otherwise clear the fixture's feed markers.
    const unmigrated = await startTestTable();
    await loadFixture(unmigrated);
    const isolated = await startIsolatedRuntime({ env: { TABLE_NAME: unmigrated.tableName } });
    try {
      const published = v1Posts.find((p) => p.status === 'published')!;
      for (const path of ['/posts', `/posts/${published.slug}`, `/posts/${published.slug}/comments`]) {
        const reply = await isolated.api(path);
        expect(reply.status, path).toBe(503);
        expect(reply.json.error).toMatchObject({
          code: 'service_unavailable',
          message: expect.stringContaining('npm run migrate'),
        });
      }
    } finally {
      await isolated.stop();
      await unmigrated.stop();
    }
  }, 60_000);

  it('a dry run reports the work and writes nothing', async () => {
    const before = await scan();
    const counts = await migrateToLayout2({ doc: table.doc, table: table.tableName, dryRun: true });
    expect(counts).toMatchObject({ posts: v1Posts.length, comments: v1Comments.length });
    expect(await scan()).toEqual(before);
  });

  it('migrates everything exactly (CLI, with a progress line), and a second run changes nothing', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      'npx',
      ['tsx', 'scripts/migrate/cli.ts', '--table', table.tableName, '--endpoint', table.endpoint],
      { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
    );
    expect(JSON.parse(stdout)).toMatchObject({ posts: v1Posts.length, comments: v1Comments.length, dryRun: false });
    expect(stderr).toMatch(/scanned \d+ items: \d+ posts, \d+ comments and \d+ post heads migrated/);
    const once = await scan();
    expect(await migrateToLayout2({ doc: table.doc, table: table.tableName })).toMatchObject({
      posts: 0,
      comments: 0,
      heads: 0,
    });
    expect(await scan()).toEqual(once);

    const posts = new DynamoPostRepository({ client: table.doc, tableName: table.tableName });
    const comments = new DynamoCommentRepository({ client: table.doc, tableName: table.tableName });
    for (const old of v1Posts) {
      const post = await posts.findById(old.id);
      expect(post).toMatchObject({
        id: old.id,
        slug: old.slug,
        title: old.title,
        body: old.body,
        html: old.html,
        status: old.status,
        version: old.version,
        commentCount: old.commentCount,
        likeCount: old.likeCount,
      });
      const likes = v1.filter((i) => i.entity === 'like' && i.pk === `POST#${old.id}`);
      expect(likes.length).toBe(old.likeCount);
      const bySlug = await posts.findBySlug(old.slug);
      expect(bySlug).toMatchObject({
        id: old.id,
        html: old.html,
        commentCount: old.commentCount,
        likeCount: old.likeCount,
      });
      const approved = v1Comments
        .filter((c) => c.postId === old.id && c.status === 'approved')
        .sort((a, b) => a.id.localeCompare(b.id));
      expect(approved.length).toBe(old.commentCount);
      if (old.status === 'published') {
        const page = await comments.listApproved(old.slug, { limit: 100 });
        expect(page.comments.map((c) => c.id)).toEqual(approved.map((c) => c.id));
        expect(page.comments.map((c) => c.parentId)).toEqual(approved.map((c) => c.parentId));
      }
      for (const status of ['approved', 'pending', 'spam', 'trash'] as CommentStatus[]) {
        const expected = v1Comments
          .filter((c) => c.postId === old.id && c.status === status)
          .map((c) => c.id)
          .sort()
          .reverse();
        expect(
          (await comments.listForModeration({ status, postId: old.id, limit: 100 })).items.map((c) => c.id),
        ).toEqual(expected);
      }
    }
    for (const old of v1Comments) {
      const {
        gsi2pk: _a,
        gsi2sk: _b,
        gsi3pk: _c,
        gsi3sk: _d,
        postSlug: _e,
        pk: _f,
        sk: _g,
        dupSk: _h,
        commenterHash: _i,
        entity: _j,
        gsi1pk: _k,
        gsi1sk: _l,
        ...fields
      } = old;
      expect(await comments.findById(old.id)).toEqual(fields);
    }
    // Likes, guards, commenters, idempotency records, rate windows and feed markers are the same items.
    const unchanged = v1.filter((i) => !['post', 'comment', 'commentId', 'slugGuard'].includes(i.entity));
    for (const item of unchanged) {
      expect(
        (await table.doc.send(new GetCommand({ TableName: table.tableName, Key: { pk: item.pk, sk: item.sk } }))).Item,
      ).toEqual(item);
    }
    const after = await scan();
    expect(after.filter((i) => i.entity === 'comment')).toHaveLength(v1Comments.length);
    expect(after.filter((i) => i.entity === 'slugGuard')).toEqual([]);
    expect(after.filter((i) => i.entity === 'postHead')).toHaveLength(v1Posts.length);
    expect(after.find((i) => i.pk === 'MIGRATION#layout-2')).toBeUndefined();
    // gsi2 now holds exactly the heads of published posts: the public list, newest first, with the counters.
    const published = v1Posts.filter((p) => p.status === 'published');
    expect(after.filter((i) => i.gsi2pk !== undefined).map((i) => [i.entity, i.gsi2pk, i.postId])).toEqual(
      expect.arrayContaining(published.map((p) => ['postHead', 'POSTS#listed', p.id])),
    );
    expect(after.filter((i) => i.gsi2pk !== undefined)).toHaveLength(published.length);
    expect(after.every((i) => i.gsi3pk !== 'COMMENTS')).toBe(true);
    const listed = await posts.listPublished({ limit: 50 });
    expect(listed.items.map((p) => [p.id, p.title, p.commentCount, p.likeCount])).toEqual(
      [...published]
        .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
        .map((p) => [p.id, p.title, p.commentCount, p.likeCount]),
    );
    expect(after.filter((i) => i.entity === 'commentThread').map((i) => i.postId)).toEqual(
      expect.arrayContaining(v1Posts.map((p) => p.id)),
    );
    expect(
      (await table.doc.send(new GetCommand({ TableName: table.tableName, Key: keys.postHead(v1Posts[0].slug) }))).Item,
    ).not.toHaveProperty('lockedUntil');
  }, 120_000);
});

describe('migration of post heads written before the public list moved onto them', () => {
  it('gives every head its summary, gsi2 keys and thread marker, once, without touching the counters', async () => {
    const own = await startTestTable();
    try {
      const posts = new DynamoPostRepository({ client: own.doc, tableName: own.tableName });
      const base = publishedPost({ excerpt: 'An excerpt', authorName: 'Ada', tags: ['aws'] });
      const live = {
        ...base,
        id: '01JQ0000000000000000000001',
        slug: 'live',
        title: 'Live',
        status: 'published' as const,
        publishedAt: '2025-02-01T00:00:00.000Z',
      };
      const draft = {
        ...base,
        id: '01JQ0000000000000000000002',
        slug: 'draft',
        title: 'Draft',
        status: 'draft' as const,
        publishedAt: null,
      };
      for (const p of [live, draft]) await posts.create(p);
      // The previous layout: heads with lookup and counters only, and no thread markers.
      for (const p of [live, draft]) {
        await own.doc.send(
          new UpdateCommand({
            TableName: own.tableName,
            Key: keys.postHead(p.slug),
            UpdateExpression:
              'REMOVE #layout, title, excerpt, authorName, tags, gsi2pk, gsi2sk SET commentCount = :c, likeCount = :l',
            ExpressionAttributeNames: { '#layout': 'layout' },
            ExpressionAttributeValues: { ':c': 4, ':l': 9 },
          }),
        );
        await own.doc.send(new DeleteCommand({ TableName: own.tableName, Key: keys.commentThread(p.id) }));
      }
      await expect(posts.listPublished({ limit: 10 })).rejects.toMatchObject({ code: 'service_unavailable' });

      expect(await migrateToLayout2({ doc: own.doc, table: own.tableName })).toMatchObject({ heads: 2 });
      const listed = await new DynamoPostRepository({ client: own.doc, tableName: own.tableName }).listPublished({
        limit: 10,
      });
      expect(listed.items).toEqual([
        {
          id: live.id,
          slug: 'live',
          title: 'Live',
          excerpt: 'An excerpt',
          authorName: 'Ada',
          tags: ['aws'],
          status: 'published',
          publishedAt: live.publishedAt,
          commentCount: 4,
          likeCount: 9,
        },
      ]);
      const threads = await Promise.all(
        [live, draft].map(
          async (p) =>
            (await own.doc.send(new GetCommand({ TableName: own.tableName, Key: keys.commentThread(p.id) }))).Item,
        ),
      );
      expect(threads.map((t) => [t?.slug, t?.status])).toEqual([
        ['live', 'published'],
        ['draft', 'draft'],
      ]);
      const once = await scanOf(own);
      expect(await migrateToLayout2({ doc: own.doc, table: own.tableName })).toMatchObject({ heads: 0 });
      expect(await scanOf(own)).toEqual(once);
    } finally {
      await own.stop();
    }
  });
});

async function scanOf(t: TestTable): Promise<Item[]> {
  const { Items = [] } = await t.doc.send(new ScanCommand({ TableName: t.tableName, ConsistentRead: true }));
  return Items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}
