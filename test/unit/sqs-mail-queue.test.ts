import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SqsMailQueue } from '../../shared/data/sqs-mail-queue.js';
import { fakeAwsEndpoints } from './fake-aws-endpoint.js';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/blog-mail';

interface Seen {
  url?: string;
  headers: IncomingHttpHeaders;
  body: { QueueUrl: string; Entries: { Id: string; MessageBody: string; DelaySeconds: number }[] };
}

const endpoints = fakeAwsEndpoints();

/** A stand-in for the SQS JSON API: each request gets the next scripted answer (then "all sent"). */
async function fakeSqs(answers: { status: number; body: unknown }[]): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const { url } = await endpoints.listen((req, body, res) => {
    seen.push({ url: req.url, headers: req.headers, body: JSON.parse(body) });
    const answer = answers.shift() ?? { status: 200, body: { Successful: [] } };
    res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(answer.body));
  });
  return { url, seen };
}

describe('SqsMailQueue (SendMessageBatch over the JSON protocol)', () => {
  it('sends signed batches of at most 10 with the delay, as AmazonSQS.SendMessageBatch', async () => {
    const sqs = await fakeSqs([]);
    const queue = new SqsMailQueue<{ n: number }>(QUEUE_URL, 'eu-west-1', sqs.url);

    await queue.enqueue(
      Array.from({ length: 12 }, (_, n) => ({ n })),
      { delaySeconds: 2000 },
    );

    expect(sqs.seen).toHaveLength(2);
    expect(sqs.seen[0].headers).toMatchObject({
      'x-amz-target': 'AmazonSQS.SendMessageBatch',
      'content-type': 'application/x-amz-json-1.0',
    });
    expect(sqs.seen[0].headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/eu-west-1\/sqs\/aws4_request/,
    );
    expect(sqs.seen[0].body.QueueUrl).toBe(QUEUE_URL);
    expect(sqs.seen.map((s) => s.body.Entries.length)).toEqual([10, 2]);
    expect(sqs.seen[1].body.Entries.map((e) => JSON.parse(e.MessageBody))).toEqual([{ n: 10 }, { n: 11 }]);
    // SQS allows at most 900 s of delay.
    expect(new Set(sqs.seen.flatMap((s) => s.body.Entries.map((e) => e.DelaySeconds)))).toEqual(new Set([900]));
  });

  it('resends only the entries SQS could not take, and retries 5xx', async () => {
    const sqs = await fakeSqs([
      { status: 500, body: { __type: 'InternalError' } },
      {
        status: 200,
        body: { Successful: [{ Id: '0' }], Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }] },
      },
    ]);
    const queue = new SqsMailQueue<string>(QUEUE_URL, 'eu-west-1', sqs.url);

    await queue.enqueue(['a', 'b']);

    expect(sqs.seen.map((s) => s.body.Entries.map((e) => JSON.parse(e.MessageBody)))).toEqual([
      ['a', 'b'],
      ['a', 'b'],
      ['b'],
    ]);
  });

  it('throws on a sender fault or a 4xx without retrying, and after the last attempt otherwise', async () => {
    const refused = await fakeSqs([
      { status: 200, body: { Failed: [{ Id: '0', Code: 'InvalidMessageContents', SenderFault: true }] } },
    ]);
    await expect(new SqsMailQueue(QUEUE_URL, 'eu-west-1', refused.url).enqueue(['x'])).rejects.toThrow(
      /InvalidMessageContents/,
    );
    expect(refused.seen).toHaveLength(1);

    const denied = await fakeSqs([{ status: 400, body: { __type: 'com.amazonaws.sqs#AccessDenied' } }]);
    await expect(new SqsMailQueue(QUEUE_URL, 'eu-west-1', denied.url).enqueue(['x'])).rejects.toThrow(/HTTP 400/);
    expect(denied.seen).toHaveLength(1);

    const down = await fakeSqs([
      { status: 503, body: {} },
      { status: 503, body: {} },
      { status: 503, body: {} },
    ]);
    await expect(new SqsMailQueue(QUEUE_URL, 'eu-west-1', down.url).enqueue(['x'])).rejects.toThrow(/HTTP 503/);
    expect(down.seen).toHaveLength(3);
  });
});
