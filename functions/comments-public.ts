import { monotonicFactory } from 'ulid';
import { getConfig } from '../shared/config/config.js';
import { loadVisitorSalt } from '../shared/config/secrets.js';
import { dynamoDocumentClient } from '../shared/data/clients.js';
import { installCursorSalt } from '../shared/data/cursor-key.js';
import { DynamoCommentRepository } from '../shared/data/dynamo-comment-repository.js';
import { DynamoPostRepository } from '../shared/data/dynamo-post-repository.js';
import { feedRebuildTrigger } from '../shared/data/feed-trigger.js';
import { commentMailHooksFrom } from '../shared/data/mail-hooks-wiring.js';
import { logger } from '../shared/logger.js';
import { apiHandler } from '../shared/http/api-handler.js';
import { created, ok, type Operation } from '../shared/http/api-types.js';
import { commentSettingsFrom } from '../shared/use-cases/comments/comment-settings.js';
import {
  createComment as createCommentUseCase,
  type CreateCommentDeps,
} from '../shared/use-cases/comments/create-comment.js';
import { listComments as listCommentsUseCase } from '../shared/use-cases/comments/list-comments.js';

/** GET/POST /posts/{slug}/comments. */
export function commentsPublicOperations(deps: CreateCommentDeps) {
  const listComments: Operation = async (request) =>
    ok(await listCommentsUseCase(deps, request.pathParameters.slug, request.query));

  const createComment: Operation = async (request) => {
    const result = await createCommentUseCase(deps, {
      slug: request.pathParameters.slug,
      body: request.body,
      sourceIp: request.sourceIp,
      idempotencyKey: request.headers['idempotency-key'],
    });
    return result.replayed
      ? { statusCode: result.statusCode, body: result.body, headers: { 'Idempotent-Replayed': 'true' } }
      : created(result.body);
  };

  return { listComments, createComment };
}

const config = getConfig();
const salt = await loadVisitorSalt(config);
installCursorSalt(salt);
const client = dynamoDocumentClient(config);
const nextId = monotonicFactory();

export const { listComments, createComment } = commentsPublicOperations({
  posts: new DynamoPostRepository({ client, tableName: config.TABLE_NAME }),
  comments: new DynamoCommentRepository({ client, tableName: config.TABLE_NAME }),
  // The salt is read by ARN at cold start, never from the environment of a deployed function.
  settings: { ...commentSettingsFrom(config), salt },
  now: () => new Date(),
  newId: () => nextId(),
  feeds: feedRebuildTrigger,
  onTriggerError: (error) =>
    logger.warn('feed rebuild request failed; the schedule catches up', { error: error as Error }),
  mail: commentMailHooksFrom(config, salt),
});

export const handler = apiHandler('comments-public', { listComments, createComment });
