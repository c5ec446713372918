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
   * `next.version` must be `previous.version + 1`. A slug change moves the slug guard and re-keys every item of
   * the post that is listed under the slug (approved comments).
   */
  update(previous: Post, next: Post): Promise<void>;
  /** Deletes the post, its slug guard and every item stored under the post (comments, likes, guards). */
  delete(post: Post): Promise<void>;
  /** Admin listing: by status (newest first by the status's time) or, without status, by last update. */
  listForAdmin(options: { status?: PostStatus; limit: number; cursor?: string }): Promise<Page<Post>>;
  /** Scheduled posts whose publishAt is at or before `now`, oldest first. */
  listDueScheduled(now: Date): Promise<Post[]>;
  /** Publishes a due scheduled post if it is still scheduled for the same time; undefined when it was not. */
  publishScheduled(post: Post, now: Date): Promise<Post | undefined>;
}
