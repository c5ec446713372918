import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIsolatedRuntime, uniqueSlug, type IsolatedRuntime } from '../support/index.js';
import { linkTo, outbox, pathOf, settledMailTo, type OutboxItem } from './subscriptions-http.js';

/**
 * Issue 11 end to end through the local runtime, with the hooks in the real write paths: the comment POST, the
 * moderation link, and the in-process queue running the real mail worker into the .eml outbox.
 */
const OWNER = `owner-${randomBytes(4).toString('hex')}@example.com`;
let rt: IsolatedRuntime;
let slug: string;

const address = (who: string) => `${who}-${randomBytes(5).toString('hex')}@example.com`;
const comment = (body: Record<string, unknown>) =>
  rt.api(`/posts/${slug}/comments`, { json: { authorName: 'Commenter', ...body } });
const followUps = async (to: string) => (await settledMailTo(rt.api, to)).filter((m) => m.category !== 'confirmation');

/** Subscribes and follows the confirmation link in the outbox. */
async function confirmedSubscriber(email: string): Promise<void> {
  expect((await rt.api('/subscriptions', { json: { email, postSlug: slug } })).status).toBe(202);
  const [confirmation] = await settledMailTo(rt.api, email, 1);
  expect((await rt.api(pathOf(linkTo(confirmation, '/subscriptions/confirm')))).text).toContain(
    'Subscription confirmed',
  );
}

const oneClickUnsubscribe = (item: OutboxItem) =>
  rt.api(pathOf(item.unsubscribeUrl!), {
    method: 'POST',
    body: 'List-Unsubscribe=One-Click',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

beforeAll(async () => {
  rt = await startIsolatedRuntime({
    env: { OWNER_EMAIL: OWNER, MODERATION_WORDS: 'holdme', COMMENT_RATE_LIMIT: '0', SITE_TITLE: 'E2E Blog' },
  });
  slug = uniqueSlug('mail-e2e');
  const created = await rt.api('/admin/posts', {
    admin: true,
    json: { title: 'Mail me', slug, body: 'Body', status: 'published' },
  });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await rt?.stop();
});

describe('follow-up mail for a subscribed reader', () => {
  it('notifies on an approved reply with a working one-click unsubscribe, then sends nothing after unsubscribing', async () => {
    const reader = address('reader');
    const control = address('control');
    await confirmedSubscriber(reader);
    await confirmedSubscriber(control);

    const reply = await comment({ authorEmail: address('other'), body: 'An approved reply by someone else' });
    const [notification] = await followUps(reader);
    const unsubscribed = await oneClickUnsubscribe(notification);
    const delayedBefore = (await outbox(rt.api)).delayed;
    const next = await comment({ authorEmail: address('other'), body: 'The next comment' });
    await settledMailTo(rt.api, reader);
    const after = await outbox(rt.api);

    expect(reply.json.status).toBe('approved');
    expect(notification).toMatchObject({ category: 'follow-up' });
    expect(notification.text).toContain('An approved reply by someone else');
    expect(notification.unsubscribeUrl).toMatch(/\/subscriptions\/unsubscribe\?token=/);
    expect(unsubscribed.status).toBe(200);
    expect(next.json.status).toBe('approved');
    // The reader: still the one notification, and no batch waiting for them. The control subscriber, inside
    // the same 10-minute window, got its batch flush scheduled — so the comment was announced, just not to the reader.
    expect(await followUps(reader)).toHaveLength(1);
    expect(await followUps(control)).toHaveLength(1);
    expect(after.delayed).toBe(delayedBefore + 1);
  });

  it('subscribes a commenter who ticks notify (confirmation first), and never mails them about their own comment', async () => {
    const commenter = address('notify');
    const watcher = address('watcher');

    const first = await comment({ authorEmail: commenter, notify: true, body: 'Notify me of replies' });
    const [confirmation] = await settledMailTo(rt.api, commenter, 1);
    await rt.api(pathOf(linkTo(confirmation, '/subscriptions/confirm')));
    await confirmedSubscriber(watcher);
    const own = await comment({ authorEmail: commenter.toUpperCase(), body: 'My own second comment' });
    const watcherMail = await followUps(watcher);

    expect(first.status).toBe(201);
    expect(confirmation.category).toBe('confirmation');
    expect(confirmation.text).toContain('Mail me');
    expect(own.json.status).toBe('approved');
    expect(watcherMail.map((m) => m.text.includes('My own second comment'))).toEqual([true]);
    expect(await followUps(commenter)).toEqual([]);
  });

  it('refuses notify: true without an email with a 400 on authorEmail and stores nothing', async () => {
    const before = await rt.api(`/posts/${slug}/comments`);

    const refused = await comment({ notify: true, body: 'No address given' });
    const after = await rt.api(`/posts/${slug}/comments`);

    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({
      code: 'validation_failed',
      details: [expect.objectContaining({ field: 'authorEmail' })],
    });
    expect(after.json.items.length).toBe(before.json.items.length);
  });
});

describe("the owner's held-comment mail", () => {
  it('mails the owner approve/spam/trash links; approving by link publishes the comment and notifies subscribers', async () => {
    const subscriber = address('held-watch');
    await confirmedSubscriber(subscriber);

    const held = await comment({ authorEmail: address('guest'), body: 'Please holdme for review' });
    const ownerMail = (await settledMailTo(rt.api, OWNER, 1)).filter((m) =>
      m.text.includes('Please holdme for review'),
    );
    const approveLink = pathOf(linkTo(ownerMail[0], '/subscriptions/moderate'));
    const page = await rt.api(approveLink);
    const approved = await rt.api(approveLink, {
      method: 'POST',
      body: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const list = await rt.api(`/posts/${slug}/comments`);
    const notified = await followUps(subscriber);

    expect(held.json.status).toBe('pending');
    expect(ownerMail).toHaveLength(1);
    expect(ownerMail[0].links.filter((l) => new URL(l).pathname === '/subscriptions/moderate')).toHaveLength(3);
    expect(JSON.stringify(ownerMail[0])).not.toContain('guest-');
    expect(page.status).toBe(200);
    expect(approved.status).toBe(200);
    expect(list.json.items.map((c: { id: string }) => c.id)).toContain(held.json.comment.id);
    expect(notified.map((m) => m.text.includes('Please holdme for review'))).toEqual([true]);
  });
});
