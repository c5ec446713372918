import { BatchGetCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Comment } from '../domain/comment.js';
import { DomainError, notFound } from '../domain/errors.js';
import type { ImportRef, ImportRepository } from '../domain/import-repository.js';
import type { Post } from '../domain/post.js';
import { commentItem, lookupItem } from './comment-items.js';
import {
  backoff,
  sender,
  transactWithRetry,
  type DynamoRepositoryOptions,
  type Explain,
  type Item,
  type TransactItem,
} from './dynamo-requests.js';
import { keys } from './keys.js';
import { headState, headWritable, postCreateItems } from './post-items.js';

type BatchGetOutput = { Responses?: Record<string, Item[]>; UnprocessedKeys?: Record<string, { Keys?: Item[] }> };

class RefExists extends Error {}

const BATCH_GET_MAX = 100;

/**
 * Import writes: the same items the API writes for posts and comments (data layout v2: admin item, public view and
 * head for a post; comment item, lookup and the head's counter for a comment), plus the IMPORT# ref, each in one
 * transaction.
 */
export class DynamoImportRepository implements ImportRepository {
  private readonly send: ReturnType<typeof sender>;
  private readonly table: string;

  constructor(options: DynamoRepositoryOptions) {
    this.send = sender(options.client);
    this.table = options.tableName;
  }

  async findRefs(source: string, originalIds: string[]): Promise<Map<string, ImportRef>> {
    const found = new Map<string, ImportRef>();
    const unique = [...new Set(originalIds)];
    for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
      let pending: Item[] | undefined = unique.slice(i, i + BATCH_GET_MAX).map((id) => keys.importRef(source, id));
      for (let attempt = 1; pending?.length; attempt++) {
        const output: BatchGetOutput = await this.send<BatchGetOutput>(
          'BatchGetItem',
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } } }),
        );
        for (const item of output.Responses?.[this.table] ?? []) found.set(String(item.originalId), itemToRef(item));
        pending = output.UnprocessedKeys?.[this.table]?.Keys;
        if (pending?.length) await backoff(attempt);
      }
    }
    return found;
  }

  async createPost(post: Post, ref: ImportRef): Promise<'created' | 'exists'> {
    const taken = (codes: string[]) => codes[2] === 'ConditionalCheckFailed' || codes[3] === 'ConditionalCheckFailed';
    return this.transact(
      () => [
        { Put: { TableName: this.table, Item: this.refItem(ref), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...postCreateItems(this.table, post),
      ],
      (codes) =>
        taken(codes)
          ? new DomainError('slug_taken', `The slug "${post.slug}" is already used by another post`)
          : undefined,
    );
  }

  async createComment(comment: Comment, postSlug: string, ref: ImportRef): Promise<'created' | 'exists'> {
    const approved = comment.status === 'approved';
    const items = (): TransactItem[] => {
      const writable = headWritable(comment.postId);
      const head = {
        TableName: this.table,
        Key: keys.postHead(postSlug),
        ConditionExpression: writable.expression,
        ExpressionAttributeValues: writable.values,
      };
      const list: TransactItem[] = [
        { Put: { TableName: this.table, Item: this.refItem(ref), ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            TableName: this.table,
            Item: commentItem(comment, {}),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName: this.table, Item: lookupItem(comment), ConditionExpression: 'attribute_not_exists(pk)' } },
        approved
          ? {
              Update: {
                ...head,
                UpdateExpression: 'ADD commentCount :one',
                ExpressionAttributeValues: { ...head.ExpressionAttributeValues, ':one': 1 },
              },
            }
          : { ConditionCheck: head },
      ];
      if (approved)
        list.push({
          Put: {
            TableName: this.table,
            Item: {
              ...keys.feedDirty(comment.postId),
              entity: 'feedDirty',
              postId: comment.postId,
              changedAt: comment.createdAt,
            },
          },
        });
      return list;
    };
    return this.transact(items, async (codes) => {
      if (codes[3] !== 'ConditionalCheckFailed') return undefined;
      // The head is gone (the post was deleted or renamed away) or a rename holds it for a moment.
      const { Item } = await this.send<{ Item?: Item }>(
        'GetItem',
        new GetCommand({ TableName: this.table, Key: keys.postHead(postSlug), ConsistentRead: true }),
      );
      return headState(Item, comment.postId, Date.now()) === 'locked' ? 'retry' : notFound('Post');
    });
  }

  async saveRef(ref: ImportRef): Promise<void> {
    await this.send('PutItem', new PutCommand({ TableName: this.table, Item: this.refItem(ref) }));
  }

  private refItem(ref: ImportRef): Item {
    return { ...keys.importRef(ref.source, ref.originalId), entity: 'importRef', ...ref };
  }

  /** The ref is always the first item: its failed condition means another run imported the same original. */
  private async transact(items: () => TransactItem[], explain: Explain): Promise<'created' | 'exists'> {
    try {
      await transactWithRetry(this.send, items, (codes, attempt) =>
        codes[0] === 'ConditionalCheckFailed' ? new RefExists() : explain(codes, attempt),
      );
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
