import { describe, expect, it } from 'vitest';
import { readCommentById } from '../../shared/data/comment-moderation.js';
import { commentItem, lookupItem } from '../../shared/data/comment-items.js';
import type { Item, Send } from '../../shared/data/dynamo-requests.js';
import { keys } from '../../shared/data/keys.js';
import type { Comment, CommentStatus } from '../../shared/domain/comment.js';

/**
 * Reading a comment by id while a moderator moves it: the comment's key depends on its status, so a read of the
 * lookup and then of the key it named could miss the comment every time. The table below is a deterministic
 * adversary: every read of the lookup is followed by a move, before the next request.
 */
const COMMENT: Comment = {
  id: '01J0000000000000000000000C',
  postId: '01J0000000000000000000000P',
  parentId: null,
  depth: 1,
  authorName: 'Ada',
  authorEmail: null,
  authorUrl: null,
  avatarUrl: null,
  isPostAuthor: false,
  body: 'hello',
  html: '<p>hello</p>',
  status: 'pending',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const POST_ITEM = { ...keys.post(COMMENT.postId), entity: 'post' };

/** A table holding one comment that moves to the next status right after each GetItem of its lookup. */
function tableWithMovingComment(order: CommentStatus[]) {
  let moves = 0;
  let comment = COMMENT;
  const items = () => [lookupItem(comment), commentItem(comment, {}), POST_ITEM];
  const find = (key: { pk: string; sk: string }) => items().find((item) => item.pk === key.pk && item.sk === key.sk);
  const send = (async (operation: string, command: { input: Record<string, unknown> }) => {
    if (operation === 'GetItem') {
      const found = find(command.input.Key as { pk: string; sk: string });
      comment = { ...comment, status: order[moves++ % order.length]! };
      return { Item: found };
    }
    if (operation === 'TransactGetItems') {
      const gets = command.input.TransactItems as { Get: { Key: { pk: string; sk: string } } }[];
      return { Responses: gets.map(({ Get }) => ({ Item: find(Get.Key) as Item | undefined })) };
    }
    throw new Error(`unexpected ${operation}`);
  }) as unknown as Send;
  return { db: { send, table: 'blog' }, current: () => comment };
}

describe('reading a comment by id', () => {
  it('finds a comment that moves between the lookup and the read, in its status at the read', async () => {
    const { db, current } = tableWithMovingComment(['approved', 'spam', 'trash', 'pending']);

    const found = await readCommentById(db, COMMENT.id);

    expect(found?.comment.id).toBe(COMMENT.id);
    expect(found?.comment.status).toBe(current().status);
    expect(found?.post).toEqual(POST_ITEM);
  });

  it('reads the snapshot again when a concurrent transaction cancelled it', async () => {
    const { db } = tableWithMovingComment(['pending']);
    let cancelled = 0;
    const send = (async (operation: string, command: { input: Record<string, unknown> }) => {
      if (operation === 'TransactGetItems' && cancelled++ === 0)
        throw Object.assign(new Error('cancelled'), {
          name: 'TransactionCanceledException',
          CancellationReasons: [{ Code: 'TransactionConflict' }],
        });
      return db.send(operation, command as never);
    }) as unknown as Send;

    const found = await readCommentById({ ...db, send }, COMMENT.id);

    expect(found?.comment.id).toBe(COMMENT.id);
    expect(cancelled).toBe(2);
  });

  it('answers undefined for an id without a lookup', async () => {
    const { db } = tableWithMovingComment(['approved']);

    expect(await readCommentById(db, '01J0000000000000000000000X')).toBeUndefined();
  });
});
