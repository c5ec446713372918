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

/** Read side used by every feature that needs posts (posts, comments, likes, feeds). */
export interface PostReader {
  /** One DynamoDB request (GSI2 Query). Returns the post whatever its status; callers decide visibility. */
  findBySlug(slug: string): Promise<Post | undefined>;
  findById(id: string): Promise<Post | undefined>;
  /** Published posts newest first, one Query (GSI1). */
  listPublished(options: { limit: number; cursor?: string; tag?: string }): Promise<Page<Post>>;
}

export const isPubliclyVisible = (post: Post): boolean => post.status === 'published';
