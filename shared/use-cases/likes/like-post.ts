import { notFound, validationFailed } from '../../domain/errors.js';
import { isPubliclyVisible, type PostReader } from '../../domain/post.js';
import { isValidSlug } from '../../domain/slug.js';
import { likeVisitorHash } from '../../domain/visitor.js';

export interface LikeRepository {
  /** Like item and likeCount in one transaction; false when this visitor already liked the post. */
  like(postId: string, visitorHash: string, now: Date): Promise<boolean>;
  /** false when this visitor had not liked the post. */
  unlike(postId: string, visitorHash: string): Promise<boolean>;
  /** Strongly consistent current count. */
  likeCount(postId: string): Promise<number>;
}

export interface LikeDeps {
  posts: Pick<PostReader, 'findBySlug'>;
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
  if (!isValidSlug(request.slug)) throw validationFailed([{ field: 'slug', message: 'must be lower-case words joined by hyphens, at most 96 characters' }]);
  const post = await deps.posts.findBySlug(request.slug);
  if (!post || !isPubliclyVisible(post)) throw notFound('Post');
  const visitor = likeVisitorHash(deps.salt, request.sourceIp, request.userAgent);
  if (liked) await deps.likes.like(post.id, visitor, deps.now());
  else await deps.likes.unlike(post.id, visitor);
  return { likeCount: await deps.likes.likeCount(post.id), liked };
}
