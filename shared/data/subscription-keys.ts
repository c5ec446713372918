/**
 * Keys of the subscription and mail item types (issue 11). Kept apart from keys.ts while the data layer is being
 * rewritten; every prefix here is new (SUBSCRIPTION#, SUBSCRIBER#, SUBSCRIBERS#, NONCE#, MAILDIGEST#), so nothing collides with
 * the item types in keys.ts. docs/data-model.md lists the access patterns.
 */
export const subscriptionKeys = {
  subscription: (subscriptionId: string) => ({ pk: `SUBSCRIPTION#${subscriptionId}`, sk: 'SUBSCRIPTION' }),
  /** Only confirmed subscriptions carry these, so the partition lists exactly who gets mail for a target. */
  confirmedGsi1: (targetKey: string, confirmedAt: string, subscriptionId: string) => ({
    gsi1pk: `SUBSCRIBERS#${targetKey}`,
    gsi1sk: `${confirmedAt}#${subscriptionId}`,
  }),
  /** One subscription per address and target: the guard maps the pair to the subscription id. */
  addressTarget: (emailHash: string, targetKey: string) => ({
    pk: `SUBSCRIBER#${emailHash}`,
    sk: `TARGET#${targetKey}`,
  }),
  /** When the address was last sent a confirmation message (one an hour). */
  confirmationSent: (emailHash: string) => ({ pk: `SUBSCRIBER#${emailHash}`, sk: 'CONFIRMATION' }),
  /** The follow-up notification window and batch of one subscription. */
  sendWindow: (subscriptionId: string) => ({ pk: `SUBSCRIPTION#${subscriptionId}`, sk: 'WINDOW' }),
  nonce: (scope: string, nonce: string) => ({ pk: `NONCE#${scope}#${nonce}`, sk: 'NONCE' }),
  /** Held comments waiting for the owner's daily digest (OWNER_MAIL_DIGEST). */
  heldDigestEntry: (createdAt: string, commentId: string) => ({
    pk: 'MAILDIGEST#held',
    sk: `${createdAt}#${commentId}`,
  }),
} as const;
