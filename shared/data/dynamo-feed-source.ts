import { BatchGetCommand, GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CommentWithPost, FeedComment, FeedCommentPost } from '../domain/feeds/feed-types.js';
import type { PageComment } from '../domain/pages/page-types.js';
import type { CommentChanges, FeedSource, FeedSourcePost } from '../use-cases/feeds/feed-source.js';
import { sender, type Item, type Send } from './dynamo-requests.js';
import { pendingCommentChanges, settleCommentChanges } from './feed-comment-changes.js';
import {
  COMMENT_PROJECTION,
  PAGE_COMMENT_PROJECTION,
  POST_PROJECTION,
  STATUS_NAME,
  toComment,
  toPageComment,
  toPost,
} from './feed-source-items.js';
import { keys } from './keys.js';

export interface DynamoFeedSourceOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** A tag page reads at most this many published posts to find its own (the same bound as GET /posts?tag=). */
const TAG_WINDOW = 250;
const PUBLISHED_PARTITION = keys.postGsi1('published', '', '').gsi1pk;
const APPROVED_COMMENTS_PARTITION = keys.commentGsi1('approved', '', '').gsi1pk;
const BATCH_GET_ATTEMPTS = 5;

/**
 * The feed job's reads. Projections name only public fields (feed-source-items.ts): emails, hashes and markdown
 * sources are never even read. See the "Feeds" section of docs/data-model.md for each access pattern.
 */
export class DynamoFeedSource implements FeedSource {
  private readonly send: Send;

  constructor(private readonly options: DynamoFeedSourceOptions) {
    this.send = sender(options.client);
  }

  private get table() {
    return this.options.tableName;
  }

  /** ONE Query on gsi1, newest first, at most `limit` items: the cost does not grow with the table. */
  private async newestInStatusPartition(
    partition: string,
    projection: readonly string[],
    limit: number,
  ): Promise<Item[]> {
    const { Items = [] } = await this.send<{ Items?: Item[] }>(
      'Query',
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ExpressionAttributeNames: STATUS_NAME,
        ProjectionExpression: projection.join(', '),
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items;
  }

  /** ONE Query on gsi1 `POSTS#published`, newest first, Limit = what the feed shows: independent of the table size. */
  async latestPublishedPosts(limit: number): Promise<FeedSourcePost[]> {
    const Items = await this.newestInStatusPartition(PUBLISHED_PARTITION, POST_PROJECTION, limit);
    return this.withCounts(Items);
  }

  /** The counters live on each post's head (in no index): ONE BatchGetItem per page of posts. */
  private async withCounts(items: Item[]): Promise<FeedSourcePost[]> {
    const heads = await this.batchGet(
      items.map((item) => keys.postHead(String(item.slug))),
      'postId, commentCount, likeCount',
    );
    const counts = new Map(heads.map((head) => [String(head.postId), head]));
    return items.map((item) => {
      const head = counts.get(String(item.id));
      return toPost({ ...item, commentCount: head?.commentCount ?? 0, likeCount: head?.likeCount ?? 0 });
    });
  }

  async *publishedPostPages(): AsyncIterable<FeedSourcePost[]> {
    let start: Item | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.send<{ Items?: Item[]; LastEvaluatedKey?: Item }>(
        'Query',
        new QueryCommand({
          TableName: this.table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': PUBLISHED_PARTITION },
          ExpressionAttributeNames: STATUS_NAME,
          ProjectionExpression: POST_PROJECTION.join(', '),
          ScanIndexForward: false,
          Limit: 100,
          ExclusiveStartKey: start,
        }),
      );
      if (Items.length) yield await this.withCounts(Items);
      start = LastEvaluatedKey;
    } while (start);
  }

  async findPost(postId: string): Promise<FeedSourcePost | undefined> {
    const { Item } = await this.send<{ Item?: Item }>(
      'GetItem',
      new GetCommand({
        TableName: this.table,
        Key: keys.post(postId),
        ConsistentRead: true,
        ExpressionAttributeNames: STATUS_NAME,
        ProjectionExpression: POST_PROJECTION.join(', '),
      }),
    );
    return Item?.id ? (await this.withCounts([Item]))[0] : undefined;
  }

  /**
   * ONE Query (paged only while fewer than `limit` were found) on the post's approved comments in its own partition,
   * strongly consistent: a rebuild triggered right after an approval sees it, which a GSI might not yet.
   */
  private async approvedOf(
    postId: string,
    limit: number,
    projection: readonly string[],
    newestFirst: boolean,
  ): Promise<Item[]> {
    const found: Item[] = [];
    let start: Item | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.send<{ Items?: Item[]; LastEvaluatedKey?: Item }>(
        'Query',
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :approved)',
          ExpressionAttributeNames: STATUS_NAME,
          ExpressionAttributeValues: {
            ':pk': keys.post(postId).pk,
            ':approved': keys.commentsOfStatus(postId, 'approved').skPrefix,
          },
          ProjectionExpression: projection.join(', '),
          ConsistentRead: true,
          ScanIndexForward: !newestFirst,
          ExclusiveStartKey: start,
        }),
      );
      found.push(...Items);
      start = LastEvaluatedKey;
    } while (start && found.length < limit);
    return found.slice(0, limit);
  }

  /** The newest `limit` approved comments (a comment feed). */
  async approvedCommentsOf(postId: string, limit: number): Promise<FeedComment[]> {
    return (await this.approvedOf(postId, limit, COMMENT_PROJECTION, true)).map(toComment);
  }

  /** The oldest `limit` approved comments with the public fields a post page shows. */
  async pageCommentsOf(postId: string, limit: number): Promise<PageComment[]> {
    return (await this.approvedOf(postId, limit, PAGE_COMMENT_PROJECTION, false)).map(toPageComment);
  }

  /** ONE Query on gsi1 `POSTS#published` newest first over at most TAG_WINDOW posts, filtered by tag (+ their counters). */
  async publishedPostsTagged(tag: string, limit: number): Promise<FeedSourcePost[]> {
    const { Items = [] } = await this.send<{ Items?: Item[] }>(
      'Query',
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        FilterExpression: 'contains(tags, :tag)',
        ExpressionAttributeValues: { ':pk': PUBLISHED_PARTITION, ':tag': tag },
        ExpressionAttributeNames: STATUS_NAME,
        ProjectionExpression: POST_PROJECTION.join(', '),
        ScanIndexForward: false,
        Limit: TAG_WINDOW,
      }),
    );
    return this.withCounts(Items.slice(0, limit));
  }

  /**
   * ONE Query on gsi1 `COMMENTS#approved` newest first, then ONE BatchGetItem for the distinct posts (title, slug,
   * status). Comments of posts that are no longer published are left out.
   */
  async latestApprovedComments(limit: number): Promise<CommentWithPost[]> {
    const Items = await this.newestInStatusPartition(APPROVED_COMMENTS_PARTITION, COMMENT_PROJECTION, limit);
    const comments = Items.filter((item) => item.status === 'approved').map(toComment);
    const posts = await this.publishedPosts([...new Set(comments.map((c) => c.postId))]);
    return comments.flatMap((c) => {
      const post = posts.get(c.postId);
      return post ? [{ ...c, post }] : [];
    });
  }

  private async publishedPosts(postIds: string[]): Promise<Map<string, FeedCommentPost>> {
    const posts = new Map<string, FeedCommentPost>();
    for (const item of await this.batchGet(
      postIds.map((id) => keys.post(id)),
      'id, slug, title, #status, publishedAt',
    )) {
      if (item.status === 'published')
        posts.set(String(item.id), {
          id: String(item.id),
          slug: String(item.slug),
          title: String(item.title ?? ''),
          publishedAt: (item.publishedAt as string) ?? null,
        });
    }
    return posts;
  }

  private async batchGet(keyList: Item[], projection: string): Promise<Item[]> {
    const found: Item[] = [];
    let wanted = keyList;
    for (let attempt = 1; wanted.length && attempt <= BATCH_GET_ATTEMPTS; attempt++) {
      const { Responses = {}, UnprocessedKeys = {} } = await this.send<{
        Responses?: Record<string, Item[]>;
        UnprocessedKeys?: Record<string, { Keys?: Item[] }>;
      }>(
        'BatchGetItem',
        new BatchGetCommand({
          RequestItems: {
            [this.table]: {
              Keys: wanted,
              ProjectionExpression: projection,
              ...(projection.includes('#status') ? { ExpressionAttributeNames: STATUS_NAME } : {}),
            },
          },
        }),
      );
      found.push(...(Responses[this.table] ?? []));
      wanted = UnprocessedKeys[this.table]?.Keys ?? [];
      if (wanted.length) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
    if (wanted.length) throw new Error(`BatchGetItem left ${wanted.length} item(s) unprocessed`);
    return found;
  }

  pendingCommentChanges(options: { sweep: boolean; now: Date }): Promise<CommentChanges> {
    return pendingCommentChanges(this.send, this.table, options);
  }

  settleCommentChanges(changes: CommentChanges, stored: (postId: string) => boolean, now: Date): Promise<void> {
    return settleCommentChanges(this.send, this.table, changes, stored, now);
  }
}
