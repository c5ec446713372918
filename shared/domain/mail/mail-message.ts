/**
 * A message as the mail domain builds it: always one recipient, a text and an HTML body carrying the same content,
 * and for list-like mail (notifications) the one-click unsubscribe URL that becomes List-Unsubscribe and
 * List-Unsubscribe-Post (RFC 8058). The sender address is not part of it: the MailSender adds the configured one.
 */
export const MAIL_CATEGORIES = ['confirmation', 'follow-up', 'new-post', 'held-comment', 'held-digest'] as const;
export type MailCategory = (typeof MAIL_CATEGORIES)[number];

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  unsubscribeUrl?: string;
  /** For logs and metrics: never personal data. */
  category: MailCategory;
}

export interface MailSender {
  /** Throws when the message was not accepted, so the queue retries it. */
  send(message: MailMessage): Promise<void>;
}
