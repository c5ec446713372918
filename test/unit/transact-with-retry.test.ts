import { describe, expect, it } from 'vitest';
import { transactWithRetry, type Send } from '../../shared/data/dynamo-requests.js';
import { DomainError } from '../../shared/domain/errors.js';

/** The one transaction retry loop, with a fake send that cancels with the given reasons. */
const cancelled = (...codes: string[]) =>
  Object.assign(new Error('cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

function fakeSend(outcomes: (Error | 'ok')[]) {
  let calls = 0;
  const send = (async () => {
    const outcome = outcomes[Math.min(calls++, outcomes.length - 1)];
    if (outcome !== 'ok') throw outcome;
    return {};
  }) as unknown as Send;
  return { send, calls: () => calls };
}

describe('transactWithRetry', () => {
  it('retries transaction conflicts and then succeeds', async () => {
    const { send, calls } = fakeSend([
      cancelled('TransactionConflict'),
      cancelled('None', 'TransactionConflict'),
      'ok',
    ]);
    await transactWithRetry(send, [], () => undefined);
    expect(calls()).toBe(3);
  });

  it('throws the domain error a failed condition explains, without retrying', async () => {
    const { send, calls } = fakeSend([cancelled('ConditionalCheckFailed')]);
    await expect(transactWithRetry(send, [], () => new DomainError('slug_taken', 'taken'))).rejects.toMatchObject({
      code: 'slug_taken',
    });
    expect(calls()).toBe(1);
  });

  it('answers 503 (service_unavailable with Retry-After), not a raw error, when every attempt stays contended', async () => {
    const { send, calls } = fakeSend([cancelled('ConditionalCheckFailed')]);
    await expect(transactWithRetry(send, [], () => 'retry', 3)).rejects.toMatchObject({
      code: 'service_unavailable',
      retryAfterSeconds: 1,
    });
    expect(calls()).toBe(3);
  });

  it('rethrows anything that is not a cancelled transaction', async () => {
    const { send } = fakeSend([Object.assign(new Error('down'), { name: 'TimeoutError' })]);
    await expect(transactWithRetry(send, [], () => undefined)).rejects.toThrow('down');
  });
});
