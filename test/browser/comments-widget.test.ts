import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api } from '../support/index.js';
import { approvedComments, eventually, fillComment, launchBrowser, publishedPost } from './browser-kit.js';

/** Writing through the widget on a post page: each test has a post of its own. */
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openPost(url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url);
  await expect.poll(() => page.locator('.bc-like').isVisible()).toBe(true);
  return page;
}

describe('the comments widget on a post page', () => {
  it('posts a comment through the form; it appears at once, and in the page HTML after the rebuild', async () => {
    const post = await publishedPost('Widget posting');
    const page = await openPost(post.url);

    await fillComment(page, { body: 'Posted from a **real** browser', name: 'Rita Reader', email: 'rita@example.com' });
    await page.getByRole('button', { name: 'Post Comment' }).click();

    await expect.poll(() => page.locator('.bc-status').textContent()).toBe('Your comment was posted.');
    const shown = page.locator('.bc-comment', { hasText: 'Posted from a real browser' });
    expect(await shown.locator('.bc-name').textContent()).toBe('Rita Reader');
    expect(await shown.locator('strong').textContent()).toBe('real');
    expect(await page.locator('.bc-title').textContent()).toBe('1 Response to “Widget posting”');
    expect(await page.getByLabel('Comment', { exact: true }).inputValue()).toBe('');
    // The approval triggered the page job: a fresh load shows the comment server-rendered, without JavaScript.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await eventually(async () => {
      await plain.goto(post.url);
      return (await plain.locator('.bc-comment .bc-number').allTextContents()).join() === '#1';
    });
    expect(await plain.content()).not.toContain('rita@example.com');
    await context.close();
    await page.close();
  });

  it('replies to a comment: the reply is nested under it with parentId set', async () => {
    const post = await publishedPost('Widget replies');
    const parent = await api(`/posts/${post.slug}/comments`, {
      json: { authorName: 'First', body: 'Top-level comment' },
    });
    expect(parent.status).toBe(201);
    await eventually(async () =>
      (await (await fetch(post.url.replace('//localhost:', '//127.0.0.1:'))).text()).includes('Top-level comment'),
    );
    const page = await openPost(post.url);

    await page.getByRole('link', { name: 'Reply to First' }).click();
    expect(await page.locator('.bc-replying').textContent()).toContain('Replying to First');
    await fillComment(page, { body: 'A nested reply' });
    await page.getByRole('button', { name: 'Post Comment' }).click();

    await expect.poll(() => page.locator('.bc-status').textContent()).toBe('Your comment was posted.');
    const nested = page.locator(`#comment-${parent.json.comment.id} .bc-children .bc-comment`);
    expect(await nested.locator('.bc-body').textContent()).toBe('A nested reply');
    const stored = await approvedComments(post.slug);
    expect(stored.find((c) => c.html.includes('A nested reply'))?.parentId).toBe(parent.json.comment.id);
    expect(await page.locator('.bc-replying').isHidden()).toBe(true);
    await page.close();
  });

  it('stores one comment when submit is double-clicked', async () => {
    const post = await publishedPost('Widget double click');
    const page = await openPost(post.url);
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/comments')) posts.push(r.headers()['idempotency-key'] ?? '');
    });

    await fillComment(page, { body: 'Only once, please' });
    await page.getByRole('button', { name: 'Post Comment' }).dblclick();

    await expect.poll(() => page.locator('.bc-status').textContent()).toBe('Your comment was posted.');
    expect((await approvedComments(post.slug)).filter((c) => c.html.includes('Only once'))).toHaveLength(1);
    expect(await page.locator('.bc-comment', { hasText: 'Only once' }).count()).toBe(1);
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(posts).size).toBe(1);
    expect(posts[0]).toMatch(/^[0-9a-f-]{32,36}$/);
    await page.close();
  });

  it('counts a like once, however often the visitor clicks', async () => {
    const post = await publishedPost('Widget likes');
    const page = await openPost(post.url);
    const like = page.locator('.bc-like');

    await like.click();
    await expect.poll(() => page.locator('.bc-like-count').textContent()).toBe('1 person likes this');
    await like.click();
    expect(await like.getAttribute('aria-pressed')).toBe('true');
    // A second visit without the widget's memory (a new browser profile, same visitor) cannot add another.
    const fresh = await browser.newContext();
    const again = await fresh.newPage();
    await again.goto(post.url);
    await expect.poll(() => again.locator('.bc-like').isVisible()).toBe(true);
    await again.locator('.bc-like').click();
    await expect.poll(() => again.locator('.bc-like-count').textContent()).toBe('1 person likes this');

    expect((await api(`/posts/${post.slug}`)).json.likeCount).toBe(1);
    await fresh.close();
    await page.close();
  });

  it('can be used with the keyboard alone', async () => {
    const post = await publishedPost('Widget keyboard');
    const page = await openPost(post.url);

    await page.getByLabel('Comment', { exact: true }).focus();
    await page.keyboard.type('Typed without a mouse');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Kim Keys');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Post Comment');
    await page.keyboard.press('Enter');

    await expect.poll(() => page.locator('.bc-status').textContent()).toBe('Your comment was posted.');
    expect(await page.locator('.bc-comment .bc-name').allTextContents()).toEqual(['Kim Keys']);
    await page.close();
  });

  it("shows the API's field errors next to the field they concern", async () => {
    const post = await publishedPost('Widget errors');
    const page = await openPost(post.url);

    await fillComment(page, { body: 'Has a bad website' });
    await page.getByLabel('Website').fill('ftp://nope.example');
    await page.getByRole('button', { name: 'Post Comment' }).click();

    const website = page.getByLabel('Website');
    await expect.poll(() => website.getAttribute('aria-invalid')).toBe('true');
    const errorId = await website.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toMatch(/\S/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('authorUrl');
    expect(await approvedComments(post.slug)).toEqual([]);
    await page.close();
  });

  it('keeps an XSS payload inert: no dialog, no script run, no handler attribute', async () => {
    const post = await publishedPost('Widget XSS');
    const page = await openPost(post.url);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const payload =
      '<img src=x onerror="alert(1);window.__xss=1"><script>window.__xss=2</script>[x](javascript:alert(3)) <svg onload=alert(4)>';

    await fillComment(page, { body: payload, name: '<b onmouseover=alert(5)>Mallory</b>' });
    await page.getByRole('button', { name: 'Post Comment' }).click();
    await expect.poll(() => page.locator('.bc-status').textContent()).toBe('Your comment was posted.');
    const plain = await browser.newPage();
    await eventually(async () => {
      await plain.goto(post.url);
      return (await plain.locator('.bc-comment').count()) === 1;
    });

    for (const p of [page, plain]) {
      await p.locator('.bc-comment').hover();
      expect(await p.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(
        await p
          .locator('.bc-comment [onerror], .bc-comment [onload], .bc-comment [onmouseover], .bc-comment script')
          .count(),
      ).toBe(0);
      expect(await p.locator('.bc-comment a[href^="javascript:"]').count()).toBe(0);
      expect(await p.locator('.bc-comment .bc-name').textContent()).toContain('Mallory');
    }
    expect(dialogs).toEqual([]);
    await plain.close();
    await page.close();
  });
});
