import { renderBody, type MailBlock } from './mail-layout.js';
import type { MailMessage } from './mail-message.js';
import type { MailPost, MailSite } from './subscriber-messages.js';
import { singleLine } from './mail-text.js';

/**
 * Messages to the blog owner about comments waiting for moderation. Each held comment carries three signed one-time
 * links; the commenter's email address is never included (the admin API shows it to a signed-in owner).
 */
export interface HeldCommentEntry {
  post: MailPost;
  authorName: string;
  excerpt: string;
  links: { approve: string; spam: string; trash: string };
}

const entryBlocks = (entry: HeldCommentEntry): MailBlock[] => [
  { kind: 'quote', by: `${entry.authorName} on “${singleLine(entry.post.title, 120)}”`, text: entry.excerpt },
  { kind: 'link', label: 'Approve', url: entry.links.approve },
  { kind: 'link', label: 'Mark as spam', url: entry.links.spam },
  { kind: 'link', label: 'Move to trash', url: entry.links.trash },
];

const linkNote = (days: number): MailBlock => ({
  kind: 'note',
  text: `Each link works once and for ${days} days; it asks you to confirm before anything changes.`,
});

export function heldCommentMessage(input: {
  to: string;
  site: MailSite;
  entry: HeldCommentEntry;
  linkValidDays: number;
}): MailMessage {
  const heading = `Comment held for moderation on “${singleLine(input.entry.post.title, 120)}”`;
  const body = renderBody(heading, [
    ...entryBlocks(input.entry),
    linkNote(input.linkValidDays),
    { kind: 'note', text: singleLine(input.site.title) },
  ]);
  return { to: input.to, subject: heading, ...body, category: 'held-comment' };
}

export function heldDigestMessage(input: {
  to: string;
  site: MailSite;
  entries: HeldCommentEntry[];
  moreCount: number;
  linkValidDays: number;
}): MailMessage {
  const count = input.entries.length + input.moreCount;
  const heading = `${count} comment${count === 1 ? '' : 's'} waiting for moderation on ${singleLine(input.site.title, 80)}`;
  const blocks = input.entries.flatMap(entryBlocks);
  if (input.moreCount)
    blocks.push({ kind: 'paragraph', text: `…and ${input.moreCount} more in the moderation queue.` });
  blocks.push(linkNote(input.linkValidDays));
  return { to: input.to, subject: heading, ...renderBody(heading, blocks), category: 'held-digest' };
}
