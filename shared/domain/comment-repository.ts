import type { Comment, CommentStatus } from './comment.js';
import type { Page } from './post.js';

/** What creating a comment needs to know beyond the post: the parent (for replies) and the commenter's history. */
export interface CommentContext {
  parent?: Comment;
  /** The email has at least one approved comment (COMMENTER item). */
  hasApprovedBefore: boolean;
}

/** What a replay answers: the stored comment. Records written before this shape also carry a `statusCode`. */
export interface StoredResponse {
  body: unknown;
  statusCode?: number;
}

export interface IdempotencyRecord {
  requestHash: string;
  response: StoredResponse;
}

/** Everything written in the one create transaction. */
export interface NewComment {
  comment: Comment;
  /** The slug the post head was read under (the head carries the counters and the visibility). */
  postSlug: string;
  /** Private salted hash of the email, keys the COMMENTER item. */
  commenterHash?: string;
  duplicateFingerprint: string;
  idempotency?: { scope: string; key: string; record: IdempotencyRecord; expiresAt: number; now: number };
  /** Omitted when the limit is off. */
  rateLimit?: { visitorHash: string; window: string; limit: number; expiresAt: number; retryAfterSeconds: number };
}

export type CreateOutcome = { kind: 'created' } | { kind: 'replay'; record: IdempotencyRecord };

export interface ApprovedCommentsPage {
  /** The post behind the slug (absent when none): callers refuse the page unless it is published, cursor or not. */
  post?: { id: string; status: string };
  comments: Comment[];
  /** The number of the first comment on this page. */
  firstNumber: number;
  nextCursor: string | null;
}

export interface StatusChange {
  comment: Comment;
  previousStatus: CommentStatus;
}

export interface CommentRepository {
  /** One request at most, none when neither a parent nor the commenter history is needed. */
  loadContext(postId: string, parentId: string | undefined, commenterHash: string | undefined): Promise<CommentContext>;
  /** One transaction. Throws DomainError for duplicates, rate limits, closed or missing posts and bad parents. */
  create(input: NewComment): Promise<CreateOutcome>;
  /** Two requests: the post head by slug, then its approved comments, oldest first. */
  listApproved(slug: string, options: { limit: number; cursor?: string }): Promise<ApprovedCommentsPage>;
  findById(id: string): Promise<Comment | undefined>;
  /** Newest first; by post when postId is given. */
  listForModeration(options: {
    status: CommentStatus;
    postId?: string;
    limit: number;
    cursor?: string;
  }): Promise<Page<Comment>>;
  /** Status, count, index keys and commenter history change together; retried on concurrent changes. */
  setStatus(id: string, status: CommentStatus, now: Date): Promise<StatusChange>;
  /** Deletes the comment and adjusts the count in one transaction. */
  delete(id: string, now: Date): Promise<Comment>;
}
