import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page, Post, PostHead, PostListing, PostReader } from '../domain/post.js';
import { sender, type Item, type Send } from './dynamo-requests.js';
import { keys } from './keys.js';
import { itemToHead, itemToPost } from './post-items.js';
import { assertHeadsListed, listPublishedPosts } from './post-listings.js';

export interface DynamoPostRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * What the read-only functions need of posts (comments, likes, the public posts API): lookups and the public list.
 * Kept apart from the writes so those functions do not bundle post writes, renames, publishing and purges.
 */
export class DynamoPostReader implements PostReader {
  protected readonly send: Send;
  protected readonly table: string;
  protected readonly db: { send: Send; table: string };
  private listingChecked: Promise<void> | undefined;

  constructor(options: DynamoPostRepositoryOptions) {
    this.send = sender(options.client);
    this.table = options.tableName;
    this.db = { send: this.send, table: this.table };
  }

  /** One Query on the slug partition: the public view ("POST") and the head ("SLUG"), never the markdown. */
  async findBySlug(slug: string): Promise<Post | undefined> {
    const { Items = [] } = await this.send<{ Items?: Item[] }>(
      'Query',
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.postHead(slug).pk },
        Limit: 2,
      }),
    );
    const head = Items.find((item) => item.sk === keys.postHead(slug).sk);
    const view = Items.find((item) => item.sk === keys.postPublic(slug).sk);
    if (!head) return undefined;
    const parsedHead = itemToHead(head);
    if (!view || view.id !== parsedHead.id) return undefined;
    return itemToPost(view, head);
  }

  async findHeadBySlug(slug: string, options: { consistent?: boolean } = {}): Promise<PostHead | undefined> {
    const { Item } = await this.send<{ Item?: Item }>(
      'GetItem',
      new GetCommand({ TableName: this.table, Key: keys.postHead(slug), ConsistentRead: options.consistent === true }),
    );
    return Item ? itemToHead(Item) : undefined;
  }

  /** The admin item (consistent) and then its head for the counters. */
  async findById(id: string): Promise<Post | undefined> {
    const { Item } = await this.send<{ Item?: Item }>(
      'GetItem',
      new GetCommand({ TableName: this.table, Key: keys.post(id), ConsistentRead: true }),
    );
    if (Item?.entity !== 'post') return undefined;
    const post = itemToPost(Item);
    const head = await this.send<{ Item?: Item }>(
      'GetItem',
      new GetCommand({ TableName: this.table, Key: keys.postHead(post.slug), ConsistentRead: true }),
    );
    return head.Item?.postId === id ? itemToPost(Item, head.Item) : post;
  }

  async listPublished(options: { limit: number; cursor?: string; tag?: string }): Promise<Page<PostListing>> {
    const page = await listPublishedPosts(this.db, options);
    // Heads that predate the list are missing from gsi2, so such a table can only show a short page: a full page
    // needs no check. Only a passed check is remembered; an unmigrated table is checked again next time.
    if (page.items.length < options.limit && !options.cursor) {
      this.listingChecked ??= assertHeadsListed(this.db).catch((error: unknown) => {
        this.listingChecked = undefined;
        throw error;
      });
      await this.listingChecked;
    }
    return page;
  }
}
