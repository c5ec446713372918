import { BatchWriteCommand, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { commentItem, lookupItem } from '../../shared/data/comment-items.js';
import { keys } from '../../shared/data/keys.js';
import type { Comment } from '../../shared/domain/comment.js';
import { api, dynamo, tableName, uniqueIp, uniqueSlug } from '../support/index.js';

/**
 * Regression tests for the integrity findings of issue 10, over HTTP against the shared runtime and DynamoDB Local:
 * renames racing comments, forged cursors, the 201's comment number and the delete of a big post.
 */
const createPost = async (fields: Record<string, unknown> = {}) => {
  const reply = await api('/admin/posts', {
    admin: true,
    json: {
      title: 'Integrity',
      slug: uniqueSlug('integrity'),
      body: 'Body.',
      status: 'published',
      tags: ['integrity'],
      ...fields,
    },
  });
  expect(reply.status, reply.text).toBe(201);
  return reply.json as { id: string; slug: string };
};

async function allApproved(slug: string): Promise<{ id: string; number: number }[]> {
  const items: { id: string; number: number }[] = [];
  let cursor: string | undefined;
  do {
    const page = await api(`/posts/${slug}/comments?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status, page.text).toBe(200);
    items.push(...page.json.items);
    cursor = page.json.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describe('data integrity', () => {
  it('renames racing 16 commenting clients strand nothing and never fail with 5xx', async () => {
    const post = await createPost();
    let current = post.slug;
    const oldSlugs: string[] = [];
    let running = true;
    const statuses: number[] = [];
    let approved = 0;
    const client = async () => {
      while (running) {
        const reply = await api(`/posts/${current}/comments`, {
          json: { body: `racing ${Math.random()}` },
          ip: uniqueIp(),
        });
        statuses.push(reply.status);
        if (reply.status === 201 && reply.json.status === 'approved') approved++;
      }
    };
    const renames = (async () => {
      for (let i = 0; i < 25; i++) {
        const next = uniqueSlug('renamed');
        const reply = await api(`/admin/posts/${post.id}`, { method: 'PATCH', admin: true, json: { slug: next } });
        statuses.push(reply.status);
        expect(reply.status, reply.text).toBe(200);
        oldSlugs.push(current);
        current = next;
      }
      running = false;
    })();
    await Promise.all([renames, ...Array.from({ length: 16 }, client)]);

    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(new Set(statuses.filter((s) => s !== 200 && s !== 201))).toEqual(
      new Set(statuses.some((s) => s === 404) ? [404] : []),
    );
    const listed = await allApproved(current);
    const shown = await api(`/posts/${current}`);
    expect(shown.json.commentCount).toBe(listed.length);
    expect(listed.length).toBe(approved);
    expect(listed.map((c) => c.number)).toEqual(listed.map((_, i) => i + 1));
    // An old slug belongs to nobody, and a new post that takes it starts with nothing.
    expect((await api(`/posts/${oldSlugs[3]}/comments`)).status).toBe(404);
    const successor = await createPost({ slug: oldSlugs[3] });
    expect((await api(`/posts/${successor.slug}`)).json.commentCount).toBe(0);
    expect(await allApproved(successor.slug)).toEqual([]);
  }, 120_000);

  it('answers the 201 of 40 concurrent comments with a null number, never a wrong one, and lists them numbered 1..40', async () => {
    const post = await createPost();
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        api(`/posts/${post.slug}/comments`, { json: { body: `concurrent ${i}` }, ip: uniqueIp() }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(40).fill(201));
    const listed = await allApproved(post.slug);
    expect(listed.map((c) => c.number)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const position = new Map(listed.map((c) => [c.id, c.number]));
    for (const reply of replies) {
      const { id, number } = reply.json.comment;
      expect(position.has(id)).toBe(true);
      if (number !== null) expect(number).toBe(position.get(id));
    }
  }, 60_000);

  it('answers 200 tampered cursors on each of the 7 paginated lists with 400, never 5xx', async () => {
    const post = await createPost({ tags: ['tampered'] });
    await createPost({ tags: ['tampered'] });
    await createPost({ status: 'draft' });
    await createPost({ status: 'draft' });
    for (let i = 0; i < 3; i++)
      await api(`/posts/${post.slug}/comments`, { json: { body: `page ${i}` }, ip: uniqueIp() });
    for (let i = 0; i < 2; i++)
      await api(`/posts/${post.slug}/comments`, {
        json: { body: `held ${i} https://a.example https://b.example` },
        ip: uniqueIp(),
      });
    const lists = [
      ['/posts?limit=1', false],
      ['/posts?tag=tampered&limit=1', false],
      [`/posts/${post.slug}/comments?limit=1`, false],
      ['/admin/posts?limit=1', true],
      ['/admin/posts?status=draft&limit=1', true],
      ['/admin/comments?limit=1', true],
      [`/admin/comments?postId=${post.id}&limit=1`, true],
    ] as const;
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    const codes = new Map<number, number>();
    const cursors: string[] = [];
    for (const [path, admin] of lists) {
      const first = await api(path, { admin });
      expect(first.status, `${path} ${first.text}`).toBe(200);
      expect(first.json.nextCursor, path).toEqual(expect.any(String));
      cursors.push(first.json.nextCursor);
    }
    for (const [index, [path, admin]] of lists.entries()) {
      const valid = cursors[index];
      for (let i = 0; i < 200; i++) {
        const at = random(valid.length);
        const tampered = [
          () => `${valid.slice(0, at)}${alphabet[random(alphabet.length)]}${valid.slice(at + 1)}`,
          () => valid.slice(0, at),
          () => `${valid}${alphabet[random(63)]}`,
          () => cursors[(index + 1 + random(lists.length - 1)) % lists.length], // another list's cursor
          () => Buffer.from(JSON.stringify({ k: { pk: 'POST#x' }, x: { n: -1 } })).toString('base64url'),
        ][i % 5]();
        if (tampered === valid) continue;
        const reply = await api(`${path}&cursor=${encodeURIComponent(tampered)}`, { admin });
        codes.set(reply.status, (codes.get(reply.status) ?? 0) + 1);
        expect(reply.status, `${path} cursor=${tampered} → ${reply.text}`).toBe(400);
      }
    }
    expect([...codes.keys()]).toEqual([400]);
  }, 180_000);

  it('never shows through a cursor what the same request without one refuses', async () => {
    const post = await createPost();
    for (let i = 0; i < 3; i++)
      await api(`/posts/${post.slug}/comments`, { json: { body: `visible ${i}` }, ip: uniqueIp() });
    const { nextCursor } = (await api(`/posts/${post.slug}/comments?limit=1`)).json;
    expect(
      (await api(`/admin/posts/${post.id}`, { method: 'PATCH', admin: true, json: { status: 'draft' } })).status,
    ).toBe(200);
    expect((await api(`/posts/${post.slug}/comments`)).status).toBe(404);
    expect((await api(`/posts/${post.slug}/comments?limit=1&cursor=${nextCursor}`)).status).toBe(404);
  });

  it('deletes a post with 3,000 comments at once for every public read, then purges everything asynchronously', async () => {
    const post = await createPost();
    const doc = dynamo();
    const now = new Date().toISOString();
    const items = Array.from({ length: 3000 }, (_, i) => {
      const comment: Comment = {
        id: `01K${String(i).padStart(23, '0')}`,
        postId: post.id,
        parentId: null,
        depth: 1,
        authorName: 'Bulk',
        authorEmail: null,
        authorUrl: null,
        avatarUrl: null,
        isPostAuthor: false,
        body: `bulk ${i}`,
        html: `<p>bulk ${i}</p>`,
        status: i % 10 === 0 ? 'pending' : 'approved',
        createdAt: now,
        updatedAt: now,
      } as Comment;
      return [commentItem(comment, {}), lookupItem(comment)];
    }).flat();
    for (let i = 0; i < items.length; i += 25) {
      await doc.send(
        new BatchWriteCommand({
          RequestItems: { [tableName()]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
    }
    expect((await api(`/posts/${post.slug}/comments?limit=5`)).json.items).toHaveLength(5);

    const deleted = await api(`/admin/posts/${post.id}`, { method: 'DELETE', admin: true });
    expect(deleted.status).toBe(204);
    expect((await api(`/posts/${post.slug}`)).status).toBe(404);
    expect((await api(`/posts/${post.slug}/comments`)).status).toBe(404);
    expect((await api('/posts?tag=integrity&limit=50')).json.items.map((p: { id: string }) => p.id)).not.toContain(
      post.id,
    );

    // The delete asked the feed job to run; it purges the partition and the lookups, then drops the marker.
    const remaining = async () =>
      (
        await doc.send(
          new QueryCommand({
            TableName: tableName(),
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.post(post.id).pk },
            Select: 'COUNT',
          }),
        )
      ).Count ?? 0;
    const purgePending = async () =>
      (await doc.send(new GetCommand({ TableName: tableName(), Key: keys.purge(post.id), ConsistentRead: true })))
        .Item !== undefined;
    // The purge drops its marker just after the partition is empty: wait for both, or the scan below races it.
    const deadline = Date.now() + 90_000;
    while (((await remaining()) > 0 || (await purgePending())) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 500));
    expect(await remaining()).toBe(0);
    const orphans = await doc.send(
      new ScanCommand({
        TableName: tableName(),
        ConsistentRead: true,
        FilterExpression: 'postId = :id OR sk = :marker',
        ExpressionAttributeValues: { ':id': post.id, ':marker': keys.purge(post.id).sk },
      }),
    );
    expect(orphans.Items ?? []).toEqual([]);
  }, 180_000);
});
