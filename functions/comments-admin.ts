import { getConfig } from '../shared/config/config.js';
import { dynamoDocumentClient } from '../shared/data/clients.js';
import { DynamoCommentRepository } from '../shared/data/dynamo-comment-repository.js';
import { feedRebuildTrigger } from '../shared/data/feed-trigger.js';
import { apiHandler } from '../shared/http/api-handler.js';
import { noContent, ok, type Operation } from '../shared/http/api-types.js';
import { logger } from '../shared/logger.js';
import {
  deleteComment as deleteCommentUseCase,
  listCommentsForModeration,
  updateCommentStatus,
  type ModerationDeps,
} from '../shared/use-cases/comments/moderate-comments.js';

/** The moderation API: GET /admin/comments, PATCH and DELETE /admin/comments/{id}. */
export function commentsAdminOperations(deps: ModerationDeps) {
  const listComments: Operation = async (request) => ok(await listCommentsForModeration(deps, request.query));
  const updateComment: Operation = async (request) => ok(await updateCommentStatus(deps, request.pathParameters.id, request.body));
  const deleteComment: Operation = async (request) => {
    await deleteCommentUseCase(deps, request.pathParameters.id);
    return noContent();
  };
  return { listComments, updateComment, deleteComment };
}

const config = getConfig();
const client = dynamoDocumentClient(config);

export const { listComments, updateComment, deleteComment } = commentsAdminOperations({
  comments: new DynamoCommentRepository({ client, tableName: config.TABLE_NAME }),
  feeds: feedRebuildTrigger,
  now: () => new Date(),
  onTriggerError: (error) => logger.warn('feed rebuild request failed; the schedule will catch up', { error: error as Error }),
});

export const handler = apiHandler('comments-admin', { listComments, updateComment, deleteComment });
