import { GetCommand, TransactGetCommand } from '@aws-sdk/lib-dynamodb';
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
import { itemToComment } from './comment-items.js';
import { listApprovedComments, listCommentsForModeration } from './comment-listings.js';
import { ThreadIdCache } from './thread-id-cache.js';
import { deleteComment, readCommentById, setCommentStatus } from './comment-moderation.js';
import { commentCreateItems } from './comment-writes.js';
import { sender, transactWithRetry, type DynamoRepositoryOptions, type Item, type Send } from './dynamo-requests.js';
import { keys } from './keys.js';
import { headState } from './post-items.js';

/** The comment repository: creating a comment here; listings and moderation in their own files. */
export class DynamoCommentRepository implements CommentRepository {
  private readonly send: Send;
  private readonly table: string;
  private readonly db: { send: Send; table: string };
  /** Per container: slug → post id guesses for the one-request comment list (see thread-id-cache.ts). */
  private readonly threads = new ThreadIdCache();

  constructor(options: DynamoRepositoryOptions) {
    this.send = sender(options.client);
    this.table = options.tableName;
    this.db = { send: this.send, table: this.table };
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

  listApproved(slug: string, options: { limit: number; cursor?: string }): Promise<ApprovedCommentsPage> {
    return listApprovedComments(this.db, slug, options, this.threads);
  }

  async findById(id: string): Promise<Comment | undefined> {
    return (await readCommentById(this.db, id))?.comment;
  }

  listForModeration(options: {
    status: CommentStatus;
    postId?: string;
    limit: number;
    cursor?: string;
  }): Promise<Page<Comment>> {
    return listCommentsForModeration(this.db, options);
  }

  setStatus(id: string, status: CommentStatus, now: Date): Promise<StatusChange> {
    return setCommentStatus(this.db, id, status, now);
  }

  delete(id: string, now: Date): Promise<Comment> {
    return deleteComment(this.db, id, now);
  }
}

class Replay extends Error {}
