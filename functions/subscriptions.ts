import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { getConfig } from '../shared/config/config.js';
import { dynamoDocumentClient } from '../shared/data/clients.js';
import { DynamoPostRepository } from '../shared/data/dynamo-post-repository.js';
import { subscriptionDepsFrom } from '../shared/data/mail-wiring.js';
import { linkPage } from '../shared/domain/mail/link-pages.js';
import { apiHandler } from '../shared/http/api-handler.js';
import { accepted, htmlPage, type Operation } from '../shared/http/api-types.js';
import { checkUnsubscribeLink, confirmSubscription, subscribe as subscribeUseCase, unsubscribe as unsubscribeUseCase } from '../shared/use-cases/subscriptions/subscribe.js';
import type { PostLookup, SubscriptionDeps } from '../shared/use-cases/subscriptions/subscription-deps.js';

/** POST /subscriptions, GET /subscriptions/confirm, GET|POST /subscriptions/unsubscribe (RFC 8058 one-click). */
export function subscriptionsOperations(deps: SubscriptionDeps & { posts: PostLookup }) {
  const title = deps.site.title;
  const statusOf = (outcome: string) => (outcome === 'invalid' || outcome === 'expired' ? 400 : 200);

  const subscribe: Operation = async (request) => accepted(await subscribeUseCase(deps, request.body));

  const confirm: Operation = async (request) => {
    const outcome = await confirmSubscription(deps, request.query);
    return htmlPage(statusOf(outcome), linkPage(outcome, title));
  };

  // GET must not unsubscribe: mail scanners fetch links. It shows a button that POSTs to the same URL.
  const unsubscribePage: Operation = async (request) => {
    const validity = await checkUnsubscribeLink(deps, request.query);
    if (validity === 'invalid') return htmlPage(400, linkPage('invalid', title));
    return htmlPage(200, linkPage('unsubscribe-form', title, `?token=${encodeURIComponent(request.query.token)}`));
  };

  const unsubscribe: Operation = async (request) => {
    const outcome = await unsubscribeUseCase(deps, request.query);
    return htmlPage(statusOf(outcome), linkPage(outcome, title));
  };

  return { subscribe, confirm, unsubscribePage, unsubscribe };
}

const config = getConfig();
const client = dynamoDocumentClient(config);

export const { subscribe, confirm, unsubscribePage, unsubscribe } = subscriptionsOperations({
  ...subscriptionDepsFrom(config, client),
  posts: new DynamoPostRepository({ client, tableName: config.TABLE_NAME }),
});

const dispatched = apiHandler('subscriptions', { subscribe, confirm, unsubscribePage, unsubscribe });

/**
 * RFC 8058 one-click POSTs carry the form body "List-Unsubscribe=One-Click"; the token is in the query string. The
 * body says nothing else, so it is dropped before the JSON-only request parser sees it.
 */
export const handler = (event: APIGatewayProxyEvent, context: Context) =>
  dispatched(event.resource === '/subscriptions/unsubscribe' && event.httpMethod === 'POST' ? { ...event, body: null, isBase64Encoded: false } : event, context);
