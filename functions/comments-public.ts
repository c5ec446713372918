import { monotonicFactory } from 'ulid';
import { getConfig } from '../shared/config/config.js';
import { loadVisitorSalt } from '../shared/config/secrets.js';
import { dynamoDocumentClient } from '../shared/data/clients.js';
import { installCursorSalt } from '../shared/data/cursor-key.js';
import { DynamoCommentRepository } from '../shared/data/dynamo-comment-repository.js';
import { DynamoPostReader } from '../shared/data/dynamo-post-reader.js';
import { feedRebuildTrigger } from '../shared/data/feed-trigger.js';
import { commentMailHooksFrom } from '../shared/data/mail-hooks-wiring.js';
import { logger } from '../shared/logger.js';
import { apiHandler } from '../shared/http/api-handler.js';
import { created, ok, type Operation } from '../shared/http/api-types.js';
import { validate } from '../shared/http/validate.js';
import { parseCommentInput } from '../shared/domain/comment-input.js';
import { slugPath } from '../shared/schema-pieces.js';
import { listCommentsQuery, parseIdempotencyKey } from '../shared/use-cases/comments/comment-schemas.js';
import { commentSettingsFrom } from '../shared/use-cases/comments/comment-settings.js';
import {
  createComment as createCommentUseCase,
  requestHashOf,
  type CreateCommentDeps,
} from '../shared/use-cases/comments/create-comment.js';
import { listComments as listCommentsUseCase } from '../shared/use-cases/comments/list-comments.js';

/** GET/POST /posts/{slug}/comments. */
export function commentsPublicOperations(deps: CreateCommentDeps) {
  const listComments: Operation = async (request) => {
    const { slug } = validate(slugPath, request.pathParameters);
    return ok(await listCommentsUseCase(deps, slug, validate(listCommentsQuery, request.query)));
  };

  const createComment: Operation = async (request) => {
    const { slug } = validate(slugPath, request.pathParameters);
    const input = parseCommentInput(request.body);
    const key = parseIdempotencyKey(request.headers['idempotency-key']);
    const result = await createCommentUseCase(deps, {
      slug,
      input,
      sourceIp: request.sourceIp,
      idempotency: key === undefined ? undefined : { key, requestHash: requestHashOf(request.body) },
    });
    return created(result.stored, result.replayed ? { 'Idempotent-Replayed': 'true' } : undefined);
  };

  return { listComments, createComment };
}

const config = getConfig();
const salt = await loadVisitorSalt(config);
installCursorSalt(salt);
const client = dynamoDocumentClient(config);
const nextId = monotonicFactory();

export const { listComments, createComment } = commentsPublicOperations({
  posts: new DynamoPostReader({ client, tableName: config.TABLE_NAME }),
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
