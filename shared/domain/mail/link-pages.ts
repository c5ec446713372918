import { escapeHtml, singleLine } from './mail-text.js';

/**
 * The small HTML pages behind the links in messages (confirm, unsubscribe). They show no address and nothing about
 * the subscription beyond the outcome, so a forwarded link tells its reader nothing.
 */
function page(
  siteTitle: string,
  heading: string,
  paragraphs: string[],
  form?: { action: string; button: string; oneClick?: boolean },
): string {
  const title = escapeHtml(singleLine(siteTitle, 80));
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const formHtml = form
    ? `<form method="post" action="${escapeHtml(form.action)}">` +
      (form.oneClick ? '<input type="hidden" name="List-Unsubscribe" value="One-Click">' : '') +
      `<button type="submit">${escapeHtml(form.button)}</button></form>`
    : '';
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(heading)} · ${title}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1rem}</style>',
    `</head><body><p>${title}</p><h1>${escapeHtml(heading)}</h1>`,
    body,
    formHtml,
    '</body></html>',
  ].join('\n');
}

export type LinkPage =
  | 'confirmed'
  | 'already-confirmed'
  | 'unsubscribed'
  | 'invalid'
  | 'expired'
  | 'unsubscribe-form'
  | 'used'
  | 'gone'
  | 'approve-form'
  | 'spam-form'
  | 'trash-form'
  | 'approve-done'
  | 'spam-done'
  | 'trash-done';

const ACTION_WORDS = {
  approve: ['Approve', 'approved'],
  spam: ['Mark as spam', 'marked as spam'],
  trash: ['Move to trash', 'moved to trash'],
} as const;

export function linkPage(kind: LinkPage, siteTitle: string, formAction = ''): string {
  const [action, suffix] = kind.split('-') as [keyof typeof ACTION_WORDS, string];
  if (action in ACTION_WORDS && (suffix === 'form' || suffix === 'done')) {
    const [verb, done] = ACTION_WORDS[action];
    return suffix === 'form'
      ? page(siteTitle, `${verb} this comment?`, ['This link works once. Press the button to confirm.'], {
          action: formAction,
          button: verb,
        })
      : page(siteTitle, `Comment ${done}`, ['Done. The moderation queue in the admin API shows the rest.']);
  }
  switch (kind) {
    case 'confirmed':
      return page(siteTitle, 'Subscription confirmed', [
        'Thank you. You will get an email when there is something new.',
        'Every message has a link to unsubscribe.',
      ]);
    case 'already-confirmed':
      return page(siteTitle, 'Already confirmed', ['This subscription was confirmed before; nothing changed.']);
    case 'unsubscribed':
      return page(siteTitle, 'Unsubscribed', ['You will get no more of these emails.']);
    case 'expired':
      return page(siteTitle, 'This link has expired', [
        'Confirmation links work for 48 hours (subscribe again for a new one), moderation links for 7 days.',
      ]);
    case 'used':
      return page(siteTitle, 'This link was used already', ['A decision was made with one of this message’s links.']);
    case 'gone':
      return page(siteTitle, 'The comment is gone', ['It was deleted before this link was used.']);
    case 'unsubscribe-form':
      return page(siteTitle, 'Unsubscribe?', ['Press the button to stop these emails. No login needed.'], {
        action: formAction,
        button: 'Unsubscribe',
        oneClick: true,
      });
    default:
      return page(siteTitle, 'This link is not valid', [
        'It may have been used already, replaced by a newer one, or copied incompletely.',
      ]);
  }
}
