import type { Page, Post, PostStatus } from '../domain/post.js';
import type { PostRepository } from '../domain/post-repository.js';
import { DynamoPostReader } from './dynamo-post-reader.js';
import { listDueScheduledPosts, listPostsForAdmin } from './post-listings.js';
import { pendingPurges, purgeDeletedPost } from './post-purge.js';
import { publishScheduledPost } from './post-scheduled-publish.js';
import { createPost, deletePost, updatePost } from './post-writes.js';

export { DynamoPostReader, type DynamoPostRepositoryOptions } from './dynamo-post-reader.js';
export { indexKeysOf, itemToPost, statusSortTime } from './post-items.js';
export { TAG_SCAN_FACTOR, TAG_SCAN_MAX } from './post-listings.js';
export { slugTaken, stale } from './post-writes.js';

/** The post repository: the reader's lookups and list, plus the admin list, writes, scheduled publishing and purges. */
export class DynamoPostRepository extends DynamoPostReader implements PostRepository {
  listForAdmin(options: { status?: PostStatus; limit: number; cursor?: string }): Promise<Page<Post>> {
    return listPostsForAdmin(this.db, options);
  }

  create(post: Post): Promise<void> {
    return createPost(this.db, post);
  }

  update(previous: Post, next: Post): Promise<void> {
    return updatePost(this.db, previous, next);
  }

  delete(post: Post): Promise<void> {
    return deletePost(this.db, post);
  }

  pendingPurges(): Promise<string[]> {
    return pendingPurges(this.send, this.table);
  }

  purgeDeleted(postId: string): Promise<number> {
    return purgeDeletedPost(this.send, this.table, postId);
  }

  listDueScheduled(now: Date): Promise<Post[]> {
    return listDueScheduledPosts(this.db, now);
  }

  publishScheduled(post: Post, now: Date): Promise<Post | undefined> {
    return publishScheduledPost(this.db, post, now);
  }
}
