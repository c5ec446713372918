import { getConfig } from '../shared/config/config.js';
import { loadVisitorSalt } from '../shared/config/secrets.js';
import { dynamoDocumentClient } from '../shared/data/clients.js';
import { installCursorSalt } from '../shared/data/cursor-key.js';
import { monotonicFactory } from 'ulid';
import { DynamoCommentRepository } from '../shared/data/dynamo-comment-repository.js';
import { DynamoImportRepository } from '../shared/data/dynamo-import-repository.js';
import { DynamoPostReader } from '../shared/data/dynamo-post-reader.js';
import { feedRebuildTrigger } from '../shared/data/feed-trigger.js';
import { commentMailHooksFrom } from '../shared/data/mail-hooks-wiring.js';
import { adminAuthenticator } from '../shared/auth/admin-request-auth.js';
import { apiHandler } from '../shared/http/api-handler.js';
import { created, noContent, ok, type Operation } from '../shared/http/api-types.js';
import { logger } from '../shared/logger.js';
import { validate } from '../shared/http/validate.js';
import {
  authorCommentBody,
  moderationListQuery,
  updateCommentBody,
} from '../shared/use-cases/comments/comment-schemas.js';
import { createAuthorComment, type AuthorCommentDeps } from '../shared/use-cases/comments/author-comment.js';
import {
  importComments as importCommentsUseCase,
  type ImportCommentsDeps,
} from '../shared/use-cases/import/import-comments.js';
import { importCommentsSchema } from '../shared/use-cases/import/import-schemas.js';
import {
  deleteComment as deleteCommentUseCase,
  listCommentsForModeration,
  updateCommentStatus,
  type ModerationDeps,
} from '../shared/use-cases/comments/moderate-comments.js';

/** The moderation API: GET /admin/comments, PATCH and DELETE /admin/comments/{id}; POST /admin/comments (the owner's own comment), POST /admin/import/comments. */
export function commentsAdminOperations(deps: ModerationDeps & AuthorCommentDeps & ImportCommentsDeps) {
  const importComments: Operation = async (request) =>
    ok(await importCommentsUseCase(deps, validate(importCommentsSchema, request.body)));
  const createComment: Operation = async (request) =>
    created(await createAuthorComment(deps, validate(authorCommentBody, request.body ?? {}), request.principal));
  const listComments: Operation = async (request) =>
    ok(await listCommentsForModeration(deps, validate(moderationListQuery, request.query)));
  const updateComment: Operation = async (request) =>
    ok(await updateCommentStatus(deps, request.pathParameters.id, validate(updateCommentBody, request.body ?? {})));
  const deleteComment: Operation = async (request) => {
    await deleteCommentUseCase(deps, request.pathParameters.id);
    return noContent();
  };
  return { listComments, updateComment, deleteComment, createComment, importComments };
}

const config = getConfig();
// Cursors are signed with a key derived from the salt, which is read by ARN at cold start.
const salt = await loadVisitorSalt(config);
installCursorSalt(salt);
const client = dynamoDocumentClient(config);
const nextId = monotonicFactory();

export const { listComments, updateComment, deleteComment, createComment, importComments } = commentsAdminOperations({
  imports: new DynamoImportRepository({ client, tableName: config.TABLE_NAME }),
  comments: new DynamoCommentRepository({ client, tableName: config.TABLE_NAME }),
  posts: new DynamoPostReader({ client, tableName: config.TABLE_NAME }),
  newId: () => nextId(),
  defaultAuthor: { name: config.BLOG_AUTHOR_NAME, email: config.BLOG_AUTHOR_EMAIL },
  feeds: feedRebuildTrigger,
  now: () => new Date(),
  onTriggerError: (error) =>
    logger.warn('feed rebuild request failed; the schedule will catch up', { error: error as Error }),
  mail: commentMailHooksFrom(config, salt),
});

// Verifies the token itself when the gateway has no authorizer step (LocalStack) or passed no authorizer context.
export const handler = apiHandler(
  'comments-admin',
  { listComments, updateComment, deleteComment, createComment, importComments },
  { authenticateAdmin: adminAuthenticator() },
);
