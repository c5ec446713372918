import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { api, startIsolatedRuntime, type IsolatedRuntime } from '../support/index.js';
import { approvedComments, fillComment, launchBrowser, publishedPost, siteUrl } from './browser-kit.js';

/**
 * The widget on other sites (pages served from another origin under a strict CSP), and under moderation and rate
 * limits (a runtime of its own with MODERATION_HOLD_ALL and a limit of one comment a minute).
 */
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const embedUrl = (host: string, blog: string, slug: string) =>
  `${host}/?blog=${encodeURIComponent(blog)}&post=${encodeURIComponent(slug)}`;

describe('the widget embedded in another site', () => {
  it('renders comments and posts one from an origin listed in ALLOWED_ORIGINS, under a strict CSP', async () => {
    const post = await publishedPost('Embedded elsewhere');
    expect(
      (await api(`/posts/${post.slug}/comments`, { json: { authorName: 'Early', body: 'Already here' } })).status,
    ).toBe(201);
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });

    await page.goto(embedUrl(inject('embedHosts').allowed, siteUrl(), post.slug));

    await expect.poll(() => page.locator('.bc-title').textContent()).toBe('1 Response to “Embedded elsewhere”');
    expect(await page.locator('.bc-comment .bc-body').allTextContents()).toEqual(['Already here']);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.bc-submit')!).borderRadius)).toBe('6px');
    await fillComment(page, { body: 'Hello from another origin', name: 'Olga' });
    await page.getByRole('button', { name: 'Post Comment' }).click();
    await expect.poll(() => page.locator('.bc-status').textContent()).toBe('Your comment was posted.');
    expect((await approvedComments(post.slug)).map((c) => c.html)).toContain('<p>Hello from another origin</p>');
    expect(await page.context().cookies()).toEqual([]);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('fails cleanly on an origin that is not allowed: a message, a disabled form, nothing posted', async () => {
    const post = await publishedPost('Not embeddable here');
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(embedUrl(inject('embedHosts').denied, siteUrl(), post.slug));

    await expect.poll(() => page.locator('.bc-status').textContent()).toBe('Comments could not be loaded.');
    expect(await page.getByRole('button', { name: 'Post Comment' }).isDisabled()).toBe(true);
    expect(await page.locator('.bc-list[aria-busy]').count()).toBe(0);
    expect(errors).toEqual([]);
    expect(await approvedComments(post.slug)).toEqual([]);
    await page.close();
  });
});

describe('the widget under moderation and rate limits', () => {
  let held: IsolatedRuntime;
  beforeAll(async () => {
    held = await startIsolatedRuntime({ env: { MODERATION_HOLD_ALL: 'true', COMMENT_RATE_LIMIT: '1' } });
  });
  afterAll(async () => {
    await held?.stop();
  });

  it('shows "awaiting moderation" for a held comment, then the 429 wait for the next one', async () => {
    const post = await publishedPost('Held comments', held.api);
    const page = await browser.newPage();
    await page.goto(post.url);
    await expect.poll(() => page.locator('.bc-like').isVisible()).toBe(true);

    await fillComment(page, { body: 'Please approve me' });
    await page.getByRole('button', { name: 'Post Comment' }).click();

    await expect
      .poll(() => page.locator('.bc-status').textContent())
      .toBe('Thank you! Your comment is awaiting moderation.');
    expect(await page.locator('.bc-pending .bc-pending-note').textContent()).toBe(
      'Your comment is awaiting moderation.',
    );
    expect(await page.locator('.bc-pending .bc-number').count()).toBe(0);
    expect(await approvedComments(post.slug, held.api)).toEqual([]);

    await fillComment(page, { body: 'And another one' });
    await page.getByRole('button', { name: 'Post Comment' }).click();
    await expect
      .poll(() => page.locator('.bc-status').textContent())
      .toMatch(/^You are posting too quickly\. Please wait \d+ seconds?\.$/);
    expect(await page.getByRole('button', { name: 'Post Comment' }).isDisabled()).toBe(true);
    await page.close();
  });
});
