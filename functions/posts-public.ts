import { getConfig } from '../shared/config/config.js';
import { loadVisitorSalt } from '../shared/config/secrets.js';
import { dynamoDocumentClient } from '../shared/data/clients.js';
import { installCursorSalt } from '../shared/data/cursor-key.js';
import { DynamoPostReader } from '../shared/data/dynamo-post-reader.js';
import { apiHandler } from '../shared/http/api-handler.js';
import { ok, type Operation } from '../shared/http/api-types.js';
import { validate } from '../shared/http/validate.js';
import type { PublicPostsDeps } from '../shared/use-cases/posts/posts-deps.js';
import { getPublicPost, listPublicPosts } from '../shared/use-cases/posts/public-posts.js';
import { listPublicPostsQuery, slugPath } from '../shared/use-cases/posts/schemas.js';

/** GET /posts and GET /posts/{slug}. ETag, Cache-Control and 304 are added by the shared response layer. */
export function postsPublicOperations(deps: PublicPostsDeps) {
  const listPosts: Operation = async (request) =>
    ok(await listPublicPosts(deps, validate(listPublicPostsQuery, request.query)));

  const getPost: Operation = async (request) => {
    const { slug } = validate(slugPath, request.pathParameters);
    return ok(await getPublicPost(deps, slug));
  };

  return { listPosts, getPost };
}

const config = getConfig();
// Cursors are signed with a key derived from the salt, which is read by ARN at cold start.
installCursorSalt(await loadVisitorSalt(config));

export const { listPosts, getPost } = postsPublicOperations({
  posts: new DynamoPostReader({ client: dynamoDocumentClient(config), tableName: config.TABLE_NAME }),
  siteUrl: config.SITE_URL,
  timeZone: config.SITE_TIMEZONE,
});

export const handler = apiHandler('posts-public', { listPosts, getPost });
