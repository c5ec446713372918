import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commentItem, lookupItem } from '../../shared/data/comment-items.js';
import { DynamoCommentRepository } from '../../shared/data/dynamo-comment-repository.js';
import { DynamoPostRepository } from '../../shared/data/dynamo-post-repository.js';
import { keys } from '../../shared/data/keys.js';
import type { Comment, CommentStatus } from '../../shared/domain/comment.js';
import type { Post } from '../../shared/domain/post.js';
import { emailHash } from '../../shared/domain/visitor.js';
import type { CreateCommentDeps } from '../../shared/use-cases/comments/create-comment.js';
import { deleteComment, updateCommentStatus } from '../../shared/use-cases/comments/moderate-comments.js';
import { createComment } from '../support/comment-operations.js';
import { startTestTable, type TestTable } from '../support/index.js';
import { commentSettings, publishedPost } from '../support/repository-fixtures.js';

/**
 * The commenter history (`COMMENTER#<emailHash>`, `approvedCount`) counts the comments the owner approved in
 * moderation; each comment item says whether it was counted, so leaving approved uncounts exactly that. DynamoDB
 * Local, a fresh table per test.
 */
const nextId = monotonicFactory();
const EMAIL = 'fan@example.com';
const SETTINGS = commentSettings();
const NOW = new Date('2025-03-01T12:00:00.000Z');

let table: TestTable;
let post: Post;
let deps: CreateCommentDeps;
let moderation: Parameters<typeof updateCommentStatus>[0];

beforeEach(async () => {
  table = await startTestTable();
  const options = { client: table.doc, tableName: table.tableName };
  post = publishedPost();
  await new DynamoPostRepository(options).create(post);
  const comments = new DynamoCommentRepository(options);
  deps = {
    posts: new DynamoPostRepository(options),
    comments,
    settings: SETTINGS,
    now: () => NOW,
    newId: () => nextId(),
    feeds: { request: async () => undefined },
  };
  moderation = { comments, feeds: { request: async () => undefined }, now: () => NOW };
});

afterEach(async () => {
  await table?.stop();
});

const hash = emailHash(SETTINGS.salt, EMAIL);
const approvedCount = async () =>
  (
    await table.doc.send(
      new GetCommand({ TableName: table.tableName, Key: keys.commenter(hash), ConsistentRead: true }),
    )
  ).Item?.approvedCount;
const commentItems = async () =>
  ((await table.doc.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true }))).Items ?? []).filter(
    (i) => i.entity === 'comment',
  );
const postComment = async (body: string, email = EMAIL) =>
  (await createComment(deps, { slug: post.slug, body: { body, authorEmail: email }, sourceIp: '192.0.2.7' })).body;
const setStatus = (id: string, status: CommentStatus) => updateCommentStatus(moderation, id, { status });

/** A comment as the code before the history flag stored it: no `historyCounted` attribute. */
async function storeUnflagged(status: CommentStatus, body: string): Promise<string> {
  const id = nextId();
  const comment: Comment = {
    id,
    postId: post.id,
    parentId: null,
    depth: 1,
    authorName: 'Fan',
    authorEmail: EMAIL,
    authorUrl: null,
    avatarUrl: null,
    isPostAuthor: false,
    body,
    html: `<p>${body}</p>`,
    status,
    createdAt: '2025-02-01T00:00:00.000Z',
    updatedAt: '2025-02-01T00:00:00.000Z',
  };
  const item = commentItem(comment, { commenterHash: hash });
  expect(item).not.toHaveProperty('historyCounted');
  await table.doc.send(new PutCommand({ TableName: table.tableName, Item: item }));
  await table.doc.send(new PutCommand({ TableName: table.tableName, Item: lookupItem(comment) }));
  return id;
}

describe('commenter history', () => {
  it("counts the owner's approval: approve → 1, unapprove → 0, approve again → 1, delete → 0", async () => {
    const held = await postComment('hold-me please');
    expect(held.status).toBe('pending');
    expect(await approvedCount()).toBeUndefined();

    await setStatus(held.comment.id, 'approved');
    expect(await approvedCount()).toBe(1);
    expect((await commentItems())[0]).toMatchObject({ status: 'approved', historyCounted: true });
    await setStatus(held.comment.id, 'pending');
    expect(await approvedCount()).toBe(0);
    expect((await commentItems())[0]).toMatchObject({ status: 'pending', historyCounted: false });
    await setStatus(held.comment.id, 'spam');
    expect(await approvedCount()).toBe(0);
    await setStatus(held.comment.id, 'approved');
    expect(await approvedCount()).toBe(1);
    await deleteComment(moderation, held.comment.id);
    expect(await approvedCount()).toBe(0);
  });

  it('never counts a comment approved on arrival, so trashing or deleting it leaves the count unchanged', async () => {
    const held = await postComment('hold-me first');
    await setStatus(held.comment.id, 'approved');
    const arrived = await postComment('approved at once');
    expect(arrived.status).toBe('approved');
    expect(await approvedCount()).toBe(1);

    await setStatus(arrived.comment.id, 'trash');
    expect(await approvedCount()).toBe(1);
    await setStatus(arrived.comment.id, 'approved'); // now the owner approved it: counted
    expect(await approvedCount()).toBe(2);
    await deleteComment(moderation, arrived.comment.id);
    expect(await approvedCount()).toBe(1);
    const second = await postComment('approved at once, again');
    await deleteComment(moderation, second.comment.id);
    expect(await approvedCount()).toBe(1);
  });

  it('uncounts a comment stored before the flag exactly as the old code did (approved = counted)', async () => {
    const oldApproved = await storeUnflagged('approved', 'old approved');
    const oldOther = await storeUnflagged('approved', 'old approved too');
    const oldPending = await storeUnflagged('pending', 'old pending');
    // The old code counted both approved comments.
    await table.doc.send(
      new PutCommand({ TableName: table.tableName, Item: { ...keys.commenter(hash), approvedCount: 2 } }),
    );

    await setStatus(oldApproved, 'trash');
    expect(await approvedCount()).toBe(1);
    await setStatus(oldPending, 'spam');
    expect(await approvedCount()).toBe(1);
    await setStatus(oldPending, 'approved');
    expect(await approvedCount()).toBe(2);
    await deleteComment(moderation, oldOther);
    expect(await approvedCount()).toBe(1);
    await deleteComment(moderation, oldApproved); // trashed: it was uncounted when it left approved
    expect(await approvedCount()).toBe(1);
  });

  it('under MODERATION_HOLD_FIRST_TIME holds a commenter until the owner approved one of their comments', async () => {
    const before = await postComment('auto-approved while the rule was off');
    expect(before.status).toBe('approved');
    deps = { ...deps, settings: { ...SETTINGS, policy: { ...SETTINGS.policy, holdFirstTime: true } } };

    const first = await postComment('held once after the switch');
    expect(first.status).toBe('pending');
    await setStatus(first.comment.id, 'approved');
    const next = await postComment('known now');
    expect(next.status).toBe('approved');
    expect(await approvedCount()).toBe(1);
    expect((await postComment('a stranger', 'other@example.com')).status).toBe('pending');
  });
});
