import type { ApiResult } from '../support/index.js';

/** Outbox helpers for the local runtime's GET /_local/mail (the .eml outbox the mail worker writes). */
export interface OutboxItem {
  to: string;
  subject: string;
  category: string;
  text: string;
  html: string;
  file: string;
  unsubscribeUrl?: string;
  links: string[];
}

type Api = (path: string, init?: { json?: unknown }) => Promise<ApiResult>;

export async function outbox(
  api: Api,
): Promise<{ dir: string; pending: number; delayed: number; items: OutboxItem[] }> {
  const response = await api('/_local/mail');
  if (response.status !== 200) throw new Error(`GET /_local/mail: ${response.status} ${response.text}`);
  return response.json;
}

/** Waits until the queue is idle and returns the messages to `to` (bounded: 10 s). */
export async function settledMailTo(api: Api, to: string, atLeast = 0): Promise<OutboxItem[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const box = await outbox(api);
    const mine = box.items.filter((item) => item.to === to);
    if (box.pending === 0 && mine.length >= atLeast) return mine;
    if (Date.now() > deadline)
      throw new Error(`outbox: expected ${atLeast} message(s) to ${to}, have ${mine.length} (pending ${box.pending})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The path and query of a link in a message, to call on the runtime under test. */
export const pathOf = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

export const linkTo = (item: OutboxItem, path: string): string => {
  const link = item.links.find((l) => new URL(l).pathname === path);
  if (!link) throw new Error(`no ${path} link in "${item.subject}"`);
  return link;
};
