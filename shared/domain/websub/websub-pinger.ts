/**
 * Tells WebSub hubs that a topic (a feed URL) changed: `POST hub` with the form body `hub.mode=publish`,
 * `hub.url=<topic>` and `hub.topic=<topic>` (hubs differ in which of the two names they read). Bounded — a timeout
 * per request, a few attempts with backoff for network errors, 429 and 5xx, and an overall time budget — and never
 * throwing: a hub that is down must not fail the feed job, whose feeds are already stored.
 */
export interface PingOptions {
  hubs: readonly string[];
  topics: readonly string[];
  timeoutMs?: number;
  maxAttempts?: number;
  backoffMs?: number;
  /** Stop starting new attempts after this long (all hubs and topics together). */
  budgetMs?: number;
  fetchImpl?: typeof fetch;
}

export interface PingResult {
  hub: string;
  topic: string;
  ok: boolean;
  attempts: number;
  status?: number;
  error?: string;
}

const retryable = (status: number) => status === 429 || status >= 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function pingOne(
  hub: string,
  topic: string,
  options: Required<Omit<PingOptions, 'hubs' | 'topics'>>,
  deadline: number,
): Promise<PingResult> {
  const body = new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic, 'hub.topic': topic }).toString();
  let last: PingResult = { hub, topic, ok: false, attempts: 0 };
  for (let attempt = 1; attempt <= options.maxAttempts; attempt += 1) {
    if (attempt > 1) {
      const wait = options.backoffMs * 2 ** (attempt - 2);
      if (Date.now() + wait >= deadline) break;
      await sleep(wait);
    }
    try {
      const response = await options.fetchImpl(hub, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(Math.max(1, Math.min(options.timeoutMs, deadline - Date.now()))),
      });
      await response.body?.cancel().catch(() => undefined);
      last = {
        hub,
        topic,
        ok: response.status >= 200 && response.status < 300,
        attempts: attempt,
        status: response.status,
      };
      if (last.ok || !retryable(response.status)) return last;
    } catch (error) {
      last = { hub, topic, ok: false, attempts: attempt, error: (error as Error).name };
    }
  }
  return last;
}

export async function pingHubs(options: PingOptions): Promise<PingResult[]> {
  const settings = {
    timeoutMs: options.timeoutMs ?? 3_000,
    maxAttempts: options.maxAttempts ?? 3,
    backoffMs: options.backoffMs ?? 250,
    budgetMs: options.budgetMs ?? 10_000,
    fetchImpl: options.fetchImpl ?? fetch,
  };
  const deadline = Date.now() + settings.budgetMs;
  const pairs = options.hubs.flatMap((hub) => [...new Set(options.topics)].map((topic) => ({ hub, topic })));
  const results = await Promise.allSettled(pairs.map(({ hub, topic }) => pingOne(hub, topic, settings, deadline)));
  return results.map((r, i) =>
    r.status === 'fulfilled' ? r.value : { ...pairs[i], ok: false, attempts: 0, error: String(r.reason) },
  );
}
