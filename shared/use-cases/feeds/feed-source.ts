import type { CommentWithPost, FeedComment, FeedPost } from '../../domain/feeds/feed-types.js';
import type { Post, PostStatus } from '../../domain/post.js';

/** A post as the feed job reads it: the feed fields plus its status (to tell what may be public). */
export type FeedSourcePost = FeedPost & { status: PostStatus };

/** `FEEDS#DIRTY` / `POST#<postId>`: a post whose public comments changed since its comment feed was built. */
export interface DirtyMarker {
  postId: string;
  changedAt: string;
}

/** Everything the feed job reads. One DynamoDB implementation: shared/data/dynamo-feed-source.ts. */
export interface FeedSource {
  /** The latest published posts, newest first: ONE Query on gsi1 `POSTS#published`. */
  latestPublishedPosts(limit: number): Promise<FeedSourcePost[]>;
  /** Every published post, page by page (full rebuilds only). */
  publishedPostPages(): AsyncIterable<FeedSourcePost[]>;
  /** Consistent read of one post, whatever its status. */
  findPost(postId: string): Promise<FeedSourcePost | undefined>;
  /** The newest `limit` approved comments of a post, read consistently from the post's partition. */
  approvedCommentsOf(postId: string, limit: number): Promise<FeedComment[]>;
  /** The latest approved comments site-wide with their (published) posts, newest first. */
  latestApprovedComments(limit: number): Promise<CommentWithPost[]>;
  dirtyMarkers(): Promise<DirtyMarker[]>;
  /** Deletes the marker only if it still has the `changedAt` that was read; false when it changed meanwhile. */
  clearDirtyMarker(marker: DirtyMarker): Promise<boolean>;
}

/** The PostRepository methods the job uses: publish due scheduled posts, purge deleted ones. */
export interface ScheduledPublisher {
  listDueScheduled(now: Date): Promise<Post[]>;
  publishScheduled(post: Post, now: Date): Promise<Post | undefined>;
  pendingPurges(): Promise<string[]>;
  purgeDeleted(postId: string): Promise<number>;
}
