import { getConfig } from '../shared/config/config.js';
import { loadVisitorSalt } from '../shared/config/secrets.js';
import { dynamoDocumentClient } from '../shared/data/clients.js';
import { DynamoLikeRepository } from '../shared/data/dynamo-like-repository.js';
import { DynamoPostReader } from '../shared/data/dynamo-post-reader.js';
import { apiHandler } from '../shared/http/api-handler.js';
import { ok, type Operation } from '../shared/http/api-types.js';
import { validate } from '../shared/http/validate.js';
import { slugPath } from '../shared/schema-pieces.js';
import { setLiked, type LikeDeps } from '../shared/use-cases/likes/like-post.js';

/** POST and DELETE /posts/{slug}/likes. */
export function likesOperations(deps: LikeDeps) {
  const visitor = (request: Parameters<Operation>[0]) => ({
    slug: validate(slugPath, request.pathParameters).slug,
    sourceIp: request.sourceIp,
    userAgent: request.userAgent,
  });
  const like: Operation = async (request) => ok(await setLiked(deps, visitor(request), true));
  const unlike: Operation = async (request) => ok(await setLiked(deps, visitor(request), false));
  return { like, unlike };
}

const config = getConfig();
const client = dynamoDocumentClient(config);

export const { like, unlike } = likesOperations({
  posts: new DynamoPostReader({ client, tableName: config.TABLE_NAME }),
  likes: new DynamoLikeRepository({ client, tableName: config.TABLE_NAME }),
  salt: await loadVisitorSalt(config),
  now: () => new Date(),
});

export const handler = apiHandler('likes', { like, unlike });
