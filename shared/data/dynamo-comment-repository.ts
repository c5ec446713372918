import { GetCommand, QueryCommand, TransactGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Comment, CommentStatus } from '../domain/comment.js';
import type {
  ApprovedCommentsPage,
  CommentContext,
  CommentRepository,
  CreateOutcome,
  IdempotencyRecord,
  NewComment,
  StatusChange,
} from '../domain/comment-repository.js';
import { DomainError, notFound, validationFailed } from '../domain/errors.js';
import type { Page } from '../domain/post.js';
import { commentItem, itemToComment, lookupItem } from './comment-items.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import {
  sender,
  transactWithRetry,
  type DynamoRepositoryOptions,
  type Item,
  type Send,
  type TransactItem,
} from './dynamo-requests.js';
import { keys } from './keys.js';
import { headState, itemToHead, UnmigratedTableError } from './post-items.js';
import { approvalSideEffects, commentCreateItems } from './comment-writes.js';

export class DynamoCommentRepository implements CommentRepository {
  private readonly send: Send;
  private readonly table: string;

  constructor(options: DynamoRepositoryOptions) {
    this.send = sender(options.client);
    this.table = options.tableName;
  }

  async loadContext(
    postId: string,
    parentId: string | undefined,
    commenterHash: string | undefined,
  ): Promise<CommentContext> {
    if (!parentId && !commenterHash) return { hasApprovedBefore: false };
    const wanted = [
      // Only an approved parent can be replied to, and an approved comment has exactly this key.
      ...(parentId ? [{ Get: { TableName: this.table, Key: keys.comment(postId, 'approved', parentId) } }] : []),
      ...(commenterHash ? [{ Get: { TableName: this.table, Key: keys.commenter(commenterHash) } }] : []),
    ];
    const { Responses = [] } = await this.send<{ Responses?: { Item?: Item }[] }>(
      'TransactGetItems',
      new TransactGetCommand({ TransactItems: wanted }),
    );
    const parentItem = parentId ? Responses[0]?.Item : undefined;
    const commenterItem = commenterHash ? Responses[parentId ? 1 : 0]?.Item : undefined;
    return {
      parent: parentItem?.entity === 'comment' ? itemToComment(parentItem) : undefined,
      hasApprovedBefore: Number(commenterItem?.approvedCount ?? 0) > 0,
    };
  }

  /** One transaction (see docs/data-model.md); its cancellation reasons decide the answer. */
  async create(input: NewComment): Promise<CreateOutcome> {
    const { roles } = commentCreateItems(this.table, input, Date.now());
    const failed = (codes: string[], role: string) => codes[roles.indexOf(role)] === 'ConditionalCheckFailed';
    let replay: IdempotencyRecord | undefined;
    try {
      await transactWithRetry(
        this.send,
        () => commentCreateItems(this.table, input, Date.now()).items,
        async (codes) => {
          if (input.idempotency && failed(codes, 'idempotency')) {
            replay = await this.readIdempotency(input.idempotency.scope, input.idempotency.key);
            return replay ? new Replay() : 'retry'; // the record expired between the two requests
          }
          if (failed(codes, 'duplicate'))
            return new DomainError('duplicate_comment', 'You already posted this comment on this post');
          if (failed(codes, 'rate'))
            return new DomainError(
              'rate_limited',
              'Too many comments from you; wait a moment and try again',
              undefined,
              input.rateLimit?.retryAfterSeconds,
            );
          if (failed(codes, 'parent'))
            return validationFailed([{ field: 'parentId', message: 'must be an approved comment of this post' }]);
          if (failed(codes, 'post')) return this.postProblem(input);
          return undefined;
        },
      );
    } catch (error) {
      if (error instanceof Replay && replay) return { kind: 'replay', record: replay };
      throw error;
    }
    return { kind: 'created' };
  }

  private async readIdempotency(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.send<{ Item?: Item }>(
      'GetItem',
      new GetCommand({ TableName: this.table, Key: keys.idempotency(scope, key), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return { requestHash: String(Item.requestHash), response: JSON.parse(String(Item.response)) };
  }

  /** Why the head condition failed: gone or unpublished (404), closed (403), locked by a rename (retry). */
  private async postProblem(input: NewComment): Promise<Error | 'retry'> {
    const { Item } = await this.send<{ Item?: Item }>(
      'GetItem',
      new GetCommand({ TableName: this.table, Key: keys.postHead(input.postSlug), ConsistentRead: true }),
    );
    const state = headState(Item, input.comment.postId, Date.now());
    if (state === 'locked') return 'retry';
    if (state === 'gone' || Item?.status !== 'published') return notFound('Post');
    if (Item.commentsOpen !== true) return new DomainError('comments_closed', 'Comments are closed on this post');
    return 'retry';
  }

  /** Two requests: the head (id, visibility) by slug, then one Query of the post's approved key range. */
  async listApproved(slug: string, options: { limit: number; cursor?: string }): Promise<ApprovedCommentsPage> {
    const { Item: headItem } = await this.send<{ Item?: Item }>(
      'GetItem',
      new GetCommand({ TableName: this.table, Key: keys.postHead(slug) }),
    );
    if (!headItem) return { comments: [], firstNumber: 1, nextCursor: null };
    const head = itemToHead(headItem);
    const post = { id: head.id, status: head.status };
    const fingerprint = `comments:${slug}:${head.id}`;
    const range = keys.commentsOfStatus(head.id, 'approved');
    const start = decodeCursor(options.cursor, fingerprint, { pk: range.pk }, 'table');
    if (head.status !== 'published') return { post, comments: [], firstNumber: 1, nextCursor: null };
    const before = Number(start?.extra?.n ?? 0);
    const { Items = [] } = await this.send<{ Items?: Item[] }>(
      'Query',
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': range.pk, ':prefix': range.skPrefix },
        ExclusiveStartKey: start?.key,
        // One extra item tells whether another page exists, so the last page never carries a cursor to an empty page.
        Limit: options.limit + 1,
      }),
    );
    const pageItems = Items.slice(0, options.limit);
    const last = pageItems[pageItems.length - 1];
    const nextCursor =
      Items.length > options.limit && last
        ? encodeCursor(fingerprint, { pk: String(last.pk), sk: String(last.sk) }, { n: before + pageItems.length })
        : null;
    return { post, comments: pageItems.map(itemToComment), firstNumber: before + 1, nextCursor };
  }

  async findById(id: string): Promise<Comment | undefined> {
    return (await this.readById(id))?.comment;
  }

  /** The lookup names the comment's current key; a moderator moving it meanwhile means reading the lookup again. */
  private async readById(id: string): Promise<{ comment: Comment; item: Item; post?: Item } | undefined> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const { Item: lookup } = await this.send<{ Item?: Item }>(
        'GetItem',
        new GetCommand({ TableName: this.table, Key: keys.commentById(id), ConsistentRead: true }),
      );
      if (!lookup) return undefined;
      if (typeof lookup.commentSk !== 'string') throw new UnmigratedTableError(`comment lookup ${id}`);
      const postId = String(lookup.postId);
      const { Responses = [] } = await this.send<{ Responses?: { Item?: Item }[] }>(
        'TransactGetItems',
        new TransactGetCommand({
          TransactItems: [
            { Get: { TableName: this.table, Key: { pk: keys.post(postId).pk, sk: lookup.commentSk } } },
            { Get: { TableName: this.table, Key: keys.post(postId) } },
          ],
        }),
      );
      const item = Responses[0]?.Item;
      if (item) return { comment: itemToComment(item), item, post: Responses[1]?.Item };
    }
    return undefined;
  }

  async listForModeration(options: {
    status: CommentStatus;
    postId?: string;
    limit: number;
    cursor?: string;
  }): Promise<Page<Comment>> {
    const fingerprint = `admin-comments:${options.status}:${options.postId ?? '*'}`;
    const range = options.postId ? keys.commentsOfStatus(options.postId, options.status) : undefined;
    const partition = keys.commentGsi1(options.status, '', '').gsi1pk;
    const start = range
      ? decodeCursor(options.cursor, fingerprint, { pk: range.pk }, 'table')
      : decodeCursor(options.cursor, fingerprint, { gsi1pk: partition }, 'gsi1');
    const { Items = [] } = await this.send<{ Items?: Item[] }>(
      'Query',
      new QueryCommand({
        TableName: this.table,
        ...(range
          ? {
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
              ExpressionAttributeValues: { ':pk': range.pk, ':prefix': range.skPrefix },
            }
          : {
              IndexName: 'gsi1',
              KeyConditionExpression: 'gsi1pk = :pk',
              ExpressionAttributeValues: { ':pk': partition },
            }),
        ExclusiveStartKey: start?.key,
        ScanIndexForward: false,
        Limit: options.limit + 1,
      }),
    );
    const pageItems = Items.slice(0, options.limit);
    const last = pageItems[pageItems.length - 1];
    const nextKey: Record<string, string> | undefined =
      last &&
      (range
        ? { pk: String(last.pk), sk: String(last.sk) }
        : { pk: String(last.pk), sk: String(last.sk), gsi1pk: String(last.gsi1pk), gsi1sk: String(last.gsi1sk) });
    return {
      items: pageItems.map(itemToComment),
      nextCursor: Items.length > options.limit ? encodeCursor(fingerprint, nextKey) : null,
    };
  }

  /** The comment moves to its new status's key range; count, commenter history and feed marker follow approval. */
  async setStatus(id: string, status: CommentStatus, now: Date): Promise<StatusChange> {
    let change: StatusChange | undefined;
    for (let attempt = 1; attempt <= 8 && !change; attempt++) {
      const current = await this.readById(id);
      if (!current) throw notFound('Comment');
      const { comment, item, post } = current;
      if (comment.status === status) return { comment, previousStatus: status };
      if (status === 'approved' && !post) throw notFound('Post');
      const next: Comment = { ...comment, status, updatedAt: now.toISOString() };
      const items: TransactItem[] = [
        {
          Delete: {
            TableName: this.table,
            Key: { pk: item.pk, sk: item.sk },
            ConditionExpression: '#status = :old',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':old': comment.status },
          },
        },
        {
          Put: {
            TableName: this.table,
            Item: commentItem(next, {
              dupSk: item.dupSk as string | undefined,
              commenterHash: item.commenterHash as string | undefined,
            }),
          },
        },
        { Put: { TableName: this.table, Item: lookupItem(next) } },
      ];
      if ((status === 'approved') !== (comment.status === 'approved'))
        items.push(
          ...approvalSideEffects(this.table, comment, item, post, status === 'approved' ? 1 : -1, next.updatedAt),
        );
      change = await this.tryOnce(items, { comment: next, previousStatus: comment.status }, attempt);
    }
    if (!change) throw new DomainError('conflict', 'The comment kept changing; try again');
    return change;
  }

  async delete(id: string, now: Date): Promise<Comment> {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const current = await this.readById(id);
      if (!current) throw notFound('Comment');
      const { comment, item, post } = current;
      const items: TransactItem[] = [
        {
          Delete: {
            TableName: this.table,
            Key: { pk: item.pk, sk: item.sk },
            ConditionExpression: '#status = :old',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':old': comment.status },
          },
        },
        { Delete: { TableName: this.table, Key: keys.commentById(id) } },
      ];
      if (typeof item.dupSk === 'string')
        items.push({ Delete: { TableName: this.table, Key: { pk: item.pk, sk: item.dupSk } } });
      if (comment.status === 'approved')
        items.push(...approvalSideEffects(this.table, comment, item, post, -1, now.toISOString()));
      if (await this.tryOnce(items, comment, attempt)) return comment;
    }
    throw new DomainError('conflict', 'The comment kept changing; try again');
  }

  /** One attempt of a moderation write; undefined when it must be redone from a fresh read. */
  private async tryOnce<T>(items: TransactItem[], result: T, attempt: number): Promise<T | undefined> {
    try {
      await transactWithRetry(this.send, items, () => new Redo(), 3);
      return result;
    } catch (error) {
      if (!(error instanceof Redo)) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      return undefined;
    }
  }
}

class Replay extends Error {}
class Redo extends Error {}
