import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../shared/data/keys.js';
import { HEAD_LAYOUT, listingKeys, threadItem } from '../../shared/data/post-items.js';
import type { Post } from '../../shared/domain/post.js';
import { transact } from './transact.js';

/**
 * A post head written before the public list moved onto the heads: it has the lookup and the counters but not the
 * summary a list shows, no gsi2 keys, and its post has no thread marker. One transaction gives it all three, from
 * the public view next to it (same slug partition); the counters are not touched, so nothing is lost even if a
 * comment or like lands meanwhile.
 */
type Item = Record<string, unknown>;

export const isUnlistedHead = (item: Item) => item.entity === 'postHead' && item.layout !== HEAD_LAYOUT;

/** What a head needs for the public list, from an item that has the post's fields (a v1 post or a public view). */
export function listedSummary(source: Item, post: Pick<Post, 'id' | 'status' | 'publishedAt'>): Item {
  return {
    title: source.title,
    excerpt: source.excerpt ?? '',
    authorName: source.authorName,
    tags: Array.isArray(source.tags) ? source.tags : [],
    layout: HEAD_LAYOUT,
    ...listingKeys(post),
  };
}

export async function migrateHead(doc: DynamoDBDocumentClient, table: string, head: Item): Promise<void> {
  const slug = String(head.slug);
  const { Item: view } = await doc.send(
    new GetCommand({ TableName: table, Key: keys.postPublic(slug), ConsistentRead: true }),
  );
  if (!view || view.id !== head.postId) return; // a head without its view is not a post this step can complete
  const post = {
    id: String(head.postId),
    slug,
    status: head.status as Post['status'],
    publishedAt: (head.publishedAt as string | null) ?? null,
  };
  const summary = listedSummary(view, post);
  const names = Object.keys(summary);
  await transact(doc, [
    {
      Update: {
        TableName: table,
        Key: keys.postHead(slug),
        UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
        ConditionExpression: 'postId = :postId AND (attribute_not_exists(#layout) OR #layout <> :layout)',
        ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
        ExpressionAttributeValues: {
          ...Object.fromEntries(names.map((n) => [`:${n}`, summary[n]])),
          ':postId': post.id,
        },
      },
    },
    { Put: { TableName: table, Item: threadItem(post) } },
  ]);
}
