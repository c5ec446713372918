import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { composeMime } from '../domain/mail/compose-mime.js';
import type { MailMessage, MailSender } from '../domain/mail/mail-message.js';

/**
 * SES v2 SendEmail with the raw MIME message, so List-Unsubscribe and List-Unsubscribe-Post reach the recipient as
 * built (SES's simple content would not carry custom headers). The From address must be a verified SES identity.
 */
let client: SESv2Client | undefined;

export class SesMailSender implements MailSender {
  constructor(
    private readonly from: string,
    region: string,
  ) {
    client ??= new SESv2Client({ region, maxAttempts: 3 });
  }

  async send(message: MailMessage): Promise<void> {
    const raw = await composeMime(message, { from: this.from });
    await client!.send(
      new SendEmailCommand({
        Destination: { ToAddresses: [message.to] },
        Content: { Raw: { Data: raw } },
        EmailTags: [{ Name: 'category', Value: message.category }],
      }),
    );
  }
}
