import type { CommentWithPost, FeedComment, FeedPost } from '../../domain/feeds/feed-types.js';
import type { PageComment } from '../../domain/pages/page-types.js';
import type { Post, PostStatus } from '../../domain/post.js';

/** A post as the feed job reads it: the feed fields, what its page shows, and its status (what may be public). */
export type FeedSourcePost = FeedPost & Pick<Post, 'likeCount' | 'commentsOpen'> & { status: PostStatus };

/** `FEEDS#DIRTY` / `POST#<postId>`: a post whose public comments changed since its comment feed was built. */
export interface DirtyMarker {
  postId: string;
  changedAt: string;
}

/**
 * The posts whose public comments changed since their comment feed and page were last stored. Two sources, one to-do
 * list: markers (moderation, imports: a change that a comment's creation time cannot reveal) and, on a sweeping run,
 * the posts of comments approved on arrival since the sweep watermark (they write no marker: see docs/data-model.md,
 * "Feeds").
 */
export interface CommentChanges {
  markers: DirtyMarker[];
  /** Absent when the run did not sweep (or the sweep failed): settling then leaves the watermark where it is. */
  arrivals?: { postIds: string[]; sweptAt: string };
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
  /** The newest published posts with a tag: ONE Query on gsi1 reading a bounded window (P2 of docs/data-model.md). */
  publishedPostsTagged(tag: string, limit: number): Promise<FeedSourcePost[]>;
  /** The oldest `limit` approved comments of a post with their public fields, read consistently (its page). */
  pageCommentsOf(postId: string, limit: number): Promise<PageComment[]>;
  /**
   * The markers (consistent Query of `FEEDS#DIRTY`) and, with `sweep`, the posts of comments approved on arrival
   * since the watermark minus an overlap margin (gsi1 `COMMENTS#approved`, newest first, bounded by the comments of
   * that window, never by the number of posts). Read before building, so a change during the build is kept.
   */
  pendingCommentChanges(options: { sweep: boolean; now: Date }): Promise<CommentChanges>;
  /**
   * After the build: clears each marker whose post is `stored` (only if its `changedAt` is still the one read); an
   * arrival post that is not stored gets a marker of its own (retried by every later run, so one broken post never
   * holds the watermark back); then the watermark moves to `sweptAt` (never backwards).
   */
  settleCommentChanges(changes: CommentChanges, stored: (postId: string) => boolean, now: Date): Promise<void>;
}

/** The PostRepository methods the job uses: publish due scheduled posts, purge deleted ones. */
export interface ScheduledPublisher {
  listDueScheduled(now: Date): Promise<Post[]>;
  publishScheduled(post: Post, now: Date): Promise<Post | undefined>;
  pendingPurges(): Promise<string[]>;
  purgeDeleted(postId: string): Promise<number>;
}
