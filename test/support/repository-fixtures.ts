import { monotonicFactory } from 'ulid';
import type { Post } from '../../shared/domain/post.js';
import type { CommentSettings } from '../../shared/use-cases/comments/comment-settings.js';

const nextId = monotonicFactory();

/** A published post as the repositories take it (no HTTP), with a slug no other test uses; override any field. */
export function publishedPost(overrides: Partial<Post> = {}): Post {
  const id = nextId();
  return {
    id,
    slug: `post-${id.slice(-8).toLowerCase()}`,
    title: 'Fixture post',
    body: 'b',
    html: '<p>b</p>',
    excerpt: 'b',
    authorName: 'Owner',
    authorEmail: 'owner@private.example',
    tags: [],
    status: 'published',
    publishAt: null,
    publishedAt: '2025-01-01T00:00:00.000Z',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    commentCount: 0,
    likeCount: 0,
    commentsOpen: true,
    version: 1,
    ...overrides,
  };
}

/** Comment settings for repository-level tests: nothing held but `hold-me`, no rate limit; override any field. */
export function commentSettings(overrides: Partial<CommentSettings> = {}): CommentSettings {
  return {
    salt: 'integration-salt-0123456789',
    rateLimit: 0,
    maxDepth: 5,
    closeAfterDays: 0,
    idempotencyTtlSeconds: 3600,
    policy: { maxLinks: 2, moderationWords: ['hold-me'], disallowedWords: [], holdAll: false, holdFirstTime: false },
    ...overrides,
  };
}
