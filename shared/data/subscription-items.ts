import { targetKey, type Subscription } from '../domain/subscriptions/subscription.js';
import type { Item } from './dynamo-requests.js';
import { subscriptionKeys as k } from './subscription-keys.js';

/** How a subscription is stored: its item ↔ domain mapping. */
export function toSubscription(item: Item): Subscription {
  return {
    id: item.subscriptionId as string,
    emailHash: item.emailHash as string,
    email: item.email as string,
    target: item.postId ? { kind: 'post', postId: item.postId as string } : { kind: 'new-posts' },
    postTitle: item.postTitle as string | undefined,
    postUrl: item.postUrl as string | undefined,
    status: item.status as Subscription['status'],
    createdAt: item.createdAt as string,
    confirmedAt: item.confirmedAt as string | undefined,
    unsubscribedAt: item.unsubscribedAt as string | undefined,
  };
}

export function subscriptionItem(s: Subscription): Item {
  return {
    ...k.subscription(s.id),
    entity: 'subscription',
    subscriptionId: s.id,
    emailHash: s.emailHash,
    email: s.email,
    target: targetKey(s.target),
    postId: s.target.kind === 'post' ? s.target.postId : undefined,
    postTitle: s.postTitle,
    postUrl: s.postUrl,
    status: s.status,
    createdAt: s.createdAt,
  };
}
