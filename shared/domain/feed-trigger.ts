/**
 * Publishing a post or moderating a comment asks for a feed rebuild of what it affects. The request never waits
 * for the rebuild: in AWS it is an asynchronous Lambda invocation, locally the runtime runs the job in-process.
 */
export interface FeedRebuildRequest {
  /** Rebuild everything (admin "rebuild" and the schedule). */
  all?: boolean;
  /** Site feeds (posts published, unpublished, edited). */
  site?: boolean;
  /** Comment feeds and pages of these posts (and the site comments feed, the index and tag pages). */
  postIds?: string[];
  /**
   * Where a post was public before this change (its slug, publication time and tags): its old page and comment feed
   * are removed when it no longer lives there (unpublished, deleted, renamed), and its old tag pages rebuilt. The job
   * cannot look this up afterwards: a deleted post is gone, an unpublished one has lost its publishedAt.
   */
  previous?: PublicLocation[];
}

export interface PublicLocation {
  postId: string;
  slug: string;
  publishedAt: string;
  tags: string[];
}

/** The location of a published post, for `previous`; undefined for a post that is not public. */
export function publicLocationOf(post: {
  id: string;
  slug: string;
  status: string;
  publishedAt: string | null;
  tags: string[];
}): PublicLocation | undefined {
  return post.status === 'published' && post.publishedAt
    ? { postId: post.id, slug: post.slug, publishedAt: post.publishedAt, tags: [...post.tags] }
    : undefined;
}

export interface FeedRebuildTrigger {
  request(rebuild: FeedRebuildRequest): Promise<void>;
}
