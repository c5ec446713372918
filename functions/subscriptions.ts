import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { getConfig } from '../shared/config/config.js';
import { loadVisitorSalt } from '../shared/config/secrets.js';
import { dynamoDocumentClient } from '../shared/data/clients.js';
import { DynamoCommentRepository } from '../shared/data/dynamo-comment-repository.js';
import { DynamoNonceStore } from '../shared/data/dynamo-nonce-store.js';
import { DynamoPostRepository } from '../shared/data/dynamo-post-repository.js';
import { feedRebuildTrigger } from '../shared/data/feed-trigger.js';
import { subscriptionDepsFrom } from '../shared/data/subscription-wiring.js';
import { linkPage } from '../shared/domain/mail/link-pages.js';
import { apiHandler } from '../shared/http/api-handler.js';
import { accepted, htmlPage, type Operation } from '../shared/http/api-types.js';
import { commentMailHooksFrom } from '../shared/data/mail-hooks-wiring.js';
import { logger } from '../shared/logger.js';
import { validate } from '../shared/http/validate.js';
import { updateCommentStatus } from '../shared/use-cases/comments/moderate-comments.js';
import {
  checkModerationLink,
  moderateByLink,
  type ModerateByLinkDeps,
} from '../shared/use-cases/subscriptions/moderate-by-link.js';
import {
  checkUnsubscribeLink,
  confirmSubscription,
  subscribeAddress,
  unsubscribe as unsubscribeUseCase,
} from '../shared/use-cases/subscriptions/subscribe.js';
import { parseLinkToken, subscribeSchema } from '../shared/use-cases/subscriptions/subscription-schemas.js';
import type { PostLookup, SubscriptionDeps } from '../shared/use-cases/subscriptions/subscription-deps.js';

/**
 * POST /subscriptions, GET /subscriptions/confirm, GET|POST /subscriptions/unsubscribe (RFC 8058 one-click) and
 * GET|POST /subscriptions/moderate (the owner's one-time links).
 */
export function subscriptionsOperations(
  deps: SubscriptionDeps & { posts: PostLookup; moderation: ModerateByLinkDeps },
) {
  const title = deps.site.title;
  const statusOf = (outcome: string) => (outcome === 'invalid' || outcome === 'expired' ? 400 : 200);
  // The link pages' buttons POST to the same path: a relative action keeps API Gateway's stage prefix.
  const tokenAction = (token: string) => `?token=${encodeURIComponent(token)}`;

  const subscribe: Operation = async (request) =>
    accepted(await subscribeAddress(deps, validate(subscribeSchema, request.body)));

  const confirm: Operation = async (request) => {
    const outcome = await confirmSubscription(deps, parseLinkToken(request.query));
    return htmlPage(statusOf(outcome), linkPage(outcome, title));
  };

  // GET must not unsubscribe: mail scanners fetch links. It shows a button that POSTs to the same URL.
  const unsubscribePage: Operation = async (request) => {
    const validity = await checkUnsubscribeLink(deps, parseLinkToken(request.query));
    if (validity === 'invalid') return htmlPage(400, linkPage('invalid', title));
    return htmlPage(200, linkPage('unsubscribe-form', title, tokenAction(request.query.token)));
  };

  const unsubscribe: Operation = async (request) => {
    const outcome = await unsubscribeUseCase(deps, parseLinkToken(request.query));
    return htmlPage(statusOf(outcome), linkPage(outcome, title));
  };

  const moderatePage: Operation = async (request) => {
    const outcome = await checkModerationLink(deps.moderation, parseLinkToken(request.query));
    if (outcome.kind !== 'valid')
      return htmlPage(400, linkPage(outcome.kind === 'expired' ? 'expired' : 'invalid', title));
    return htmlPage(200, linkPage(`${outcome.action}-form`, title, tokenAction(request.query.token)));
  };

  const moderate: Operation = async (request) => {
    const outcome = await moderateByLink(deps.moderation, parseLinkToken(request.query));
    if (outcome.kind === 'done') return htmlPage(200, linkPage(`${outcome.action}-done`, title));
    return htmlPage(
      outcome.kind === 'gone' ? 404 : outcome.kind === 'used' ? 409 : 400,
      linkPage(outcome.kind === 'valid' ? 'invalid' : outcome.kind, title),
    );
  };

  return { subscribe, confirm, unsubscribePage, unsubscribe, moderatePage, moderate };
}

const config = getConfig();
const client = dynamoDocumentClient(config);

// The salt is read by ARN at cold start, never from the environment of a deployed function.
const salt = await loadVisitorSalt(config);
const subscriptionDeps = subscriptionDepsFrom(config, client, salt);
const moderationDeps = {
  comments: new DynamoCommentRepository({ client, tableName: config.TABLE_NAME }),
  feeds: feedRebuildTrigger,
  now: () => new Date(),
  onTriggerError: (error: unknown) =>
    logger.warn('feed rebuild request failed; the schedule will catch up', { error: error as Error }),
  // An approve link mails the post's subscribers, as an approval in the admin API does.
  mail: commentMailHooksFrom(config, salt),
};

export const { subscribe, confirm, unsubscribePage, unsubscribe, moderatePage, moderate } = subscriptionsOperations({
  ...subscriptionDeps,
  posts: new DynamoPostRepository({ client, tableName: config.TABLE_NAME }),
  moderation: {
    tokenKey: subscriptionDeps.tokenKey,
    nonces: new DynamoNonceStore({ client, tableName: config.TABLE_NAME }),
    moderator: {
      setStatus: async (commentId, status) => void (await updateCommentStatus(moderationDeps, commentId, { status })),
    },
    now: () => new Date(),
  },
});

const dispatched = apiHandler('subscriptions', {
  subscribe,
  confirm,
  unsubscribePage,
  unsubscribe,
  moderatePage,
  moderate,
});
const FORM_POSTS = new Set(['/subscriptions/unsubscribe', '/subscriptions/moderate']);

/**
 * RFC 8058 one-click POSTs carry the form body "List-Unsubscribe=One-Click", and the link pages' buttons post forms;
 * the token is in the query string and the bodies say nothing else, so they are dropped before the JSON-only request
 * parser sees them.
 */
export const handler = (event: APIGatewayProxyEvent, context: Context) =>
  dispatched(
    FORM_POSTS.has(event.resource) && event.httpMethod === 'POST'
      ? { ...event, body: null, isBase64Encoded: false }
      : event,
    context,
  );
