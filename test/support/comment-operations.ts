import { commentsAdminOperations } from '../../functions/comments-admin.js';
import { commentsPublicOperations } from '../../functions/comments-public.js';
import type { ApiRequest, ApiResponse, Principal } from '../../shared/http/api-types.js';
import type { AuthorCommentDeps } from '../../shared/use-cases/comments/author-comment.js';
import type { CreateCommentDeps, StoredComment } from '../../shared/use-cases/comments/create-comment.js';
import type { CommentList } from '../../shared/use-cases/comments/list-comments.js';
import type { ModerationDeps } from '../../shared/use-cases/comments/moderate-comments.js';

/**
 * The comment routes as the use-case tests call them: raw path, query and body go through the handler's parsing
 * (functions/comments-*.ts) into the typed use case, so validation and use case are tested together, without HTTP.
 */
export function apiRequest(parts: Partial<ApiRequest>): ApiRequest {
  return {
    method: 'GET',
    resource: '/',
    path: '/',
    pathParameters: {},
    query: {},
    headers: {},
    body: undefined,
    rawBody: '',
    requestId: 'test-request',
    sourceIp: '192.0.2.1',
    userAgent: 'test',
    ...parts,
  };
}

type AdminDeps = ModerationDeps & AuthorCommentDeps;
const admin = (deps: Partial<AdminDeps>) =>
  commentsAdminOperations(deps as Parameters<typeof commentsAdminOperations>[0]);

export interface CommentPost {
  slug: string;
  body: unknown;
  sourceIp: string;
  idempotencyKey?: string;
}

/** POST /posts/{slug}/comments: the status, the JSON body and whether it was an idempotent replay. */
export async function createComment(deps: CreateCommentDeps, request: CommentPost) {
  const response: ApiResponse = await commentsPublicOperations(deps).createComment(
    apiRequest({
      method: 'POST',
      pathParameters: { slug: request.slug },
      body: request.body,
      sourceIp: request.sourceIp,
      headers: request.idempotencyKey === undefined ? {} : { 'idempotency-key': request.idempotencyKey },
    }),
  );
  return {
    statusCode: response.statusCode,
    body: response.body as StoredComment,
    replayed: response.headers?.['Idempotent-Replayed'] === 'true',
  };
}

/** GET /posts/{slug}/comments. */
export async function listComments(
  deps: Pick<CreateCommentDeps, 'comments'>,
  slug: string,
  query: Record<string, string>,
) {
  const response = await commentsPublicOperations(deps as CreateCommentDeps).listComments(
    apiRequest({ pathParameters: { slug }, query }),
  );
  return response.body as CommentList;
}

/** PATCH /admin/comments/{id}. */
export async function updateCommentStatus(deps: ModerationDeps, id: string, body: unknown) {
  const response = await admin(deps).updateComment(apiRequest({ method: 'PATCH', pathParameters: { id }, body }));
  return response.body as any;
}

/** GET /admin/comments. */
export async function listCommentsForModeration(deps: Pick<ModerationDeps, 'comments'>, query: Record<string, string>) {
  const response = await admin(deps).listComments(apiRequest({ query }));
  return response.body as any;
}

/** POST /admin/comments (the owner's own comment). */
export async function createAuthorComment(deps: AuthorCommentDeps, body: unknown, principal: Principal | undefined) {
  const response = await admin(deps).createComment(apiRequest({ method: 'POST', body, principal }));
  return response.body as any;
}
