/** A post as the domain sees it. Storage details (keys, GSIs) live in shared/data. */
export type PostStatus = 'draft' | 'published' | 'scheduled';

export interface Post {
  id: string;
  slug: string;
  title: string;
  /** Markdown source, admin-only. */
  body: string;
  /** Rendered and sanitized at write time. */
  html: string;
  excerpt: string;
  authorName: string;
  /** Private: used to mark the post author's own comments. Never in public responses or feeds. */
  authorEmail?: string;
  tags: string[];
  status: PostStatus;
  publishAt: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  commentCount: number;
  likeCount: number;
  commentsOpen: boolean;
  /** Optimistic-locking counter: the ETag / If-Match version for admin updates. */
  version: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The small item behind a slug: what comments and likes need to accept a write, and the counters they change.
 * Reading it costs 0.5 RCU whatever the size of the post.
 */
export interface PostHead {
  id: string;
  slug: string;
  status: PostStatus;
  commentsOpen: boolean;
  publishedAt: string | null;
  /** Private: marks the post author's own comments. */
  authorEmail?: string;
  commentCount: number;
  likeCount: number;
}

/** What the public list shows of a post: the summary fields and the counters, read from its head. */
export type PostListing = Pick<
  Post,
  'id' | 'slug' | 'title' | 'excerpt' | 'authorName' | 'tags' | 'status' | 'publishedAt' | 'commentCount' | 'likeCount'
>;

/** Read side used by every feature that needs posts (posts, comments, likes, feeds). */
export interface PostReader {
  /**
   * One DynamoDB request (Query on the slug partition: public view + head). Returns the post whatever its status;
   * callers decide visibility. The markdown source is not read: `body` is ''.
   */
  findBySlug(slug: string): Promise<Post | undefined>;
  /** One GetItem of the post head (0.5 RCU, 1 when consistent): id, visibility, counters. */
  findHeadBySlug(slug: string, options?: { consistent?: boolean }): Promise<PostHead | undefined>;
  findById(id: string): Promise<Post | undefined>;
  /** Published posts newest first: one Query of the listed heads (gsi2). */
  listPublished(options: { limit: number; cursor?: string; tag?: string }): Promise<Page<PostListing>>;
}

export const isPubliclyVisible = (post: Pick<Post, 'status'>): boolean => post.status === 'published';
