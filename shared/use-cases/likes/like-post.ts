import { notFound } from '../../domain/errors.js';
import type { PostReader } from '../../domain/post.js';
import { likeVisitorHash } from '../../domain/visitor.js';

export interface LikeRepository {
  /** Like item and likeCount in one transaction; false when this visitor already liked the post. */
  like(post: { id: string; slug: string }, visitorHash: string, now: Date): Promise<boolean>;
  /** false when this visitor had not liked the post. */
  unlike(post: { id: string; slug: string }, visitorHash: string): Promise<boolean>;
  /** Strongly consistent current count. */
  likeCount(post: { id: string; slug: string }): Promise<number>;
}

export interface LikeDeps {
  posts: Pick<PostReader, 'findHeadBySlug'>;
  likes: LikeRepository;
  salt: string;
  now: () => Date;
}

export interface LikeRequest {
  slug: string;
  sourceIp: string;
  userAgent: string;
}

export interface LikeState {
  likeCount: number;
  liked: boolean;
}

/** One like per visitor (salted hash of IP and user agent); repeating a like or unlike changes nothing. */
export async function setLiked(deps: LikeDeps, request: LikeRequest, liked: boolean): Promise<LikeState> {
  const post = await deps.posts.findHeadBySlug(request.slug);
  if (!post || post.status !== 'published') throw notFound('Post');
  const visitor = likeVisitorHash(deps.salt, request.sourceIp, request.userAgent);
  if (liked) await deps.likes.like(post, visitor, deps.now());
  else await deps.likes.unlike(post, visitor);
  return { likeCount: await deps.likes.likeCount(post), liked };
}
