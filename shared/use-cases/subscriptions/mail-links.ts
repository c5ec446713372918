/** Where the links in messages point. The routes are in shared/routes.ts (subscriptions function). */
const base = (siteUrl: string) => siteUrl.replace(/\/+$/, '');

export const CONFIRM_PATH = '/subscriptions/confirm';
export const UNSUBSCRIBE_PATH = '/subscriptions/unsubscribe';
/** The owner's one-time moderation links (approve / spam / trash). */
export const MODERATE_PATH = '/subscriptions/moderate';

const withToken = (siteUrl: string, path: string, token: string) =>
  `${base(siteUrl)}${path}?token=${encodeURIComponent(token)}`;

export const confirmUrl = (siteUrl: string, token: string) => withToken(siteUrl, CONFIRM_PATH, token);
export const unsubscribeUrl = (siteUrl: string, token: string) => withToken(siteUrl, UNSUBSCRIBE_PATH, token);
export const moderateUrl = (siteUrl: string, token: string) => withToken(siteUrl, MODERATE_PATH, token);
