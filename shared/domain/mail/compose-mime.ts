import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailMessage } from './mail-message.js';
import { singleLine } from './mail-text.js';

/**
 * The raw RFC 5322 message, built by nodemailer's MailComposer (encoded words for non-ASCII headers,
 * quoted-printable bodies, multipart/alternative). SES v2 sends it as is; the local outbox stores it as .eml.
 */
export interface ComposeOptions {
  from: string;
  date?: Date;
  /** Message-ID, without angle brackets; MailComposer makes one when absent. */
  messageId?: string;
}

export function mimeHeaders(message: MailMessage): Record<string, string> {
  const headers: Record<string, string> = { 'Auto-Submitted': 'auto-generated' };
  if (message.unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${message.unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return headers;
}

export function composeMime(message: MailMessage, options: ComposeOptions): Promise<Buffer> {
  const composer = new MailComposer({
    from: options.from,
    // An address object, not a string: MailComposer then never parses a display name out of user input.
    to: { name: '', address: message.to },
    subject: singleLine(message.subject, 250),
    text: message.text,
    html: message.html,
    headers: mimeHeaders(message),
    date: options.date,
    messageId: options.messageId ? `<${options.messageId}>` : undefined,
    disableFileAccess: true,
    disableUrlAccess: true,
    newline: 'windows',
  });
  return composer.compile().build();
}
