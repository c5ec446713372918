import type { BenchEnvironment } from './environment.js';
import { NA, section, table } from './report.js';

/**
 * Subscriptions (issue 11): DynamoDB requests of each subscription route, and of the mail worker's fan-out per
 * subscriber (the 10-minute rule costs one conditional UpdateItem per subscriber and comment). Mail jobs run on the
 * local runtime's in-process queue; the request counter sees the worker's requests too, so each step waits until the
 * queue is idle before reading the counter.
 */
interface Row {
  step: string;
  status?: number;
  requests?: number;
  capacityUnits?: number;
  commands?: string;
}

export async function runSubscriptionBenchmark(
  env: BenchEnvironment | undefined,
  envError?: string,
): Promise<{ section: string; rows: Row[] }> {
  if (!env) return { section: section('Subscriptions', `${NA}: ${envError ?? 'no local runtime'}`), rows: [] };
  const rows: Row[] = [];
  const idle = async () => {
    for (let i = 0; i < 200; i += 1) {
      const box = JSON.parse((await env.invoke({ method: 'GET', path: '/_local/mail' })).body) as { pending: number };
      if (box.pending === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const step = async (name: string, request: Parameters<BenchEnvironment['invoke']>[0]) => {
    await idle();
    env.counter.reset();
    const response = await env.invoke(request);
    await idle();
    const { requests, capacityUnits, commands } = env.counter.snapshot();
    rows.push({ step: name, status: response.statusCode, requests, capacityUnits, commands: commands.join(' ') });
    return response;
  };
  const address = `bench-${Date.now().toString(36)}@example.com`;
  await step('POST /subscriptions (new address, new posts)', {
    method: 'POST',
    path: '/subscriptions',
    json: { email: address },
  });
  await step('POST /subscriptions (same address again: throttled)', {
    method: 'POST',
    path: '/subscriptions',
    json: { email: address },
  });
  const box = JSON.parse((await env.invoke({ method: 'GET', path: '/_local/mail' })).body) as {
    items: { to: string; links: string[] }[];
  };
  const link = box.items.find((m) => m.to === address)?.links.find((l) => l.includes('/subscriptions/confirm'));
  if (link) {
    const url = new URL(link);
    await step('GET /subscriptions/confirm', { method: 'GET', path: `${url.pathname}${url.search}` });
  }
  const body = table(
    ['step', 'HTTP', 'requests', 'capacity units', 'commands'],
    rows.map((r) => [r.step, r.status, r.requests, r.capacityUnits, r.commands]),
  );
  return { section: section('Subscriptions: DynamoDB requests per call (mail worker included)', body), rows };
}
