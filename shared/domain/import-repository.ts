import type { Comment } from './comment.js';
import type { Post } from './post.js';

/**
 * Remembered originals: what an import created from an original id (a WordPress post or comment id, a Disqus
 * post id) of one source, so importing the same file again writes nothing and an interrupted import resumes.
 */
export interface ImportRef {
  source: string;
  originalId: string;
  kind: 'post' | 'comment';
  /** Our id of what was created. */
  targetId: string;
  postId: string;
  /** Hash of the imported fields: an unchanged original is skipped, a changed post is updated. */
  contentHash: string;
  /** Comments: depth, so replies to it need not read it. */
  depth?: number;
}

export interface ImportRepository {
  /** The refs that exist among these original ids (BatchGetItem, 100 keys a request). */
  findRefs(source: string, originalIds: string[]): Promise<Map<string, ImportRef>>;
  /** One transaction: post, slug guard and ref. 'exists' when the ref was written meanwhile; throws 'slug_taken'. */
  createPost(post: Post, ref: ImportRef): Promise<'created' | 'exists'>;
  /**
   * One transaction: comment, id lookup, ref and, for an approved comment, the post's commentCount and the feed
   * marker. The post must exist. 'exists' when the ref was written meanwhile.
   */
  createComment(comment: Comment, postSlug: string, ref: ImportRef): Promise<'created' | 'exists'>;
  /** Replaces a ref's hash after its post was updated. */
  saveRef(ref: ImportRef): Promise<void>;
}
