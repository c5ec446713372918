import { describe, expect, it } from 'vitest';
import { composeMime } from '../../shared/domain/mail/compose-mime.js';
import { linkPage } from '../../shared/domain/mail/link-pages.js';
import { heldCommentMessage } from '../../shared/domain/mail/owner-messages.js';
import { confirmationMessage, followUpMessage, newPostMessage } from '../../shared/domain/mail/subscriber-messages.js';

/** Header block of a raw message, unfolded: name (lower-cased) → values. */
function headersOf(raw: string): Map<string, string[]> {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string[]>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return headers;
}

const decodeWords = (value: string) =>
  value.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );

const site = { title: 'My <Blog>', url: 'https://blog.example' };
const hostileTitle = 'Hello\r\nBcc: victim@evil.example\r\n\r\n<script>alert(1)</script>';
const hostileName = 'Mallory\nTo: other@evil.example <img src=x onerror=alert(1)>';
const unsubscribeUrl = 'https://blog.example/subscriptions/unsubscribe?token=a.b.c';

function followUp() {
  return followUpMessage({
    to: 'reader@example.com',
    site,
    post: { title: hostileTitle, url: 'https://blog.example/posts/hello' },
    comments: [
      {
        authorName: hostileName,
        excerpt: 'I <b>agree</b> & more\nsecond line',
        url: 'https://blog.example/posts/hello#comment-1',
      },
    ],
    unsubscribeUrl,
  });
}

describe('mail messages', () => {
  it('escapes names, titles and excerpts in the HTML body exactly once', () => {
    const message = followUp();

    expect(message.html).not.toContain('<script>');
    expect(message.html).not.toContain('<img');
    expect(message.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(message.html).toContain('I &lt;b&gt;agree&lt;/b&gt; &amp; more');
    expect(message.html).not.toContain('&amp;lt;');
    expect(message.text).toContain('> I <b>agree</b> & more\n> second line');
  });

  it('keeps CR/LF out of the subject and every header, so no header can be injected', async () => {
    const raw = (
      await composeMime(followUp(), { from: 'Blog <blog@example.com>', date: new Date('2026-01-01T00:00:00Z') })
    ).toString();
    const headers = headersOf(raw);

    expect(headers.has('bcc')).toBe(false);
    expect(headers.get('to')).toEqual(['reader@example.com']);
    expect(followUp().subject).not.toMatch(/[\r\n]/);
    expect(decodeWords(headers.get('subject')![0])).toBe(
      'New comment on “Hello Bcc: victim@evil.example <script>alert(1)</script>”',
    );
  });

  it('gives notifications List-Unsubscribe, List-Unsubscribe-Post (RFC 8058) and a visible unsubscribe link', async () => {
    const post = newPostMessage({
      to: 'reader@example.com',
      site,
      post: { title: 'New', url: 'https://blog.example/posts/new', excerpt: 'x', authorName: 'A' },
      unsubscribeUrl,
    });

    for (const message of [followUp(), post]) {
      const headers = headersOf((await composeMime(message, { from: 'blog@example.com' })).toString());
      expect(headers.get('list-unsubscribe')).toEqual([`<${unsubscribeUrl}>`]);
      expect(headers.get('list-unsubscribe-post')).toEqual(['List-Unsubscribe=One-Click']);
      expect(message.text).toContain(`Unsubscribe: ${unsubscribeUrl}`);
      expect(message.html).toContain(`href="${unsubscribeUrl}"`);
    }
  });

  it('names no address but the recipient’s, even with a commenter’s email in a name', async () => {
    const message = followUpMessage({
      to: 'reader@example.com',
      site,
      post: { title: 'T', url: 'https://blog.example/posts/t' },
      comments: [{ authorName: 'Bob', excerpt: 'hi', url: 'https://blog.example/posts/t#c' }],
      unsubscribeUrl,
    });
    const raw = (await composeMime(message, { from: 'blog@example.com', messageId: 'id@blog.example' })).toString();

    const addresses = new Set(raw.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g));
    expect([...addresses].sort()).toEqual(['blog@example.com', 'id@blog.example', 'reader@example.com']);
  });

  it('sends confirmations without list headers and says how long the link works', async () => {
    const message = confirmationMessage({
      to: 'new@example.com',
      site,
      subject: { kind: 'post', post: { title: 'A post', url: 'https://blog.example/posts/a' } },
      confirmUrl: 'https://blog.example/subscriptions/confirm?token=x.y.z',
      expiresInHours: 48,
    });
    const headers = headersOf((await composeMime(message, { from: 'blog@example.com' })).toString());

    expect(headers.has('list-unsubscribe')).toBe(false);
    expect(message.text).toContain('Yes, subscribe me: https://blog.example/subscriptions/confirm?token=x.y.z');
    expect(message.text).toContain('48 hours');
    expect(message.subject).toBe('Confirm your subscription to My <Blog>');
  });

  it('drops links that are not http(s)', () => {
    const message = followUpMessage({
      to: 'r@example.com',
      site,
      post: { title: 'T', url: 'javascript:alert(1)' },
      comments: [{ authorName: 'B', excerpt: 'e', url: 'data:text/html,x' }],
      unsubscribeUrl,
    });

    expect(message.html).not.toMatch(/javascript:|data:text/);
    expect(message.text).not.toMatch(/javascript:|data:text/);
  });

  it('gives the owner approve, spam and trash links for a held comment, without the commenter’s address', () => {
    const links = {
      approve: 'https://blog.example/subscriptions/moderate?token=1',
      spam: 'https://blog.example/subscriptions/moderate?token=2',
      trash: 'https://blog.example/subscriptions/moderate?token=3',
    };
    const message = heldCommentMessage({
      to: 'owner@example.com',
      site,
      entry: {
        post: { title: 'P', url: 'https://blog.example/posts/p' },
        authorName: hostileName,
        excerpt: 'buy',
        links,
      },
      linkValidDays: 7,
    });

    expect(message.text).toContain(`Approve: ${links.approve}`);
    expect(message.text).toContain(`Mark as spam: ${links.spam}`);
    expect(message.text).toContain(`Move to trash: ${links.trash}`);
    expect(message.html).not.toContain('<img');
    expect(message.text).not.toContain('other@evil.example\n');
    expect(message.unsubscribeUrl).toBeUndefined();
  });

  it('renders link pages with escaped titles and an unsubscribe form that POSTs', () => {
    const html = linkPage('unsubscribe-form', '<script>x</script>', '?token=a"b');

    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('<form method="post" action="?token=a&quot;b">');
    expect(html).toContain('name="List-Unsubscribe" value="One-Click"');
  });
});
