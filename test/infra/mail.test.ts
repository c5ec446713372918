import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { mailFromDomain, parseBlogConfig } from '../../infra/config.js';
import { MAIL_MAX_RECEIVE_COUNT, MAIL_WORKER_TIMEOUT } from '../../infra/constructs/blog-mail.js';
import { allowedActions, logicalId, resourceOf, resourcesOf, synth, TARGETS } from './support.js';

const MAIL = { from: 'Notes <notes@mail.blog.example>', ownerEmail: 'owner@blog.example' };

describe.each(TARGETS)('mail resources (%s)', (target) => {
  const s = synth({ target, mail: MAIL, websubHubs: ['https://hub.example/'] });
  const template = s.statelessTemplate;
  const { mail, mailWorker, feedBuilder } = s.stateless;
  const envOf = (fn: Parameters<typeof resourceOf>[1]) =>
    resourceOf(template, fn).Properties!.Environment.Variables as Record<string, unknown>;

  it('keeps jobs in an encrypted, TLS-only queue with a 14-day DLQ after 5 receives', () => {
    const queue = resourceOf(template, mail.queue).Properties!;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * MAIL_WORKER_TIMEOUT.toSeconds());
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(mail.deadLetterQueue), 'Arn'] },
      maxReceiveCount: MAIL_MAX_RECEIVE_COUNT,
    });
    expect(resourceOf(template, mail.deadLetterQueue).Properties).toMatchObject({
      MessageRetentionPeriod: 14 * 86_400,
      SqsManagedSseEnabled: true,
    });
    for (const q of [mail.queue, mail.deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalId(q) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('feeds the worker from the queue in batches of 10 with partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(mail.queue), 'Arn'] },
      FunctionName: { Ref: logicalId(mailWorker) },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(resourceOf(template, mailWorker).Properties!.Timeout).toBe(MAIL_WORKER_TIMEOUT.toSeconds());
  });

  it("lets the worker send only as the identity of MAIL_FROM's domain", () => {
    const ses = allowedActions(template, mailWorker.role!).filter((a) => a.action.startsWith('ses:'));
    expect(ses).toEqual([
      {
        action: 'ses:SendEmail',
        resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':ses:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':identity/mail.blog.example',
            ],
          ],
        },
      },
    ]);
    for (const [name, fn] of Object.entries({ ...s.stateless.apiFunctions, 'feed-builder': feedBuilder })) {
      expect(
        allowedActions(template, fn.role!).some((a) => a.action.startsWith('ses:')),
        name,
      ).toBe(false);
    }
  });

  it('grants sqs:SendMessage on the mail queue together with MAIL_QUEUE_URL', () => {
    const queueArn = { 'Fn::GetAtt': [logicalId(mail.queue), 'Arn'] };
    for (const fn of [
      mailWorker,
      feedBuilder,
      s.stateless.apiFunctions['comments-public'],
      s.stateless.apiFunctions.subscriptions,
    ]) {
      const onQueue = allowedActions(template, fn.role!).filter(
        (a) => JSON.stringify(a.resource) === JSON.stringify(queueArn) && a.action === 'sqs:SendMessage',
      );
      expect(onQueue).toHaveLength(1);
      expect(envOf(fn).MAIL_QUEUE_URL).toEqual({ Ref: logicalId(mail.queue) });
    }
    expect('MAIL_QUEUE_URL' in envOf(s.stateless.apiFunctions['posts-public'])).toBe(false);
  });

  it('passes the mail and WebSub settings from the config to the functions that read them', () => {
    expect(envOf(mailWorker)).toMatchObject({
      MAIL_FROM: MAIL.from,
      OWNER_EMAIL: MAIL.ownerEmail,
      OWNER_MAIL_DIGEST: 'false',
    });
    expect(envOf(feedBuilder).WEBSUB_HUBS).toBe('https://hub.example/');
    expect('MAIL_FROM' in envOf(s.stateless.apiFunctions['comments-public'])).toBe(false);
  });

  it('schedules the daily digest only when ownerDigest is on', () => {
    const rulesTargeting = (t: typeof template, fnId: string) =>
      Object.values(resourcesOf(t)).filter(
        (r) => r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties!.Targets).includes(fnId),
      );
    expect(rulesTargeting(template, logicalId(mailWorker))).toHaveLength(0);
    const digest = synth({ target, mail: { ...MAIL, ownerDigest: true } });
    const rules = rulesTargeting(digest.statelessTemplate, logicalId(digest.stateless.mailWorker));
    expect(rules.map((r) => r.Properties!.ScheduleExpression)).toEqual(['rate(1 day)']);
    expect(
      resourceOf(digest.statelessTemplate, digest.stateless.mailWorker).Properties!.Environment.Variables
        .OWNER_MAIL_DIGEST,
    ).toBe('true');
  });
});

describe('mail config', () => {
  it('takes the SES identity domain from MAIL_FROM and refuses what is not an address', () => {
    expect(mailFromDomain('Blog <Blog@Example.COM>')).toBe('example.com');
    expect(mailFromDomain('news@mail.example.org')).toBe('mail.example.org');
    expect(() => parseBlogConfig({ mail: { from: 'Blog <nobody>' } })).toThrow(/mail\.from/);
    expect(() => parseBlogConfig({ mail: { from: 'a@b.example\r\nBcc: x@evil.example' } })).toThrow(/mail\.from/);
    expect(() => parseBlogConfig({ websubHubs: ['not a url'] })).toThrow(/websubHubs/);
  });
});
