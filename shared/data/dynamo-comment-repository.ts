import {
  GetCommand, QueryCommand, TransactGetCommand, TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Comment, CommentStatus } from '../domain/comment.js';
import type { ApprovedCommentsPage, CommentContext, CommentRepository, CreateOutcome, IdempotencyRecord, NewComment, StatusChange } from '../domain/comment-repository.js';
import { DomainError, notFound, validationFailed } from '../domain/errors.js';
import type { Page } from '../domain/post.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { backoff, cancellationCodes, instrumented, type DynamoRepositoryOptions } from './dynamo-requests.js';
import { commentIndexKeys, itemToComment } from './comment-items.js';
import { keys } from './keys.js';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const MAX_ATTEMPTS = 8;

export class DynamoCommentRepository implements CommentRepository {
  private readonly send: ReturnType<typeof instrumented>;
  private readonly table: string;

  constructor(options: DynamoRepositoryOptions) {
    this.send = instrumented(options.client, options.onConsumedCapacity);
    this.table = options.tableName;
  }

  async loadContext(postId: string, parentId: string | undefined, commenterHash: string | undefined): Promise<CommentContext> {
    if (!parentId && !commenterHash) return { hasApprovedBefore: false };
    const wanted = [
      ...(parentId ? [{ Get: { TableName: this.table, Key: keys.comment(postId, parentId) } }] : []),
      ...(commenterHash ? [{ Get: { TableName: this.table, Key: keys.commenter(commenterHash) } }] : []),
    ];
    const { Responses = [] } = await this.send<{ Responses?: { Item?: Item }[] }>('TransactGetItems', new TransactGetCommand({ TransactItems: wanted }));
    const parentItem = parentId ? Responses[0]?.Item : undefined;
    const commenterItem = commenterHash ? Responses[parentId ? 1 : 0]?.Item : undefined;
    return {
      parent: parentItem?.entity === 'comment' ? itemToComment(parentItem) : undefined,
      hasApprovedBefore: Number(commenterItem?.approvedCount ?? 0) > 0,
    };
  }

  async create(input: NewComment): Promise<CreateOutcome> {
    const { comment, postSlug, idempotency, rateLimit } = input;
    const approved = comment.status === 'approved';
    const roles: string[] = [];
    const items: TransactItem[] = [];
    const add = (role: string, item: TransactItem) => { roles.push(role); items.push(item); };
    const dupKey = keys.duplicateGuard(comment.postId, input.duplicateFingerprint);

    add('comment', { Put: {
      TableName: this.table,
      Item: { ...keys.comment(comment.postId, comment.id), entity: 'comment', ...comment, ...commentIndexKeys(comment, postSlug), postSlug, dupSk: dupKey.sk, commenterHash: input.commenterHash },
      ConditionExpression: 'attribute_not_exists(pk)',
    } });
    add('lookup', { Put: {
      TableName: this.table,
      Item: { ...keys.commentById(comment.id), entity: 'commentId', commentId: comment.id, postId: comment.postId },
      ConditionExpression: 'attribute_not_exists(pk)',
    } });
    const postCondition = {
      TableName: this.table,
      Key: keys.post(comment.postId),
      ConditionExpression: 'attribute_exists(pk) AND #status = :published AND commentsOpen = :open AND slug = :slug',
    };
    const postValues = { ':published': 'published', ':open': true, ':slug': postSlug };
    if (approved) {
      add('post', { Update: { ...postCondition, UpdateExpression: 'ADD commentCount :one', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ...postValues, ':one': 1 } } });
    } else {
      add('post', { ConditionCheck: { ...postCondition, ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: postValues } });
    }
    add('duplicate', { Put: { TableName: this.table, Item: { ...dupKey, entity: 'duplicateGuard', commentId: comment.id }, ConditionExpression: 'attribute_not_exists(pk)' } });
    if (comment.parentId) {
      add('parent', { ConditionCheck: {
        TableName: this.table, Key: keys.comment(comment.postId, comment.parentId),
        ConditionExpression: '#status = :approved', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':approved': 'approved' },
      } });
    }
    if (idempotency) {
      add('idempotency', { Put: {
        TableName: this.table,
        Item: { ...keys.idempotency(idempotency.scope, idempotency.key), entity: 'idempotency', requestHash: idempotency.record.requestHash, response: JSON.stringify(idempotency.record.response), expiresAt: idempotency.expiresAt },
        // An expired record that TTL has not removed yet no longer counts.
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': idempotency.now },
      } });
    }
    if (rateLimit) {
      add('rate', { Update: {
        TableName: this.table, Key: keys.rateWindow(rateLimit.visitorHash, rateLimit.window),
        UpdateExpression: 'ADD #count :one SET expiresAt = :expiresAt, entity = :entity',
        ConditionExpression: 'attribute_not_exists(pk) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':limit': rateLimit.limit, ':expiresAt': rateLimit.expiresAt, ':entity': 'rateWindow' },
      } });
    }
    if (approved) {
      add('feed', { Put: { TableName: this.table, Item: { ...keys.feedDirty(comment.postId), entity: 'feedDirty', postId: comment.postId, changedAt: comment.createdAt } } });
      if (input.commenterHash) add('commenter', { Update: this.commenterUpdate(input.commenterHash, 1, comment.createdAt) });
    }

    for (let attempt = 1; ; attempt++) {
      try {
        await this.send('TransactWriteItems', new TransactWriteCommand({ TransactItems: items }));
        return { kind: 'created' };
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        const failed = (role: string) => codes[roles.indexOf(role)] === 'ConditionalCheckFailed';
        if (idempotency && failed('idempotency')) {
          const record = await this.readIdempotency(idempotency.scope, idempotency.key);
          if (record) return { kind: 'replay', record };
          continue; // the record expired between the two requests: try again
        }
        if (failed('duplicate')) throw new DomainError('duplicate_comment', 'You already posted this comment on this post');
        if (failed('rate')) {
          throw new DomainError('rate_limited', 'Too many comments from you; wait a moment and try again', undefined, rateLimit?.retryAfterSeconds);
        }
        if (failed('post')) throw await this.postProblem(comment.postId, postSlug);
        if (failed('parent')) throw validationFailed([{ field: 'parentId', message: 'must be an approved comment of this post' }]);
        if (codes.includes('TransactionConflict') && attempt < MAX_ATTEMPTS) {
          await backoff(attempt);
          continue;
        }
        throw error;
      }
    }
  }

  private commenterUpdate(commenterHash: string, delta: 1 | -1, at: string) {
    return {
      TableName: this.table, Key: keys.commenter(commenterHash),
      UpdateExpression: 'ADD approvedCount :delta SET entity = :entity, updatedAt = :at',
      ExpressionAttributeValues: { ':delta': delta, ':entity': 'commenter', ':at': at },
    };
  }

  private async readIdempotency(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.send<{ Item?: Item }>('GetItem', new GetCommand({ TableName: this.table, Key: keys.idempotency(scope, key), ConsistentRead: true }));
    if (!Item) return undefined;
    return { requestHash: String(Item.requestHash), response: JSON.parse(String(Item.response)) };
  }

  /** Why the post condition failed: it is gone, unpublished or renamed (404) or closed (403). */
  private async postProblem(postId: string, slug: string): Promise<DomainError> {
    const { Item } = await this.send<{ Item?: Item }>('GetItem', new GetCommand({ TableName: this.table, Key: keys.post(postId), ConsistentRead: true }));
    if (Item && Item.status === 'published' && Item.slug === slug && Item.commentsOpen !== true) {
      return new DomainError('comments_closed', 'Comments are closed on this post');
    }
    return notFound('Post');
  }

  async listApproved(slug: string, options: { limit: number; cursor?: string }): Promise<ApprovedCommentsPage> {
    const partition = keys.postGsi2(slug).gsi2pk;
    const fingerprint = `comments:${slug}`;
    const start = decodeCursor(options.cursor, fingerprint, { gsi2pk: partition });
    const before = Number(start?.extra?.n ?? 0);
    if (!Number.isSafeInteger(before) || before < 0) throw validationFailed([{ field: 'cursor', message: 'The cursor is not valid for this request' }]);
    // One extra item tells whether another page exists, so the last page never carries a cursor to an empty page.
    const { Items = [] } = await this.send<{ Items?: Item[] }>('Query', new QueryCommand({
      TableName: this.table,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ExclusiveStartKey: start?.key,
      Limit: options.limit + (start ? 1 : 2),
    }));
    const postItem = Items.find((item) => item.gsi2sk === keys.postGsi2(slug).gsi2sk);
    const commentItems = Items.filter((item) => item.entity === 'comment');
    const pageItems = commentItems.slice(0, options.limit);
    const last = pageItems[pageItems.length - 1];
    const nextCursor = commentItems.length > options.limit && last
      ? encodeCursor(fingerprint, { pk: String(last.pk), sk: String(last.sk), gsi2pk: String(last.gsi2pk), gsi2sk: String(last.gsi2sk) }, { n: before + pageItems.length })
      : null;
    return {
      post: postItem ? { id: String(postItem.id), status: String(postItem.status) } : undefined,
      comments: pageItems.map(itemToComment),
      firstNumber: before + 1,
      nextCursor,
    };
  }

  async findById(id: string): Promise<Comment | undefined> {
    return (await this.readById(id))?.comment;
  }

  private async readById(id: string): Promise<{ comment: Comment; item: Item; post?: Item } | undefined> {
    const { Item: lookup } = await this.send<{ Item?: Item }>('GetItem', new GetCommand({ TableName: this.table, Key: keys.commentById(id), ConsistentRead: true }));
    if (!lookup) return undefined;
    const postId = String(lookup.postId);
    const { Responses = [] } = await this.send<{ Responses?: { Item?: Item }[] }>('TransactGetItems', new TransactGetCommand({
      TransactItems: [{ Get: { TableName: this.table, Key: keys.comment(postId, id) } }, { Get: { TableName: this.table, Key: keys.post(postId) } }],
    }));
    const item = Responses[0]?.Item;
    return item ? { comment: itemToComment(item), item, post: Responses[1]?.Item } : undefined;
  }

  async listForModeration(options: { status: CommentStatus; postId?: string; limit: number; cursor?: string }): Promise<Page<Comment>> {
    const [index, partition] = options.postId
      ? (['gsi3', keys.commentGsi3(options.postId, options.status, '', '').gsi3pk] as const)
      : (['gsi1', keys.commentGsi1(options.status, '', '').gsi1pk] as const);
    const fingerprint = `admin-comments:${options.status}:${options.postId ?? '*'}`;
    const start = decodeCursor(options.cursor, fingerprint, { [`${index}pk`]: partition });
    const { Items = [] } = await this.send<{ Items?: Item[] }>('Query', new QueryCommand({
      TableName: this.table,
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      ExpressionAttributeValues: { ':pk': partition },
      ExclusiveStartKey: start?.key,
      ScanIndexForward: false,
      Limit: options.limit + 1,
    }));
    const pageItems = Items.slice(0, options.limit);
    const last = pageItems[pageItems.length - 1];
    const nextCursor = Items.length > options.limit && last
      ? encodeCursor(fingerprint, { pk: String(last.pk), sk: String(last.sk), [`${index}pk`]: String(last[`${index}pk`]), [`${index}sk`]: String(last[`${index}sk`]) })
      : null;
    return { items: pageItems.map(itemToComment), nextCursor };
  }

  async setStatus(id: string, status: CommentStatus, now: Date): Promise<StatusChange> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.readById(id);
      if (!current) throw notFound('Comment');
      const { comment, item, post } = current;
      if (comment.status === status) return { comment, previousStatus: status };
      const becomesApproved = status === 'approved';
      const approvalChanges = becomesApproved !== (comment.status === 'approved');
      if (becomesApproved && !post) throw notFound('Post');
      const updatedAt = now.toISOString();
      const next: Comment = { ...comment, status, updatedAt };
      const slug = post ? String(post.slug) : undefined;
      const names: Record<string, string> = { '#status': 'status' };
      const setKeys = commentIndexKeys(next, slug);
      const values: Record<string, unknown> = { ':old': comment.status, ':new': status, ':at': updatedAt };
      const sets = ['#status = :new', 'updatedAt = :at', ...Object.entries(setKeys).map(([k, v]) => { values[`:${k}`] = v; return `${k} = :${k}`; })];
      if (slug) { sets.push('postSlug = :slug'); values[':slug'] = slug; }
      const update = `SET ${sets.join(', ')}${becomesApproved ? '' : ' REMOVE gsi2pk, gsi2sk'}`;
      const items: TransactItem[] = [{ Update: {
        TableName: this.table, Key: keys.comment(comment.postId, id), UpdateExpression: update,
        ConditionExpression: '#status = :old', ExpressionAttributeNames: names, ExpressionAttributeValues: values,
      } }];
      if (approvalChanges) items.push(...this.approvalSideEffects(comment, item, post, becomesApproved ? 1 : -1, updatedAt));
      try {
        await this.send('TransactWriteItems', new TransactWriteCommand({ TransactItems: items }));
        return { comment: next, previousStatus: comment.status };
      } catch (error) {
        // Someone changed the comment or renamed the post since we read it: read again and redo the change.
        if (!cancellationCodes(error) || attempt >= MAX_ATTEMPTS) throw error;
        await backoff(attempt);
      }
    }
  }

  /** Count, commenter history and feed marker move with the comment's approval, in the same transaction. */
  private approvalSideEffects(comment: Comment, item: Item, post: Item | undefined, delta: 1 | -1, at: string): TransactItem[] {
    const effects: TransactItem[] = [];
    if (post) {
      effects.push({ Update: {
        TableName: this.table, Key: keys.post(comment.postId), UpdateExpression: 'ADD commentCount :delta',
        ConditionExpression: 'attribute_exists(pk) AND slug = :slug', ExpressionAttributeValues: { ':delta': delta, ':slug': post.slug },
      } });
      effects.push({ Put: { TableName: this.table, Item: { ...keys.feedDirty(comment.postId), entity: 'feedDirty', postId: comment.postId, changedAt: at } } });
    }
    if (typeof item.commenterHash === 'string') effects.push({ Update: this.commenterUpdate(item.commenterHash, delta, at) });
    return effects;
  }

  async delete(id: string, now: Date): Promise<Comment> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.readById(id);
      if (!current) throw notFound('Comment');
      const { comment, item, post } = current;
      const items: TransactItem[] = [
        { Delete: {
          TableName: this.table, Key: keys.comment(comment.postId, id), ConditionExpression: '#status = :old',
          ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':old': comment.status },
        } },
        { Delete: { TableName: this.table, Key: keys.commentById(id) } },
      ];
      if (typeof item.dupSk === 'string') items.push({ Delete: { TableName: this.table, Key: { pk: keys.comment(comment.postId, id).pk, sk: item.dupSk } } });
      if (comment.status === 'approved') items.push(...this.approvalSideEffects(comment, item, post, -1, now.toISOString()));
      try {
        await this.send('TransactWriteItems', new TransactWriteCommand({ TransactItems: items }));
        return comment;
      } catch (error) {
        if (!cancellationCodes(error) || attempt >= MAX_ATTEMPTS) throw error;
        await backoff(attempt);
      }
    }
  }
}

