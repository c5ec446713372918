import { expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { api, runtime } from '../support/index.js';

/**
 * Browser-test helpers: Debian's chromium driven by playwright-core (never a downloaded browser), and posts of the
 * test's own on the shared seeded runtime, so tests that write comments never change what another file reads.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}

/** The runtime's URL as pages link to it (SITE_URL uses "localhost"). */
export const siteUrl = () => runtime().url;

/** Polls until `check` holds (the page job runs asynchronously after a change: seconds, more on a loaded machine). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A published post of this test's own; resolves once its page is in the bucket. Returns its slug and page URL. */
export async function publishedPost(title: string, apiCall = api): Promise<{ slug: string; url: string; id: string }> {
  const slug = `${title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
  const created = await apiCall('/admin/posts', {
    admin: true,
    json: { title, slug, body: `Body of *${title}*.`, status: 'published', tags: ['browser'] },
  });
  expect(created.status).toBe(201);
  const url: string = created.json.url;
  expect(url).toMatch(/^http:\/\/localhost:\d+\/\d{4}\/\d{2}\/\d{2}\//);
  await eventually(async () => (await fetch(url.replace('//localhost:', '//127.0.0.1:'))).status === 200);
  return { slug, url, id: created.json.id };
}

/** Fills the reply form by label, as a reader would. */
export async function fillComment(page: Page, fields: { body: string; name?: string; email?: string }) {
  await page.getByLabel('Comment', { exact: true }).fill(fields.body);
  if (fields.name) await page.getByLabel('Name').fill(fields.name);
  if (fields.email) await page.getByLabel(/Email/).fill(fields.email);
}

export async function approvedComments(
  slug: string,
  apiCall = api,
): Promise<{ id: string; html: string; parentId: string | null; number: number }[]> {
  const result = await apiCall(`/posts/${slug}/comments?limit=100`);
  expect(result.status).toBe(200);
  return result.json.items;
}
