import { monotonicFactory } from 'ulid';
import { getConfig } from '../shared/config/config.js';
import { loadVisitorSalt } from '../shared/config/secrets.js';
import { dynamoDocumentClient } from '../shared/data/clients.js';
import { installCursorSalt } from '../shared/data/cursor-key.js';
import { DynamoImportRepository } from '../shared/data/dynamo-import-repository.js';
import { DynamoPostRepository } from '../shared/data/dynamo-post-repository.js';
import { feedRebuildTrigger } from '../shared/data/feed-trigger.js';
import { postMailHooksFrom } from '../shared/data/mail-hooks-wiring.js';
import type { FeedRebuildTrigger } from '../shared/domain/feed-trigger.js';
import type { Post } from '../shared/domain/post.js';
import { toAdminPostView, versionEtag } from '../shared/domain/post-rules.js';
import { adminAuthenticator } from '../shared/auth/admin-request-auth.js';
import { apiHandler } from '../shared/http/api-handler.js';
import { created, noContent, ok, type ApiResponse, type Operation } from '../shared/http/api-types.js';
import { logger } from '../shared/logger.js';
import { validate } from '../shared/http/validate.js';
import {
  createPost as createPostUseCase,
  deletePost as deletePostUseCase,
  getAdminPost,
  listAdminPosts,
  updatePost as updatePostUseCase,
} from '../shared/use-cases/posts/admin-posts.js';
import type { AdminPostsDeps } from '../shared/use-cases/posts/posts-deps.js';
import { importPosts as importPostsUseCase } from '../shared/use-cases/import/import-posts.js';
import type { ImportRepository } from '../shared/domain/import-repository.js';
import { importPostsSchema } from '../shared/use-cases/import/import-schemas.js';
import { createPostSchema, idPath, listAdminPostsQuery, updatePostSchema } from '../shared/use-cases/posts/schemas.js';

/** /admin/posts, /admin/posts/{id} and /admin/import/posts. Single-post responses carry ETag "v<version>" for If-Match. */
export function postsAdminOperations(deps: AdminPostsDeps & { imports: ImportRepository }) {
  const withEtag = (post: Post, respond: (body: unknown, headers: Record<string, string>) => ApiResponse) =>
    respond(toAdminPostView(post, deps), { ETag: versionEtag(post.version) });

  const createPost: Operation = async (request) => {
    const post = await createPostUseCase(deps, validate(createPostSchema, request.body), request.principal);
    return withEtag(post, (body, headers) => created(body, { ...headers, Location: `/admin/posts/${post.id}` }));
  };

  const listPosts: Operation = async (request) =>
    ok(await listAdminPosts(deps, validate(listAdminPostsQuery, request.query)));

  const getPost: Operation = async (request) => {
    const { id } = validate(idPath, request.pathParameters);
    return withEtag(await getAdminPost(deps, id), ok);
  };

  const updatePost: Operation = async (request) => {
    const { id } = validate(idPath, request.pathParameters);
    const patch = validate(updatePostSchema, request.body);
    return withEtag(await updatePostUseCase(deps, id, patch, request.headers['if-match']), ok);
  };

  const deletePost: Operation = async (request) => {
    const { id } = validate(idPath, request.pathParameters);
    await deletePostUseCase(deps, id, request.headers['if-match']);
    return noContent();
  };

  const importPosts: Operation = async (request) =>
    ok(await importPostsUseCase(deps, validate(importPostsSchema, request.body), request.principal));

  return { createPost, listPosts, getPost, updatePost, deletePost, importPosts };
}

/** The post is already stored when feeds are asked to rebuild; a failed request is logged, the schedule catches up. */
const tolerantFeeds: FeedRebuildTrigger = {
  async request(rebuild) {
    try {
      await feedRebuildTrigger.request(rebuild);
    } catch (error) {
      logger.warn('feed rebuild request failed', { error: error as Error });
    }
  },
};

const config = getConfig();
// Cursors are signed with a key derived from the salt, which is read by ARN at cold start.
installCursorSalt(await loadVisitorSalt(config));
const nextId = monotonicFactory();
const client = dynamoDocumentClient(config);

export const { createPost, listPosts, getPost, updatePost, deletePost, importPosts } = postsAdminOperations({
  posts: new DynamoPostRepository({ client, tableName: config.TABLE_NAME }),
  imports: new DynamoImportRepository({ client, tableName: config.TABLE_NAME }),
  siteUrl: config.SITE_URL,
  timeZone: config.SITE_TIMEZONE,
  now: () => new Date(),
  newId: () => nextId(),
  feeds: tolerantFeeds,
  mail: postMailHooksFrom(config),
  defaultAuthor: { name: config.BLOG_AUTHOR_NAME, email: config.BLOG_AUTHOR_EMAIL },
});

// Verifies the token itself when the gateway has no authorizer step (LocalStack) or passed no authorizer context.
export const handler = apiHandler(
  'posts-admin',
  { createPost, listPosts, getPost, updatePost, deletePost, importPosts },
  { authenticateAdmin: adminAuthenticator() },
);
