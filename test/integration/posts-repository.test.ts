import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachRequestCounter, type RequestCounter } from '../../bench/request-counter.js';
import { DynamoPostRepository } from '../../shared/data/dynamo-post-repository.js';
import { keys } from '../../shared/data/keys.js';
import type { Post } from '../../shared/domain/post.js';
import { startTestTable, type TestTable } from '../support/index.js';

/** Repository-level tests against the suite's DynamoDB Local, one fresh table per test. */
let table: TestTable;
let doc: DynamoDBDocumentClient;
let tableName: string;
let counter: RequestCounter;
/** The requests since the last reset, as the one request counter (bench/request-counter.ts) saw them. */
const requests = () => counter.records.map((r) => ({ operation: r.command, capacityUnits: r.capacityUnits }));
let repo: DynamoPostRepository;

beforeEach(async () => {
  table = await startTestTable();
  ({ doc, tableName } = table);
  counter = attachRequestCounter(doc);
  repo = new DynamoPostRepository({ client: doc, tableName });
});

afterEach(async () => {
  await table?.stop();
});

let idCounter = 0;
function post(overrides: Partial<Post> = {}): Post {
  const id = `01JN${String(++idCounter).padStart(22, '0')}`;
  return {
    id,
    slug: `post-${idCounter}`,
    title: `Post ${idCounter}`,
    body: 'b',
    html: '<p>b</p>',
    excerpt: 'b',
    authorName: 'Ada',
    authorEmail: 'ada@example.com',
    tags: [],
    status: 'published',
    publishAt: null,
    publishedAt: `2025-01-${String((idCounter % 28) + 1).padStart(2, '0')}T00:00:00.000Z`,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    commentCount: 0,
    likeCount: 0,
    commentsOpen: true,
    version: 1,
    ...overrides,
  };
}

const allItems = async () =>
  (await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items ?? [];
const getItem = async (key: Record<string, string>) =>
  (await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

describe('DynamoPostRepository', () => {
  it('creates a post with its head and public view and finds it by slug in one request without the markdown', async () => {
    const p = post({ slug: 'hello', body: 'x'.repeat(20_000) });
    await repo.create(p);
    counter.reset();
    expect(await repo.findBySlug('hello')).toEqual({ ...p, body: '' });
    expect(requests()).toEqual([{ operation: 'Query', capacityUnits: 0.5 }]); // the public view and the head: no 20 KB of markdown read
    expect(await getItem(keys.postHead('hello'))).toMatchObject({ postId: p.id, commentCount: 0, likeCount: 0 });
    expect(await getItem(keys.post(p.id))).not.toHaveProperty('likeCount');
    expect(await repo.findById(p.id)).toEqual(p);
    expect(await repo.findBySlug('missing')).toBeUndefined();
  });

  it('refuses a taken slug with slug_taken and writes nothing', async () => {
    await repo.create(post({ slug: 'taken' }));
    const before = await allItems();
    await expect(repo.create(post({ slug: 'taken' }))).rejects.toMatchObject({ code: 'slug_taken' });
    expect(await allItems()).toEqual(before);
  });

  it('lists published posts newest first in pages of one request each, with a null cursor on the last page', async () => {
    const published = [1, 2, 3, 4, 5].map((d) => post({ publishedAt: `2025-02-0${d}T00:00:00.000Z` }));
    for (const p of published) await repo.create(p);
    await repo.create(post({ status: 'draft', publishedAt: null }));
    await repo.listPublished({ limit: 50 }); // a short page makes the one-time layout check (Query + GetItem) now
    counter.reset();
    const first = await repo.listPublished({ limit: 2 });
    const second = await repo.listPublished({ limit: 2, cursor: first.nextCursor! });
    const third = await repo.listPublished({ limit: 2, cursor: second.nextCursor! });
    expect([...first.items, ...second.items, ...third.items].map((p) => p.id)).toEqual(
      published.map((p) => p.id).reverse(),
    );
    expect(third.nextCursor).toBeNull();
    expect(requests().map((r) => r.operation)).toEqual(['Query', 'Query', 'Query']);
  });

  it('lists from the heads alone: summary and counters, none of the markdown or HTML', async () => {
    const big = post({ title: 'Big one', excerpt: 'An excerpt', tags: ['aws'], body: 'x'.repeat(30_000) });
    await repo.create({ ...big, html: `<p>${'x'.repeat(30_000)}</p>` });
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.postHead(big.slug),
        UpdateExpression: 'ADD commentCount :c, likeCount :l',
        ExpressionAttributeValues: { ':c': 3, ':l': 7 },
      }),
    );
    await repo.listPublished({ limit: 50 });
    counter.reset();
    const page = await repo.listPublished({ limit: 10 });
    expect(page.items).toEqual([
      {
        id: big.id,
        slug: big.slug,
        title: 'Big one',
        excerpt: 'An excerpt',
        authorName: 'Ada',
        tags: ['aws'],
        status: 'published',
        publishedAt: big.publishedAt,
        commentCount: 3,
        likeCount: 7,
      },
    ]);
    expect(requests()).toEqual([{ operation: 'Query', capacityUnits: 0.5 }]);
  });

  it('keeps gsi2 to what readers may see: unpublishing, drafts and renames move the listing with the head', async () => {
    const p = post({ slug: 'listed' });
    await repo.create(p);
    await repo.create(post({ status: 'draft', publishedAt: null }));
    await repo.create(post({ status: 'scheduled', publishedAt: null, publishAt: '2099-01-01T00:00:00.000Z' }));
    expect((await repo.listPublished({ limit: 10 })).items.map((i) => i.slug)).toEqual(['listed']);
    const renamed = { ...p, slug: 'listed-again', title: 'New title', version: 2 };
    await repo.update(p, renamed);
    expect((await repo.listPublished({ limit: 10 })).items.map((i) => [i.slug, i.title])).toEqual([
      ['listed-again', 'New title'],
    ]);
    await repo.update(renamed, { ...renamed, status: 'draft', version: 3 });
    expect((await repo.listPublished({ limit: 10 })).items).toEqual([]);
    expect(await getItem(keys.postHead('listed-again'))).not.toHaveProperty('gsi2pk');
  });

  it('answers 503 naming the migration when the heads predate the list summary, and lists once they are migrated', async () => {
    const p = post({ slug: 'old-head' });
    await repo.create(p);
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.postHead('old-head'),
        UpdateExpression: 'REMOVE #layout, gsi2pk, gsi2sk, title',
        ExpressionAttributeNames: { '#layout': 'layout' },
      }),
    );
    await expect(repo.listPublished({ limit: 10 })).rejects.toMatchObject({
      code: 'service_unavailable',
      message: expect.stringContaining('npm run migrate'),
    });
    await repo.update(p, { ...p, version: 2 }); // any write of the post rewrites its head in the current layout
    expect((await repo.listPublished({ limit: 10 })).items.map((i) => i.slug)).toEqual(['old-head']);
  });

  it('filters by tag inside the one query', async () => {
    await repo.create(post({ tags: ['aws', 'node'] }));
    await repo.create(post({ tags: ['node'] }));
    await repo.create(post({ tags: ['aws'] }));
    await repo.listPublished({ limit: 50 });
    counter.reset();
    const page = await repo.listPublished({ limit: 10, tag: 'aws' });
    expect(page.items.map((p) => p.tags)).toEqual([['aws'], ['aws', 'node']]);
    expect(requests().map((r) => r.operation)).toEqual(['Query']);
  });

  it('rejects cursors from another query or pointing into another partition', async () => {
    for (let i = 0; i < 3; i++) await repo.create(post());
    const { nextCursor } = await repo.listPublished({ limit: 1 });
    await expect(repo.listPublished({ limit: 1, cursor: nextCursor!, tag: 'aws' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(repo.listForAdmin({ limit: 1, cursor: nextCursor! })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    const [payloadText, mac] = nextCursor!.split('.');
    const payload = JSON.parse(Buffer.from(payloadText, 'base64url').toString());
    payload.k.gsi1pk = 'POSTS#draft';
    const tampered = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
    await expect(repo.listPublished({ limit: 1, cursor: tampered })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(repo.listPublished({ limit: 1, cursor: 'garbage!!' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('lists admin posts by status and by last update', async () => {
    const draft = post({ status: 'draft', publishedAt: null, updatedAt: '2025-03-02T00:00:00.000Z' });
    const live = post({ updatedAt: '2025-03-01T00:00:00.000Z' });
    await repo.create(draft);
    await repo.create(live);
    expect((await repo.listForAdmin({ status: 'draft', limit: 10 })).items.map((p) => p.id)).toEqual([draft.id]);
    expect((await repo.listForAdmin({ limit: 10 })).items.map((p) => p.id)).toEqual([draft.id, live.id]);
  });

  it('updates under a version lock without overwriting counters changed meanwhile', async () => {
    const p = post();
    await repo.create(p);
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.postHead(p.slug),
        UpdateExpression: 'ADD likeCount :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    await repo.update(p, { ...p, title: 'New title', version: 2 });
    expect(await repo.findById(p.id)).toMatchObject({ title: 'New title', likeCount: 1, version: 2 });
    expect(await repo.findBySlug(p.slug)).toMatchObject({ title: 'New title', likeCount: 1 });
    await expect(repo.update(p, { ...p, title: 'Stale', version: 2 })).rejects.toMatchObject({
      code: 'precondition_failed',
    });
    expect((await repo.findById(p.id))?.title).toBe('New title');
  });

  it('moves only the head (with its counters) and the public view when the slug changes', async () => {
    const p = post({ slug: 'old-slug' });
    await repo.create(p);
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.postHead('old-slug'),
        UpdateExpression: 'ADD likeCount :l, commentCount :c',
        ExpressionAttributeValues: { ':l': 3, ':c': 2 },
      }),
    );
    const children = [
      { ...keys.comment(p.id, 'approved', 'C1'), entity: 'comment', id: 'C1' },
      { ...keys.like(p.id, 'visitor'), entity: 'like' },
    ];
    for (const item of children) await doc.send(new PutCommand({ TableName: tableName, Item: item }));

    await repo.update(p, { ...p, slug: 'new-slug', version: 2 });

    expect(await getItem(keys.postHead('old-slug'))).toBeUndefined();
    expect(await getItem(keys.postPublic('old-slug'))).toBeUndefined();
    expect(await getItem(keys.postHead('new-slug'))).toMatchObject({ postId: p.id, likeCount: 3, commentCount: 2 });
    expect(await getItem(keys.postHead('new-slug'))).not.toHaveProperty('lockedUntil');
    expect(await repo.findBySlug('old-slug')).toBeUndefined();
    expect(await repo.findBySlug('new-slug')).toMatchObject({ id: p.id, likeCount: 3, commentCount: 2 });
    for (const item of children) expect(await getItem({ pk: item.pk, sk: item.sk })).toMatchObject(item);
    await repo.create(post({ slug: 'old-slug' }));
  });

  it('answers a rename while another rename holds the head with a conflict, and changes nothing', async () => {
    const p = post({ slug: 'locked' });
    await repo.create(p);
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.postHead('locked'),
        UpdateExpression: 'SET lockedUntil = :t',
        ExpressionAttributeValues: { ':t': Date.now() + 60_000 },
      }),
    );
    const before = await allItems();
    await expect(repo.update(p, { ...p, slug: 'elsewhere', version: 2 })).rejects.toMatchObject({ code: 'conflict' });
    expect(await allItems()).toEqual(before);
  });

  it('refuses a slug change to a taken slug and changes nothing', async () => {
    const a = post({ slug: 'a-slug' });
    await repo.create(a);
    await repo.create(post({ slug: 'b-slug' }));
    const before = await allItems();
    await expect(repo.update(a, { ...a, slug: 'b-slug', version: 2 })).rejects.toMatchObject({ code: 'slug_taken' });
    expect(await allItems()).toEqual(before);
  });

  it('deletes the post in one transaction and purges its children and comment lookups later', async () => {
    const p = post({ slug: 'doomed' });
    const other = post();
    await repo.create(p);
    await repo.create(other);
    await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.comment(p.id, 'approved', 'C9'), entity: 'comment', id: 'C9' },
      }),
    );
    await doc.send(
      new PutCommand({ TableName: tableName, Item: { ...keys.commentById('C9'), entity: 'commentId', postId: p.id } }),
    );
    await doc.send(new PutCommand({ TableName: tableName, Item: { ...keys.like(p.id, 'v'), entity: 'like' } }));
    counter.reset();
    await repo.delete(p);
    expect(requests().map((r) => r.operation)).toEqual(['TransactWriteItems']);
    expect(await repo.findBySlug('doomed')).toBeUndefined();
    expect(await repo.pendingPurges()).toEqual([p.id]);
    expect(await repo.purgeDeleted(p.id)).toBe(2);
    expect(await repo.pendingPurges()).toEqual([]);
    const remaining = await allItems();
    expect(remaining.map((i) => i.pk).sort()).toEqual(
      [`POST#${other.id}`, `POST#${other.id}`, `SLUG#${other.slug}`, `SLUG#${other.slug}`].sort(), // + its thread marker
    );
    expect(await repo.purgeDeleted(p.id)).toBe(0);
    await expect(repo.delete(p)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('finds due scheduled posts and publishes each exactly once', async () => {
    const due = post({ status: 'scheduled', publishedAt: null, publishAt: '2025-03-01T10:00:00.000Z' });
    const later = post({ status: 'scheduled', publishedAt: null, publishAt: '2025-03-01T13:00:00.000Z' });
    await repo.create(due);
    await repo.create(later);
    const now = new Date('2025-03-01T12:00:00.000Z');
    const found = await repo.listDueScheduled(now);
    expect(found.map((p) => p.id)).toEqual([due.id]);
    const published = await repo.publishScheduled(found[0], now);
    expect(published).toMatchObject({
      status: 'published',
      publishedAt: '2025-03-01T10:00:00.000Z',
      publishAt: null,
      version: 2,
      updatedAt: now.toISOString(),
    });
    expect(await repo.publishScheduled(found[0], now)).toBeUndefined();
    expect((await repo.listPublished({ limit: 10 })).items.map((p) => p.id)).toEqual([due.id]);
    expect(await repo.listDueScheduled(now)).toEqual([]);
  });
});

describe('purge of a deleted post', () => {
  it('resumes after a failure half-way and leaves no orphan', async () => {
    const p = post({ slug: 'big-doomed' });
    await repo.create(p);
    const children: Record<string, unknown>[] = [];
    for (let i = 0; i < 260; i++) {
      const id = `C${String(i).padStart(4, '0')}`;
      children.push({ ...keys.comment(p.id, i % 3 ? 'approved' : 'pending', id), entity: 'comment', id });
      children.push({ ...keys.commentById(id), entity: 'commentId', postId: p.id });
    }
    for (let i = 0; i < children.length; i += 25) {
      await doc.send(
        new BatchWriteCommand({
          RequestItems: { [tableName]: children.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
    }
    await repo.delete(p);

    // A client that dies after a few batch writes: the purge stops half-way, its marker stays.
    let writes = 0;
    const dying = {
      send: async (command: { constructor: { name: string } }) => {
        if (command.constructor.name === 'BatchWriteCommand' && ++writes === 7) throw new Error('connection lost');
        return doc.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const failing = new DynamoPostRepository({ client: dying, tableName });
    await expect(failing.purgeDeleted(p.id)).rejects.toThrow('connection lost');
    const halfway = await allItems();
    expect(halfway.filter((i) => i.entity === 'comment').length).toBeGreaterThan(0);
    expect(halfway.filter((i) => i.entity === 'comment').length).toBeLessThan(260);
    expect(await repo.pendingPurges()).toEqual([p.id]);

    await repo.purgeDeleted(p.id);
    expect(await repo.pendingPurges()).toEqual([]);
    expect(await allItems()).toEqual([]);
  });
});
