import type { Page, Post, PostReader, PostStatus } from './post.js';

/**
 * Write side of posts. Implementations keep the slug unique (slug guard item in the same transaction), never
 * overwrite counters other features maintain (commentCount, likeCount) and lock updates on `version`.
 */
export interface PostRepository extends PostReader {
  /** Throws DomainError 'slug_taken' when the slug belongs to another post. */
  create(post: Post): Promise<void>;
  /**
   * Writes `next` if the stored version still equals `previous.version` (else DomainError 'precondition_failed');
   * `next.version` must be `previous.version + 1`. A slug change moves only the post's head and public view:
   * everything else is keyed by the post id.
   */
  update(previous: Post, next: Post): Promise<void>;
  /**
   * Deletes the post, its public view and its head in one transaction and queues a purge of everything stored
   * under the post (comments, likes, guards); purgeDeleted() does that later, resumably.
   */
  delete(post: Post): Promise<void>;
  /** Post ids whose purge is still pending (at most 100). */
  pendingPurges(): Promise<string[]>;
  /** Removes everything stored under a deleted post, then its purge marker; safe to run again. Returns items removed. */
  purgeDeleted(postId: string): Promise<number>;
  /** Admin listing: by status (newest first by the status's time) or, without status, by last update. */
  listForAdmin(options: { status?: PostStatus; limit: number; cursor?: string }): Promise<Page<Post>>;
  /** Scheduled posts whose publishAt is at or before `now`, oldest first. */
  listDueScheduled(now: Date): Promise<Post[]>;
  /** Publishes a due scheduled post if it is still scheduled for the same time; undefined when it was not. */
  publishScheduled(post: Post, now: Date): Promise<Post | undefined>;
}
