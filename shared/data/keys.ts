/**
 * Key builders for the single table (data layout v2). Every item type's keys are built here so that no two
 * features can collide. docs/data-model.md lists the access pattern behind each one.
 *
 * Everything a post owns is keyed by its id (`POST#<id>`), so a slug change moves nothing but the two small items
 * of the slug partition: the post head (lookup + counters) and the public view.
 */
export const DATA_LAYOUT_VERSION = 2;

export const keys = {
  post: (postId: string) => ({ pk: `POST#${postId}`, sk: 'POST' }),
  postGsi1: (status: string, sortTime: string, postId: string) => ({
    gsi1pk: `POSTS#${status}`,
    gsi1sk: `${sortTime}#${postId}`,
  }),
  postGsi3: (updatedAt: string, postId: string) => ({ gsi3pk: 'POSTS', gsi3sk: `${updatedAt}#${postId}` }),
  /**
   * Slug lookup, visibility, the summary a list shows and the counters: small (≈ 0.7 KB), so a like or a comment
   * rewrites it and its one index copy (gsi2, while published), never the post's markdown or HTML.
   */
  postHead: (slug: string) => ({ pk: `SLUG#${slug}`, sk: 'SLUG' }),
  /** The public list: the heads of published posts, newest first (`GET /posts` is one Query). */
  postListing: (publishedAt: string, postId: string) => ({
    gsi2pk: 'POSTS#listed',
    gsi2sk: `${publishedAt}#${postId}`,
  }),
  /**
   * The thread marker: the post's slug and visibility, sorted just before its approved comments
   * (`COMMENT#approved` < `COMMENT#approved#<ulid>`), so one Query reads both when the post id is known.
   */
  commentThread: (postId: string) => ({ pk: `POST#${postId}`, sk: 'COMMENT#approved' }),
  /** What `GET /posts/{slug}` shows (no markdown source); sorts before the head in the same partition. */
  postPublic: (slug: string) => ({ pk: `SLUG#${slug}`, sk: 'POST' }),

  /** Comments sort by status, then id (a ULID, so by time): each status of a post is one key range. */
  comment: (postId: string, status: string, commentId: string) => ({
    pk: `POST#${postId}`,
    sk: `COMMENT#${status}#${commentId}`,
  }),
  commentsOfStatus: (postId: string, status: string) => ({ pk: `POST#${postId}`, skPrefix: `COMMENT#${status}#` }),
  commentGsi1: (status: string, createdAt: string, commentId: string) => ({
    gsi1pk: `COMMENTS#${status}`,
    gsi1sk: `${createdAt}#${commentId}`,
  }),
  /** Lets the admin API find a comment by id alone; holds the comment's current sort key. */
  commentById: (commentId: string) => ({ pk: `COMMENTID#${commentId}`, sk: 'COMMENTID' }),

  like: (postId: string, visitorHash: string) => ({ pk: `POST#${postId}`, sk: `LIKE#${visitorHash}` }),
  duplicateGuard: (postId: string, fingerprint: string) => ({ pk: `POST#${postId}`, sk: `DUP#${fingerprint}` }),
  commenter: (emailHash: string) => ({ pk: `COMMENTER#${emailHash}`, sk: 'COMMENTER' }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' }),
  rateWindow: (visitorHash: string, window: string) => ({ pk: `RATE#${visitorHash}#${window}`, sk: 'RATE' }),

  /** Remembers what an import created from an original (WordPress, Disqus) id, so a re-import writes nothing. */
  importRef: (source: string, originalId: string) => ({
    pk: `IMPORT#${encodeURIComponent(source)}#${originalId}`,
    sk: 'IMPORT',
  }),

  /**
   * Written by moderation and imports in the same transaction as a change to a post's public comments (and by the
   * feed job for a post it could not rebuild); the feed job drains it.
   */
  feedDirty: (postId: string) => ({ pk: 'FEEDS#DIRTY', sk: `POST#${postId}` }),
  /** How far the feed job has swept gsi1 `COMMENTS#approved` for comments approved on arrival (which write no marker). */
  feedArrivalsWatermark: () => ({ pk: 'FEEDS#ARRIVALS', sk: 'WATERMARK' }),
  /** A deleted post whose items still have to be removed; the feed job's purge step drains it. */
  purge: (postId: string) => ({ pk: 'PURGE', sk: `POST#${postId}` }),
} as const;

export const POST_PARTITION_PREFIX = 'POST#';
