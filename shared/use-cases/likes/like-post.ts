import { notFound } from '../../domain/errors.js';
import type { PostReader } from '../../domain/post.js';
import { likeVisitorHash } from '../../domain/visitor.js';

/** The post as a consistent read of its head saw it: the count a like starts from. */
export interface LikedPost {
  id: string;
  slug: string;
  likeCount: number;
}

export interface LikeRepository {
  /**
   * Like item and likeCount in one transaction that holds only if the count is still `post.likeCount`, so the
   * count it answers is exact. Repeating a like changes nothing and answers the current count.
   */
  like(post: LikedPost, visitorHash: string, now: Date): Promise<number>;
  /** The same for taking a like back; unliking what was never liked changes nothing. */
  unlike(post: LikedPost, visitorHash: string): Promise<number>;
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
  const post = await deps.posts.findHeadBySlug(request.slug, { consistent: true });
  if (!post || post.status !== 'published') throw notFound('Post');
  const visitor = likeVisitorHash(deps.salt, request.sourceIp, request.userAgent);
  const likeCount = liked ? await deps.likes.like(post, visitor, deps.now()) : await deps.likes.unlike(post, visitor);
  return { likeCount, liked };
}
