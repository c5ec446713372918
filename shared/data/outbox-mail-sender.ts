import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeMime } from '../domain/mail/compose-mime.js';
import type { MailMessage, MailSender } from '../domain/mail/mail-message.js';

/**
 * The local runtime's "sending": each message becomes an .eml file in the outbox directory (<LOCAL_DATA_DIR>/mail,
 * or a temp directory for in-memory runs), with a JSON sidecar that GET /_local/mail lists. Never used in AWS.
 */
export interface OutboxEntry {
  id: string;
  file: string;
  to: string;
  subject: string;
  category: string;
  createdAt: string;
  text: string;
  html: string;
  unsubscribeUrl?: string;
  /** Every http(s) URL of the text body, in order: what tests and developers follow. */
  links: string[];
}

export class OutboxMailSender implements MailSender {
  constructor(
    private readonly dir: string,
    private readonly from: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: MailMessage): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const createdAt = this.now();
    const id = `${createdAt.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
    const raw = await composeMime(message, { from: this.from, date: createdAt });
    const entry: OutboxEntry = {
      id,
      file: `${id}.eml`,
      to: message.to,
      subject: message.subject,
      category: message.category,
      createdAt: createdAt.toISOString(),
      text: message.text,
      html: message.html,
      unsubscribeUrl: message.unsubscribeUrl,
      links: message.text.match(/https?:\/\/[^\s<>"]+/g) ?? [],
    };
    writeFileSync(join(this.dir, entry.file), raw);
    // The sidecar appears last and atomically: a listing never shows a message whose .eml is not complete.
    writeFileSync(join(this.dir, `.${id}.json.tmp`), JSON.stringify(entry));
    renameSync(join(this.dir, `.${id}.json.tmp`), join(this.dir, `${id}.json`));
  }
}

/** The outbox, oldest first. */
export function listOutbox(dir: string): OutboxEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as OutboxEntry);
}
