import { describe, expect, it, vi } from 'vitest';
import type { PostHead } from '../../shared/domain/post.js';
import { setLiked, type LikeRepository } from '../../shared/use-cases/likes/like-post.js';

/** The like use case with an in-memory repository: one like per visitor, repeats are no-ops, hashes only. */
const NOW = new Date('2024-05-01T12:00:30.000Z');
const SALT = 'unit-test-salt-0123456789';
const POST: PostHead = {
  id: 'P1',
  slug: 'hello',
  status: 'published',
  commentsOpen: true,
  publishedAt: '2024-04-01T00:00:00.000Z',
  commentCount: 0,
  likeCount: 0,
};
const SETTINGS = { salt: SALT };

describe('likes', () => {
  function likeDeps(post: PostHead | undefined = POST) {
    let count = 0;
    const liked = new Set<string>();
    const likes: LikeRepository = {
      like: vi.fn(async (_p, v) => {
        if (!liked.has(v)) {
          liked.add(v);
          count++;
        }
        return count;
      }),
      unlike: vi.fn(async (_p, v) => {
        if (liked.delete(v)) count--;
        return count;
      }),
    };
    const posts = { findHeadBySlug: vi.fn(async () => post && { ...post, likeCount: count }) };
    return { posts, likes, salt: SETTINGS.salt, now: () => NOW };
  }

  it('counts one like per visitor and treats repeats as no-ops', async () => {
    const d = likeDeps();
    const visitor = { slug: 'hello', sourceIp: '198.51.100.4', userAgent: 'UA' };
    expect(await setLiked(d, visitor, true)).toEqual({ likeCount: 1, liked: true });
    expect(await setLiked(d, visitor, true)).toEqual({ likeCount: 1, liked: true });
    expect(await setLiked(d, { ...visitor, userAgent: 'Other' }, true)).toEqual({ likeCount: 2, liked: true });
    expect(await setLiked(d, visitor, false)).toEqual({ likeCount: 1, liked: false });
    expect(await setLiked(d, visitor, false)).toEqual({ likeCount: 1, liked: false });
    expect(JSON.stringify((d.likes.like as ReturnType<typeof vi.fn>).mock.calls)).not.toContain('198.51.100.4');
  });

  it('reads the head consistently, since the like transaction holds only for the count it read', async () => {
    const d = likeDeps();
    await setLiked(d, { slug: 'hello', sourceIp: '198.51.100.4', userAgent: 'UA' }, true);
    expect(d.posts.findHeadBySlug).toHaveBeenCalledWith('hello', { consistent: true });
  });

  it('404s for a draft', async () => {
    await expect(
      setLiked(likeDeps({ ...POST, status: 'draft' }), { slug: 'hello', sourceIp: '1.2.3.4', userAgent: '' }, true),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
