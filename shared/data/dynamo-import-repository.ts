import { BatchGetCommand, PutCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Comment } from '../domain/comment.js';
import { DomainError, notFound } from '../domain/errors.js';
import type { ImportRef, ImportRepository } from '../domain/import-repository.js';
import type { Post } from '../domain/post.js';
import { commentIndexKeys } from './comment-items.js';
import { backoff, instrumented, transactWrite, type DynamoRepositoryOptions } from './dynamo-requests.js';
import { keys } from './keys.js';
import { indexKeysOf } from './post-items.js';

type Item = Record<string, unknown>;
type BatchGetOutput = { Responses?: Record<string, Item[]>; UnprocessedKeys?: Record<string, { Keys?: Item[] }> };
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

class RefExists extends Error {}

const BATCH_GET_MAX = 100;
const MAX_ATTEMPTS = 8;

/** Import writes: the same items the API writes for posts and comments, plus the IMPORT# ref, each in one transaction. */
export class DynamoImportRepository implements ImportRepository {
  private readonly send: ReturnType<typeof instrumented>;
  private readonly table: string;

  constructor(options: DynamoRepositoryOptions) {
    this.send = instrumented(options.client, options.onConsumedCapacity);
    this.table = options.tableName;
  }

  async findRefs(source: string, originalIds: string[]): Promise<Map<string, ImportRef>> {
    const found = new Map<string, ImportRef>();
    const unique = [...new Set(originalIds)];
    for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
      let pending: Item[] | undefined = unique.slice(i, i + BATCH_GET_MAX).map((id) => keys.importRef(source, id));
      for (let attempt = 1; pending?.length; attempt++) {
        const output: BatchGetOutput = await this.send<BatchGetOutput>(
          'BatchGetItem', new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } } }));
        for (const item of output.Responses?.[this.table] ?? []) found.set(String(item.originalId), itemToRef(item));
        pending = output.UnprocessedKeys?.[this.table]?.Keys;
        if (pending?.length) await backoff(attempt);
      }
    }
    return found;
  }

  async createPost(post: Post, ref: ImportRef): Promise<'created' | 'exists'> {
    return this.transact([
      { Put: { TableName: this.table, Item: this.refItem(ref), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.table, Item: { ...keys.post(post.id), entity: 'post', ...post, ...indexKeysOf(post) }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.table, Item: { ...keys.slugGuard(post.slug), entity: 'slugGuard', postId: post.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ], (codes) => (codes[2] === 'ConditionalCheckFailed' ? new DomainError('slug_taken', `The slug "${post.slug}" is already used by another post`) : undefined));
  }

  async createComment(comment: Comment, postSlug: string, ref: ImportRef): Promise<'created' | 'exists'> {
    const approved = comment.status === 'approved';
    const postKey = { TableName: this.table, Key: keys.post(comment.postId), ConditionExpression: 'attribute_exists(pk)' };
    const items: TransactItem[] = [
      { Put: { TableName: this.table, Item: this.refItem(ref), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: {
        TableName: this.table,
        Item: { ...keys.comment(comment.postId, comment.id), entity: 'comment', ...comment, ...commentIndexKeys(comment, postSlug), postSlug },
        ConditionExpression: 'attribute_not_exists(pk)',
      } },
      { Put: { TableName: this.table, Item: { ...keys.commentById(comment.id), entity: 'commentId', commentId: comment.id, postId: comment.postId }, ConditionExpression: 'attribute_not_exists(pk)' } },
      approved
        ? { Update: { ...postKey, UpdateExpression: 'ADD commentCount :one', ExpressionAttributeValues: { ':one': 1 } } }
        : { ConditionCheck: postKey },
    ];
    if (approved) items.push({ Put: { TableName: this.table, Item: { ...keys.feedDirty(comment.postId), entity: 'feedDirty', postId: comment.postId, changedAt: comment.createdAt } } });
    return this.transact(items, (codes) => (codes[3] === 'ConditionalCheckFailed' ? notFound('Post') : undefined));
  }

  async saveRef(ref: ImportRef): Promise<void> {
    await this.send('PutItem', new PutCommand({ TableName: this.table, Item: this.refItem(ref) }));
  }

  private refItem(ref: ImportRef): Item {
    return { ...keys.importRef(ref.source, ref.originalId), entity: 'importRef', ...ref };
  }

  /** The ref is always the first item: its failed condition means another run imported the same original. */
  private async transact(items: TransactItem[], explain: (codes: string[]) => DomainError | undefined): Promise<'created' | 'exists'> {
    try {
      await transactWrite(this.send, items, (codes) => (codes[0] === 'ConditionalCheckFailed' ? new RefExists() : explain(codes)), MAX_ATTEMPTS);
      return 'created';
    } catch (error) {
      if (error instanceof RefExists) return 'exists';
      throw error;
    }
  }
}

function itemToRef(item: Item): ImportRef {
  return {
    source: String(item.source),
    originalId: String(item.originalId),
    kind: item.kind === 'comment' ? 'comment' : 'post',
    targetId: String(item.targetId),
    postId: String(item.postId),
    contentHash: String(item.contentHash),
    ...(item.depth !== undefined ? { depth: Number(item.depth) } : {}),
  };
}
