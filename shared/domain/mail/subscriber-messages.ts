import { renderBody, type MailBlock } from './mail-layout.js';
import type { MailMessage } from './mail-message.js';
import { singleLine } from './mail-text.js';

/**
 * Messages to readers. Inputs carry names, titles and excerpts but no commenter's email address: the only address a
 * message knows is its own recipient's.
 */
export interface MailSite {
  title: string;
  url: string;
  /** Permalink days (SITE_TIMEZONE); UTC when absent. */
  timeZone?: string;
}

export interface MailPost {
  title: string;
  url: string;
}

/** One approved comment as a notification shows it. */
export interface MailComment {
  authorName: string;
  /** Plain-text excerpt of the comment. */
  excerpt: string;
  url: string;
}

export type SubscriptionSubject = { kind: 'post'; post: MailPost } | { kind: 'new-posts' };

const unsubscribeBlocks = (site: MailSite, unsubscribeUrl: string, why: string): MailBlock[] => [
  { kind: 'note', text: `${why} To stop these emails, unsubscribe with one click — no login needed:` },
  { kind: 'link', label: 'Unsubscribe', url: unsubscribeUrl },
  { kind: 'note', text: `${singleLine(site.title)} · ${site.url}` },
];

export function confirmationMessage(input: {
  to: string;
  site: MailSite;
  subject: SubscriptionSubject;
  confirmUrl: string;
  expiresInHours: number;
}): MailMessage {
  const siteTitle = singleLine(input.site.title, 80);
  const what =
    input.subject.kind === 'post'
      ? `new comments on “${singleLine(input.subject.post.title, 120)}”`
      : `new posts on ${siteTitle}`;
  const body = renderBody('Please confirm your subscription', [
    { kind: 'paragraph', text: `Someone — hopefully you — asked to get an email about ${what}.` },
    { kind: 'link', label: 'Yes, subscribe me', url: input.confirmUrl },
    {
      kind: 'note',
      text: `The link works for ${input.expiresInHours} hours. If you did not ask for this, ignore this message: you will get nothing else from us.`,
    },
    { kind: 'note', text: `${siteTitle} · ${input.site.url}` },
  ]);
  return { to: input.to, subject: `Confirm your subscription to ${siteTitle}`, ...body, category: 'confirmation' };
}

/** One or more approved comments on a post since the last message (the rest of a 10-minute window is batched). */
export function followUpMessage(input: {
  to: string;
  site: MailSite;
  post: MailPost;
  comments: MailComment[];
  /** Comments left out of a long batch; the message says how many. */
  moreCount?: number;
  unsubscribeUrl: string;
}): MailMessage {
  const title = singleLine(input.post.title, 120);
  const count = input.comments.length + (input.moreCount ?? 0);
  const heading = count === 1 ? `New comment on “${title}”` : `${count} new comments on “${title}”`;
  const blocks: MailBlock[] = [];
  for (const comment of input.comments) {
    blocks.push({ kind: 'quote', by: comment.authorName, text: comment.excerpt });
    blocks.push({ kind: 'link', label: 'Read and reply', url: comment.url });
  }
  if (input.moreCount) blocks.push({ kind: 'paragraph', text: `…and ${input.moreCount} more.` });
  blocks.push({ kind: 'link', label: 'All comments', url: input.post.url });
  blocks.push(
    ...unsubscribeBlocks(
      input.site,
      input.unsubscribeUrl,
      `You get this because you subscribed to comments on “${title}”.`,
    ),
  );
  return {
    to: input.to,
    subject: heading,
    ...renderBody(heading, blocks),
    unsubscribeUrl: input.unsubscribeUrl,
    category: 'follow-up',
  };
}

export function newPostMessage(input: {
  to: string;
  site: MailSite;
  post: MailPost & { excerpt: string; authorName: string };
  unsubscribeUrl: string;
}): MailMessage {
  const siteTitle = singleLine(input.site.title, 80);
  const heading = `New on ${siteTitle}: ${singleLine(input.post.title, 120)}`;
  const body = renderBody(heading, [
    { kind: 'quote', by: input.post.authorName, text: input.post.excerpt },
    { kind: 'link', label: 'Read the post', url: input.post.url },
    ...unsubscribeBlocks(
      input.site,
      input.unsubscribeUrl,
      `You get this because you subscribed to new posts on ${siteTitle}.`,
    ),
  ]);
  return { to: input.to, subject: heading, ...body, unsubscribeUrl: input.unsubscribeUrl, category: 'new-post' };
}
