import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRM_TOKEN_TTL_SECONDS, newNonce, signToken } from '../../shared/domain/subscriptions/mail-tokens.js';
import { mailTokenKey } from '../../shared/domain/subscriptions/token-key.js';
import { startIsolatedRuntime, uniqueSlug, type IsolatedRuntime } from '../support/index.js';
import { linkTo, outbox, pathOf, settledMailTo } from './subscriptions-http.js';

/**
 * Subscriptions end to end through the local runtime: real HTTP into the subscriptions function, the in-process mail
 * queue running the real mail worker, and the .eml outbox listed by GET /_local/mail.
 */
const SALT = `subscriptions-test-salt-${randomBytes(8).toString('hex')}`;
let rt: IsolatedRuntime;
let slug: string;

const email = () => `reader-${randomBytes(5).toString('hex')}@example.com`;
const subscribe = (body: unknown) => rt.api('/subscriptions', { json: body });

beforeAll(async () => {
  rt = await startIsolatedRuntime({
    env: { VISITOR_HASH_SALT: SALT, SITE_TITLE: 'Sub <Test>', MODERATION_HOLD_ALL: 'true' },
  });
  slug = uniqueSlug('subs');
  const created = await rt.api('/admin/posts', {
    admin: true,
    json: { title: 'Subscribe to me', slug, body: 'Body', status: 'published' },
  });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await rt?.stop();
});

describe('POST /subscriptions → confirmation → GET /subscriptions/confirm', () => {
  it('mails one confirmation whose link confirms the subscription once', async () => {
    const address = email();

    const response = await subscribe({ email: address, postSlug: slug });
    const [confirmation] = await settledMailTo(rt.api, address, 1);
    const confirmPath = pathOf(linkTo(confirmation, '/subscriptions/confirm'));
    const first = await rt.api(confirmPath);
    const again = await rt.api(confirmPath);

    expect(response.status).toBe(202);
    expect(response.json).toEqual({ status: 'accepted' });
    expect(confirmation).toMatchObject({
      category: 'confirmation',
      subject: 'Confirm your subscription to Sub <Test>',
    });
    expect(readFileSync(join((await outbox(rt.api)).dir, confirmation.file), 'utf8')).toContain(`To: ${address}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(first.text).toContain('Subscription confirmed');
    expect(again.text).toContain('Already confirmed');
  });

  it('answers the same for a new, a pending and a confirmed address (no enumeration)', async () => {
    const address = email();
    const fresh = await subscribe({ email: address });
    const [confirmation] = await settledMailTo(rt.api, address, 1);
    const pending = await subscribe({ email: address });
    await rt.api(pathOf(linkTo(confirmation, '/subscriptions/confirm')));
    const confirmed = await subscribe({ email: address.toUpperCase() });

    for (const response of [fresh, pending, confirmed]) {
      expect(response.status).toBe(202);
      expect(response.text).toBe(fresh.text);
    }
  });

  it('sends one confirmation an hour to an address however often it is subscribed', async () => {
    const address = email();

    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => subscribe({ email: address, ...(i % 2 ? { postSlug: slug } : {}) })),
    );
    const mail = await settledMailTo(rt.api, address, 1);

    expect(responses.map((r) => r.status)).toEqual([202, 202, 202, 202, 202, 202]);
    expect(mail).toHaveLength(1);
  });

  it('refuses malformed input with a 400, accepts an unknown post with the same 202, and stores nothing', async () => {
    const address = email();
    const bad = await Promise.all([
      subscribe({}),
      subscribe({ email: 'not-an-email' }),
      subscribe({ email: `${address}\r\nBcc: x@example.com` }),
      subscribe({ email: address, postSlug: 'Not A Slug' }),
      subscribe({ email: address, extra: true }),
    ]);
    const missing = await subscribe({ email: address, postSlug: uniqueSlug('missing') });
    const stored = await rt.dynamo().send(
      new QueryCommand({
        TableName: rt.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'SUBSCRIBERS#new-posts' },
      }),
    );

    expect(bad.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    expect(bad[1].json.error).toMatchObject({
      code: 'validation_failed',
      details: [expect.objectContaining({ field: 'email' })],
    });
    expect(missing.status).toBe(202);
    expect(await settledMailTo(rt.api, address)).toEqual([]);
    expect(JSON.stringify(stored.Items)).not.toContain(address);
  });
});

describe('link tokens', () => {
  const key = mailTokenKey(SALT);

  it('refuses forged, expired and wrong-purpose tokens with a 400 page', async () => {
    const now = new Date();
    const forged = await signToken(mailTokenKey('some-other-salt-value'), {
      purpose: 'confirm',
      subject: 'x',
      nonce: newNonce(),
      now,
      ttlSeconds: 60,
    });
    const expired = await signToken(key, {
      purpose: 'confirm',
      subject: 'x',
      nonce: newNonce(),
      now: new Date(now.getTime() - (CONFIRM_TOKEN_TTL_SECONDS + 60) * 1000),
      ttlSeconds: CONFIRM_TOKEN_TTL_SECONDS,
    });
    const unsubscribeToken = await signToken(key, { purpose: 'unsubscribe', subject: 'x', now });

    const responses = await Promise.all([
      rt.api(`/subscriptions/confirm?token=${forged}`),
      rt.api(`/subscriptions/confirm?token=${expired}`),
      rt.api(`/subscriptions/confirm?token=${unsubscribeToken}`),
      rt.api('/subscriptions/confirm?token=garbage'),
    ]);
    const missing = await rt.api('/subscriptions/confirm');

    expect(responses.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect(responses[0].text).toContain('not valid');
    expect(responses[1].text).toContain('expired');
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe('validation_failed');
  });

  it('does not let a used confirm link resubscribe after an unsubscribe', async () => {
    const address = email();
    await subscribe({ email: address, postSlug: slug });
    const [confirmation] = await settledMailTo(rt.api, address, 1);
    const confirmPath = pathOf(linkTo(confirmation, '/subscriptions/confirm'));
    await rt.api(confirmPath);
    const subscriptionId = JSON.parse(
      Buffer.from(new URL(confirmPath, 'http://x').searchParams.get('token')!.split('.')[1], 'base64url').toString(),
    ).sub;
    const unsubscribeToken = await signToken(key, { purpose: 'unsubscribe', subject: subscriptionId, now: new Date() });

    const unsubscribed = await rt.api(`/subscriptions/unsubscribe?token=${unsubscribeToken}`, { method: 'POST' });
    const reused = await rt.api(confirmPath);

    expect(unsubscribed.text).toContain('Unsubscribed');
    expect(reused.status).toBe(400);
    expect(reused.text).toContain('not valid');
  });
});

describe('unsubscribe', () => {
  const key = mailTokenKey(SALT);

  it('shows a button on GET, unsubscribes on the RFC 8058 one-click POST, and is idempotent', async () => {
    const token = await signToken(key, {
      purpose: 'unsubscribe',
      subject: `unknown-${randomBytes(4).toString('hex')}`,
      now: new Date(),
    });
    const path = `/subscriptions/unsubscribe?token=${token}`;
    const oneClick = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    };

    const page = await rt.api(path);
    const first = await rt.api(path, oneClick);
    const second = await rt.api(path, oneClick);
    const forged = await rt.api(`/subscriptions/unsubscribe?token=${token.slice(0, -4)}AAAA`, oneClick);

    expect(page.status).toBe(200);
    expect(page.text).toContain('<form method="post"');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.text).toContain('Unsubscribed');
    expect(second.text).toBe(first.text);
    expect(forged.status).toBe(400);
  });
});

describe("the owner's one-time moderation links", () => {
  const key = mailTokenKey(SALT);

  async function heldComment(): Promise<string> {
    const posted = await rt.api(`/posts/${slug}/comments`, {
      json: { authorName: 'Held', authorEmail: 'held@example.com', body: `Hold me ${randomBytes(3).toString('hex')}` },
    });
    expect(posted.json.status).toBe('pending');
    return posted.json.comment.id;
  }

  const linksFor = async (commentId: string) => {
    const nonce = newNonce();
    const sign = (action: 'approve' | 'spam' | 'trash') =>
      signToken(key, { purpose: 'moderate', subject: commentId, action, nonce, now: new Date(), ttlSeconds: 3600 });
    return {
      approve: `/subscriptions/moderate?token=${await sign('approve')}`,
      spam: `/subscriptions/moderate?token=${await sign('spam')}`,
    };
  };

  it('asks on GET, approves on POST, and then refuses every link of the same message', async () => {
    const commentId = await heldComment();
    const links = await linksFor(commentId);

    const page = await rt.api(links.approve);
    const before = await rt.api(`/posts/${slug}/comments`);
    const approved = await rt.api(links.approve, { method: 'POST' });
    const after = await rt.api(`/posts/${slug}/comments`);
    const again = await rt.api(links.approve, { method: 'POST' });
    const sibling = await rt.api(links.spam, { method: 'POST' });
    const admin = await rt.api(`/admin/comments?status=approved&postId=${after.json.items[0]?.postId}`, {
      admin: true,
    });

    expect(page.status).toBe(200);
    expect(page.text).toContain('Approve this comment?');
    expect(before.json.items.map((c: { id: string }) => c.id)).not.toContain(commentId);
    expect(approved.status).toBe(200);
    expect(approved.text).toContain('Comment approved');
    expect(after.json.items.map((c: { id: string }) => c.id)).toContain(commentId);
    expect([again.status, sibling.status]).toEqual([409, 409]);
    expect(admin.json.items.find((c: { id: string }) => c.id === commentId)?.status).toBe('approved');
  });

  it('refuses a subscription token, a forged token and an expired one as a moderation link', async () => {
    const commentId = await heldComment();
    const wrongPurpose = await signToken(key, { purpose: 'unsubscribe', subject: commentId, now: new Date() });
    const forged = await signToken(mailTokenKey('not-the-runtime-salt'), {
      purpose: 'moderate',
      subject: commentId,
      action: 'approve',
      nonce: newNonce(),
      now: new Date(),
      ttlSeconds: 60,
    });
    const expired = await signToken(key, {
      purpose: 'moderate',
      subject: commentId,
      action: 'approve',
      nonce: newNonce(),
      now: new Date(Date.now() - 7_200_000),
      ttlSeconds: 3600,
    });

    const responses = await Promise.all(
      [wrongPurpose, forged, expired].map((t) => rt.api(`/subscriptions/moderate?token=${t}`, { method: 'POST' })),
    );
    const listed = await rt.api(`/posts/${slug}/comments`);

    expect(responses.map((r) => r.status)).toEqual([400, 400, 400]);
    expect(listed.json.items.map((c: { id: string }) => c.id)).not.toContain(commentId);
  });
});
