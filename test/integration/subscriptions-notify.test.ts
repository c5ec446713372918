import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalMailQueue } from '../../scripts/local/local-mail-queue.js';
import { DynamoHeldDigestStore } from '../../shared/data/dynamo-held-digest-store.js';
import { DynamoNonceStore } from '../../shared/data/dynamo-nonce-store.js';
import { DynamoSubscriptionRepository } from '../../shared/data/dynamo-subscription-repository.js';
import { DynamoPostRepository } from '../../shared/data/dynamo-post-repository.js';
import { listOutbox, OutboxMailSender } from '../../shared/data/outbox-mail-sender.js';
import { newNonce, verifyToken } from '../../shared/domain/subscriptions/mail-tokens.js';
import type { SubscriptionTarget } from '../../shared/domain/subscriptions/subscription.js';
import { mailTokenKey } from '../../shared/domain/subscriptions/token-key.js';
import { emailHash } from '../../shared/domain/visitor.js';
import { processMailJob, type DeliverDeps } from '../../shared/use-cases/subscriptions/deliver.js';
import type { MailJob } from '../../shared/use-cases/subscriptions/mail-jobs.js';
import { sendHeldDigest } from '../../shared/use-cases/subscriptions/owner-mail.js';
import {
  notifyNewPostSubscribers,
  notifyOwnerOfHeldComment,
  notifySubscribersOfApprovedComment,
  type NotifiedComment,
} from '../../shared/use-cases/subscriptions/notify.js';
import { startTestTable, type TestTable } from '../support/index.js';

/**
 * The notify use cases and the mail worker against DynamoDB Local, with the local queue and the .eml outbox. The
 * clock is frozen and moved by hand; delayed queue jobs (batch flushes) run only when released.
 */
const SALT = 'notify-test-salt-0123456789';
const START = new Date('2026-05-01T10:00:00Z');
let table: TestTable;
let outboxDir: string;
let now: Date;
let queue: LocalMailQueue<MailJob>;
let deps: DeliverDeps;
let postCounter = 0;

const minutes = (n: number) => new Date(START.getTime() + n * 60_000);
const mailTo = (address: string) => listOutbox(outboxDir).filter((m) => m.to === address);

beforeAll(async () => {
  table = await startTestTable();
});

afterAll(async () => {
  await table?.stop();
});

beforeEach(() => {
  outboxDir = mkdtempSync(join(tmpdir(), 'notify-outbox-'));
  now = START;
  const clock = () => now;
  queue = new LocalMailQueue<MailJob>((job) => processMailJob(deps, job), { delays: 'manual', backoffMs: 1 });
  deps = {
    subscriptions: new DynamoSubscriptionRepository({ client: table.doc, tableName: table.tableName }),
    queue,
    tokenKey: mailTokenKey(SALT),
    salt: SALT,
    site: { title: 'Notify Blog', url: 'https://blog.example' },
    now: clock,
    sender: new OutboxMailSender(outboxDir, 'Blog <blog@example.com>', clock),
    owner: { ownerEmail: 'owner@example.com' },
    posts: new DynamoPostRepository({ client: table.doc, tableName: table.tableName }),
  };
  return () => {
    queue.stop();
    rmSync(outboxDir, { recursive: true, force: true });
  };
});

async function subscriber(
  address: string,
  target: SubscriptionTarget,
  state: 'confirmed' | 'pending' | 'unsubscribed' = 'confirmed',
) {
  const subscription = await deps.subscriptions.findOrCreate({
    emailHash: emailHash(SALT, address),
    email: address,
    target,
    now,
  });
  const nonce = newNonce();
  await deps.subscriptions.markPending(subscription.id, nonce, now);
  if (state !== 'pending') expect(await deps.subscriptions.confirm(subscription.id, nonce, now)).toBe('confirmed');
  if (state === 'unsubscribed') await deps.subscriptions.unsubscribe(subscription.id, now);
  return subscription;
}

function newPost() {
  postCounter += 1;
  return {
    id: `post-${postCounter}-${Date.now()}`,
    title: `Post ${postCounter}`,
    url: `https://blog.example/posts/p${postCounter}`,
  };
}

const comment = (
  id: string,
  author: string | null,
  status: NotifiedComment['status'] = 'approved',
): NotifiedComment => ({
  id,
  status,
  authorName: `Author of ${id}`,
  authorEmail: author,
  html: `<p>Text of ${id}</p>`,
  url: `https://blog.example/posts/p#comment-${id}`,
});

describe('notify subscribers of an approved comment', () => {
  it('mails confirmed subscribers of the post, but not its author, pending or unsubscribed addresses, or other posts', async () => {
    const post = newPost();
    const other = newPost();
    await subscriber('alice@example.com', { kind: 'post', postId: post.id });
    await subscriber('Author@Example.com', { kind: 'post', postId: post.id });
    await subscriber('pending@example.com', { kind: 'post', postId: post.id }, 'pending');
    await subscriber('gone@example.com', { kind: 'post', postId: post.id }, 'unsubscribed');
    await subscriber('elsewhere@example.com', { kind: 'post', postId: other.id });

    await notifySubscribersOfApprovedComment(deps, { post, comment: comment('c1', 'author@example.com') });
    await queue.drain();

    const [toAlice] = mailTo('alice@example.com');
    expect(toAlice).toMatchObject({ category: 'follow-up', subject: `New comment on “${post.title}”` });
    expect(toAlice.text).toContain('Text of c1');
    expect(toAlice.text).not.toContain('author@example.com');
    for (const address of [
      'author@example.com',
      'Author@Example.com',
      'pending@example.com',
      'gone@example.com',
      'elsewhere@example.com',
    ]) {
      expect(mailTo(address), address).toEqual([]);
    }
  });

  it('queues nothing for a held or spam comment', async () => {
    const post = newPost();
    await subscriber('watcher@example.com', { kind: 'post', postId: post.id });

    const held = await notifySubscribersOfApprovedComment(deps, { post, comment: comment('c-held', null, 'pending') });
    const spam = await notifySubscribersOfApprovedComment(deps, { post, comment: comment('c-spam', null, 'spam') });
    await queue.drain();

    expect([held, spam]).toEqual([false, false]);
    expect(mailTo('watcher@example.com')).toEqual([]);
  });

  it('sends at most one message per subscriber per post per 10 minutes and batches the rest', async () => {
    const post = newPost();
    await subscriber('batch@example.com', { kind: 'post', postId: post.id });

    await notifySubscribersOfApprovedComment(deps, { post, comment: comment('b1', null) });
    await queue.drain();
    now = minutes(1);
    await notifySubscribersOfApprovedComment(deps, { post, comment: comment('b2', null) });
    now = minutes(2);
    await notifySubscribersOfApprovedComment(deps, { post, comment: comment('b3', null) });
    await queue.drain();
    const afterThree = mailTo('batch@example.com').length;
    const delayed = queue.delayedCount;

    now = minutes(5);
    queue.releaseDelayed();
    await queue.drain();
    const tooEarly = mailTo('batch@example.com').length;

    now = minutes(10);
    queue.releaseDelayed();
    await queue.drain();
    const messages = mailTo('batch@example.com');

    expect(afterThree).toBe(1);
    expect(delayed).toBe(1);
    expect(tooEarly).toBe(1);
    expect(messages).toHaveLength(2);
    expect(messages[1].subject).toBe(`2 new comments on “${post.title}”`);
    expect(messages[1].text).toContain('Text of b2');
    expect(messages[1].text).toContain('Text of b3');
    expect(messages[1].text).not.toContain('Text of b1');
  });

  it('drops a waiting batch when the subscriber unsubscribes, and unsubscribing twice is harmless', async () => {
    const post = newPost();
    const subscription = await subscriber('leaver@example.com', { kind: 'post', postId: post.id });
    await notifySubscribersOfApprovedComment(deps, { post, comment: comment('l1', null) });
    await queue.drain();
    now = minutes(1);
    await notifySubscribersOfApprovedComment(deps, { post, comment: comment('l2', null) });
    await queue.drain();

    await deps.subscriptions.unsubscribe(subscription.id, now);
    await deps.subscriptions.unsubscribe(subscription.id, now);
    now = minutes(11);
    queue.releaseDelayed();
    await queue.drain();
    await notifySubscribersOfApprovedComment(deps, { post, comment: comment('l3', null) });
    await queue.drain();

    expect(mailTo('leaver@example.com')).toHaveLength(1);
    expect((await deps.subscriptions.findById(subscription.id))?.status).toBe('unsubscribed');
  });

  it('puts a working unsubscribe token in List-Unsubscribe', async () => {
    const post = newPost();
    const subscription = await subscriber('links@example.com', { kind: 'post', postId: post.id });

    await notifySubscribersOfApprovedComment(deps, { post, comment: comment('u1', null) });
    await queue.drain();
    const [message] = mailTo('links@example.com');
    const token = new URL(message.unsubscribeUrl!).searchParams.get('token')!;

    expect(new URL(message.unsubscribeUrl!).pathname).toBe('/subscriptions/unsubscribe');
    expect(await verifyToken(deps.tokenKey, token, 'unsubscribe', now)).toMatchObject({ subject: subscription.id });
  });
});

describe('notify new-post subscribers', () => {
  it('mails confirmed new-post subscribers only, for published posts only', async () => {
    const tag = Date.now().toString(36);
    await subscriber(`np-${tag}@example.com`, { kind: 'new-posts' });
    await subscriber(`np-pending-${tag}@example.com`, { kind: 'new-posts' }, 'pending');
    const post = { ...newPost(), excerpt: 'An excerpt', authorName: 'Blog Author' };

    const draft = await notifyNewPostSubscribers(deps, { post: { ...post, status: 'draft' } });
    const published = await notifyNewPostSubscribers(deps, { post: { ...post, status: 'published' } });
    await queue.drain();

    expect([draft, published]).toEqual([false, true]);
    expect(mailTo(`np-${tag}@example.com`)).toEqual([
      expect.objectContaining({ category: 'new-post', subject: `New on Notify Blog: ${post.title}` }),
    ]);
    expect(mailTo(`np-pending-${tag}@example.com`)).toEqual([]);
  });
});

describe('notify the owner of a held comment', () => {
  it('mails the owner three signed moderation links sharing one nonce, and nothing for approved comments', async () => {
    const post = newPost();

    const approved = await notifyOwnerOfHeldComment(deps, { post, comment: comment('h0', 'x@example.com') });
    const held = await notifyOwnerOfHeldComment(deps, {
      post,
      comment: comment('h1', 'secret-commenter@example.com', 'pending'),
    });
    await queue.drain();
    const [message] = mailTo('owner@example.com').filter((m) => m.text.includes('Text of h1'));
    const tokens = message.links
      .filter((l) => l.includes('/subscriptions/moderate'))
      .map((l) => new URL(l).searchParams.get('token')!);
    const verified = await Promise.all(tokens.map((t) => verifyToken(deps.tokenKey, t, 'moderate', now)));

    expect([approved, held]).toEqual([false, true]);
    expect(message.category).toBe('held-comment');
    expect(message.text + message.html).not.toContain('secret-commenter@example.com');
    expect(verified.map((v) => v.action)).toEqual(['approve', 'spam', 'trash']);
    expect(new Set(verified.map((v) => v.subject))).toEqual(new Set(['h1']));
    expect(new Set(verified.map((v) => v.nonce)).size).toBe(1);
    const nonces = new DynamoNonceStore({ client: table.doc, tableName: table.tableName });
    expect(await nonces.consume('moderate', verified[0].nonce!, now, 60)).toBe(true);
    expect(await nonces.consume('moderate', verified[0].nonce!, now, 60)).toBe(false);
  });
});

describe("the owner's daily digest", () => {
  it('keeps held comments for one digest instead of a message each, then starts over', async () => {
    deps.owner = {
      ...deps.owner,
      ownerEmail: 'digest-owner@example.com',
      digest: new DynamoHeldDigestStore({ client: table.doc, tableName: table.tableName }),
    };
    const post = newPost();

    await notifyOwnerOfHeldComment(deps, { post, comment: comment('d1', null, 'pending') });
    now = minutes(1);
    await notifyOwnerOfHeldComment(deps, { post, comment: comment('d2', null, 'pending') });
    await queue.drain();
    const beforeDigest = mailTo('digest-owner@example.com').length;
    const sent = await sendHeldDigest(deps);
    const again = await sendHeldDigest(deps);
    const [digest] = mailTo('digest-owner@example.com');

    expect(beforeDigest).toBe(0);
    expect([sent, again]).toEqual([2, 0]);
    expect(mailTo('digest-owner@example.com')).toHaveLength(1);
    expect(digest).toMatchObject({
      category: 'held-digest',
      subject: '2 comments waiting for moderation on Notify Blog',
    });
    expect(digest.text).toContain('Text of d1');
    expect(digest.text).toContain('Text of d2');
    expect(digest.links.filter((l) => l.includes('/subscriptions/moderate'))).toHaveLength(6);
  });
});
