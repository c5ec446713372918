/**
 * Key builders for the single table. Every item type's keys are built here so that no two features can collide.
 * docs/data-model.md lists the access pattern behind each one.
 */
export const keys = {
  post: (postId: string) => ({ pk: `POST#${postId}`, sk: 'POST' }),
  postGsi1: (status: string, sortTime: string, postId: string) => ({ gsi1pk: `POSTS#${status}`, gsi1sk: `${sortTime}#${postId}` }),
  postGsi2: (slug: string) => ({ gsi2pk: `SLUG#${slug}`, gsi2sk: '#POST' }),
  postGsi3: (updatedAt: string, postId: string) => ({ gsi3pk: 'POSTS', gsi3sk: `${updatedAt}#${postId}` }),
  slugGuard: (slug: string) => ({ pk: `SLUG#${slug}`, sk: 'SLUG' }),

  comment: (postId: string, commentId: string) => ({ pk: `POST#${postId}`, sk: `COMMENT#${commentId}` }),
  commentGsi1: (status: string, createdAt: string, commentId: string) => ({ gsi1pk: `COMMENTS#${status}`, gsi1sk: `${createdAt}#${commentId}` }),
  /** Only approved comments carry GSI2 keys, so the slug partition lists exactly the public comments. */
  commentGsi2: (slug: string, commentId: string) => ({ gsi2pk: `SLUG#${slug}`, gsi2sk: `COMMENT#${commentId}` }),
  commentGsi3: (postId: string, status: string, createdAt: string, commentId: string) => ({
    gsi3pk: `COMMENTS#${postId}#${status}`,
    gsi3sk: `${createdAt}#${commentId}`,
  }),
  /** Lets the admin API find a comment by id alone. */
  commentById: (commentId: string) => ({ pk: `COMMENTID#${commentId}`, sk: 'COMMENTID' }),

  like: (postId: string, visitorHash: string) => ({ pk: `POST#${postId}`, sk: `LIKE#${visitorHash}` }),
  duplicateGuard: (postId: string, fingerprint: string) => ({ pk: `POST#${postId}`, sk: `DUP#${fingerprint}` }),
  commenter: (emailHash: string) => ({ pk: `COMMENTER#${emailHash}`, sk: 'COMMENTER' }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' }),
  rateWindow: (visitorHash: string, window: string) => ({ pk: `RATE#${visitorHash}#${window}`, sk: 'RATE' }),

  /** Remembers what an import created from an original (WordPress, Disqus) id, so a re-import writes nothing. */
  importRef: (source: string, originalId: string) => ({ pk: `IMPORT#${encodeURIComponent(source)}#${originalId}`, sk: 'IMPORT' }),

  /** Written in the same transaction as any change to a post's public comments; the feed job drains it. */
  feedDirty: (postId: string) => ({ pk: 'FEEDS#DIRTY', sk: `POST#${postId}` }),
} as const;

export const POST_PARTITION_PREFIX = 'POST#';
