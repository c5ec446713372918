import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api } from '../support/index.js';
import { REPO_ROOT } from '../support/runtime-process.js';
import { launchBrowser, siteUrl } from './browser-kit.js';

/** The demo blog as a reader sees it: server-rendered pages, with and without JavaScript, accessible. */
export const SCREENSHOT_PATH = join(REPO_ROOT, 'test-results', 'browser', 'post-page.png');
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let browser: Browser;
let demoUrl: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const post = await api('/posts/hello-world');
  expect(post.status).toBe(200);
  demoUrl = post.json.url;
});
afterAll(async () => {
  await browser?.close();
});

/** The comment numbers on the page in numeric order (replies are nested under their parents, not in sequence). */
async function commentNumbers(page: Page): Promise<number[]> {
  const texts = await page.locator('#comments .bc-comment .bc-number').allTextContents();
  return texts.map((t) => Number(t.replace('#', ''))).sort((a, b) => a - b);
}
const ONE_TO_FIFTEEN = Array.from({ length: 15 }, (_, i) => i + 1);

async function seriousViolations(page: Page) {
  await page.addScriptTag({ path: AXE_SOURCE });
  const result = await page.evaluate(async () =>
    (
      window as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
      }
    ).axe.run(),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
}

describe('reader pages in a real browser', () => {
  it('shows the demo post with its 15 numbered comments without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();

    const response = await page.goto(demoUrl);

    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Hello, world');
    expect(await commentNumbers(page)).toEqual(ONE_TO_FIFTEEN);
    expect(await page.locator('#comments h2').textContent()).toBe('15 Responses to “Hello, world”');
    expect(await page.getByRole('link', { name: 'Subscribe to comments with RSS' }).getAttribute('href')).toBe(
      `${siteUrl()}/posts/hello-world/comments/feed.xml`,
    );
    expect(await page.locator('.bc-children .bc-comment').count()).toBeGreaterThan(0);
    expect(await page.locator('.bc-badge', { hasText: 'Author' }).count()).toBeGreaterThan(0);
    expect(await page.locator('.content blockquote').count()).toBe(1);
    // The like button needs the widget; without JavaScript it stays hidden instead of doing nothing.
    expect(await page.locator('.bc-like').isVisible()).toBe(false);
    await context.close();
  });

  it('shows the same 15 comments with JavaScript, and the widget adds the like button and the form', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(demoUrl);

    await expect.poll(() => page.locator('.bc-like').isVisible()).toBe(true);
    expect(await commentNumbers(page)).toEqual(ONE_TO_FIFTEEN);
    expect((await page.request.get(demoUrl)).headers()['content-security-policy']).toContain("script-src 'self'");
    const first = page.locator('.bc-comment').first();
    expect(await first.getAttribute('id')).toMatch(/^comment-[0-9A-Z]{26}$/);
    expect(await page.getByLabel('Comment', { exact: true }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("lands a feed's #comment-{id} link on that comment", async () => {
    const feed = await (
      await fetch(`${siteUrl().replace('//localhost:', '//127.0.0.1:')}/posts/hello-world/comments/feed.xml`)
    ).text();
    const link = /<link>([^<]*#comment-[^<]*)<\/link>/.exec(feed)?.[1];
    expect(link).toBeDefined();
    const page = await browser.newPage();

    await page.goto(link!);

    const id = new URL(link!).hash.slice(1);
    expect(await page.locator(`[id="${id}"]`).count()).toBe(1);
    expect(await page.evaluate(() => location.hash)).toBe(`#${id}`);
    await page.close();
  });

  it('has no serious or critical axe-core violation on the index and the post page', async () => {
    // axe-core is injected as an inline script, which the pages' CSP rightly refuses.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${siteUrl()}/`);
    expect(await page.locator('.summary h2 a').count()).toBeGreaterThanOrEqual(4);
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(demoUrl);
    await expect.poll(() => page.locator('.bc-like').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('answers an unknown page with the 404 page', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${siteUrl()}/no/such/page/`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await page.close();
  });

  it(`writes a screenshot of the post page to ${SCREENSHOT_PATH.replace(REPO_ROOT + '/', '')}`, async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(demoUrl);
    await expect.poll(() => page.locator('.bc-like').isVisible()).toBe(true);
    mkdirSync(dirname(SCREENSHOT_PATH), { recursive: true });

    const png = await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });

    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: SCREENSHOT_PATH.replace('.png', '-dark.png'), fullPage: false });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(21, 22, 26)');
    await page.close();
  });
});
