import { describe, expect, it } from 'vitest';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../../infra/constructs/blog-function.js';
import { adminFunctions, API_FUNCTION_ACCESS } from '../../infra/stateless-stack.js';
import { API_FUNCTIONS } from '../../shared/routes.js';
import { allowedActions, logicalId, resourceOf, resourcesOf, synth, TARGETS, WRITE_ACTION } from './support.js';

describe.each(TARGETS)('functions (%s)', (target) => {
  const s = synth({
    target,
    moderation: { holdAll: true, commentRateLimit: 3, disallowedWords: ['casino', 'viagra'] },
  });
  const template = s.statelessTemplate;
  const stack = s.stateless;
  const all = {
    ...stack.apiFunctions,
    ...(stack.authorizerFunction ? { authorizer: stack.authorizerFunction } : {}),
    'feed-builder': stack.feedBuilder,
  };
  const envOf = (name: keyof typeof all) =>
    resourceOf(template, all[name]!).Properties!.Environment.Variables as Record<string, unknown>;

  it('creates one Lambda per API function plus the feed builder and the mail worker, and the authorizer on AWS only', () => {
    expect(Object.keys(stack.apiFunctions).sort()).toEqual([...API_FUNCTIONS].sort());
    template.resourceCountIs('AWS::Lambda::Function', API_FUNCTIONS.length + (target === 'aws' ? 3 : 2));
  });

  it.each(Object.keys(all))(
    'runs %s on nodejs22.x (arm64 on AWS, x86_64 on LocalStack) with its own log group and the tracing switch',
    (name) => {
      const fn = resourceOf(template, all[name as keyof typeof all]!);
      const logGroupRef = fn.Properties!.LoggingConfig.LogGroup;
      const logGroup = resourcesOf(template)[logGroupRef.Ref];

      // LocalStack starts a function's container for its architecture; arm64 fails on x86 hosts without qemu.
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: [target === 'aws' ? 'arm64' : 'x86_64'],
      });
      expect(logGroup).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: s.config.logRetentionDays },
      });
      expect(fn.Properties!.TracingConfig).toEqual(target === 'aws' ? { Mode: 'Active' } : undefined);
    },
  );

  it('gives public readers read-only table access and the cursor salt, nothing else', () => {
    const actions = allowedActions(template, stack.apiFunctions['posts-public'].role!);
    const own = actions.filter((a) => !a.action.startsWith('logs:') && !a.action.startsWith('xray:'));

    // The salt signs pagination cursors (cursor-key.ts), so a reader cannot forge one.
    expect([...new Set(own.map((a) => a.action))].sort()).toEqual(
      [...TABLE_READ_ACTIONS, 'secretsmanager:GetSecretValue'].sort(),
    );
    expect(actions.some((a) => WRITE_ACTION.test(a.action))).toBe(false);
    expect(envOf('posts-public').TABLE_NAME).toBeDefined();
  });

  it.each(API_FUNCTIONS)('grants %s exactly the access its table entry declares', (name) => {
    const access = API_FUNCTION_ACCESS[name];
    const actions = allowedActions(template, stack.apiFunctions[name].role!).map((a) => a.action);
    const env = envOf(name);

    const expected = new Set<string>();
    if (access.table) TABLE_READ_ACTIONS.forEach((a) => expected.add(a));
    if (access.table === 'readWrite') TABLE_WRITE_ACTIONS.forEach((a) => expected.add(a));
    if (access.feedTrigger) expected.add('lambda:InvokeFunction');
    if (access.mail) expected.add('sqs:SendMessage');
    if (access.visitorSalt || (adminFunctions().includes(name) && target === 'localstack'))
      expected.add('secretsmanager:GetSecretValue');
    const granted = new Set(actions.filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:')));
    expect([...granted].sort()).toEqual([...expected].sort());
    expect(actions.some((a) => a.startsWith('s3:'))).toBe(false);
    expect('TABLE_NAME' in env).toBe(!!access.table);
    expect('FEED_FUNCTION_NAME' in env).toBe(!!access.feedTrigger);
    expect('MAIL_QUEUE_URL' in env).toBe(!!access.mail);
    expect('VISITOR_HASH_SALT_ARN' in env).toBe(!!access.visitorSalt);
    expect('VISITOR_HASH_SALT' in env).toBe(false);
    expect('ADMIN_AUTH_MODE' in env).toBe(adminFunctions().includes(name));
  });

  it('lets publishing and moderation functions invoke the feed builder, and only it', () => {
    for (const name of ['posts-admin', 'comments-admin', 'feeds-admin'] as const) {
      const invokes = allowedActions(template, stack.apiFunctions[name].role!).filter(
        (a) => a.action === 'lambda:InvokeFunction',
      );
      expect(invokes).toEqual([
        { action: 'lambda:InvokeFunction', resource: { 'Fn::GetAtt': [logicalId(stack.feedBuilder), 'Arn'] } },
      ]);
      expect(envOf(name).FEED_FUNCTION_NAME).toEqual({ Ref: logicalId(stack.feedBuilder) });
    }
  });

  it('scopes table grants to the table and its declared indexes (no index/* wildcard)', () => {
    const resources = allowedActions(template, stack.apiFunctions['comments-public'].role!)
      .filter((a) => a.action.startsWith('dynamodb:'))
      .map((a) => JSON.stringify(a.resource));

    expect(resources.some((r) => r.includes('index/*'))).toBe(false);
    expect(resources.some((r) => r.includes('/index/gsi2'))).toBe(true);
  });

  it('lets the feed builder read and write feed objects and the table', () => {
    const actions = new Set(allowedActions(template, stack.feedBuilder.role!).map((a) => a.action));

    for (const a of [
      's3:GetObject',
      's3:PutObject',
      's3:DeleteObject',
      's3:ListBucket',
      'dynamodb:Query',
      'dynamodb:DeleteItem',
    ])
      expect(actions).toContain(a);
    expect(envOf('feed-builder').BUCKET_NAME).toBeDefined();
  });

  it('passes the moderation settings to the comment functions as environment variables', () => {
    expect(envOf('comments-public')).toMatchObject({
      COMMENT_RATE_LIMIT: '3',
      MODERATION_HOLD_ALL: 'true',
      MODERATION_MAX_LINKS: '2',
      DISALLOWED_WORDS: 'casino,viagra',
      COMMENT_MAX_DEPTH: '5',
    });
    expect(envOf('posts-public').MODERATION_HOLD_ALL).toBeUndefined();
  });

  it('never puts a secret or a secret reference into a function environment: only ARNs, read at cold start', () => {
    const environments = JSON.stringify(Object.keys(all).map((name) => envOf(name as keyof typeof all)));
    const saltArn = envOf('likes').VISITOR_HASH_SALT_ARN as { Ref: string };

    expect(environments).not.toContain('resolve:secretsmanager');
    expect(environments).not.toMatch(/"(VISITOR_HASH_SALT|ADMIN_JWT_SECRET)"/);
    // The ARN comes from the stateful stack through an SSM parameter resolved at deploy time.
    expect(template.toJSON().Parameters[saltArn.Ref]).toMatchObject({
      Type: 'AWS::SSM::Parameter::Value<String>',
      Default: s.stateful.names.parameters.visitorSaltArn,
    });
    const saltGrant = allowedActions(template, stack.apiFunctions.likes.role!).filter((a) =>
      a.action.startsWith('secretsmanager:'),
    );
    const originArn = envOf('likes').ORIGIN_VERIFY_SECRET_ARN;
    expect(originArn === undefined).toBe(target === 'localstack');
    expect(saltGrant).toEqual(
      [saltArn, ...(originArn ? [originArn] : [])].map((resource) => ({
        action: 'secretsmanager:GetSecretValue',
        resource,
      })),
    );
    const verifiers = target === 'aws' ? ['authorizer', ...adminFunctions()] : adminFunctions();
    for (const name of verifiers) {
      const env = envOf(name as keyof typeof all);
      if (target === 'localstack') {
        expect(env, name).toMatchObject({
          ADMIN_AUTH_MODE: 'hs256',
          ADMIN_JWT_SECRET_ARN: { Ref: expect.any(String) },
        });
      } else {
        expect(env.ADMIN_AUTH_MODE, name).toBe('jwks');
      }
    }
  });

  it('runs the feed builder on a schedule with retries and a dead-letter queue for both schedule and async invokes', () => {
    const rule = Object.values(resourcesOf(template)).find((r) => r.Type === 'AWS::Events::Rule')!;
    const dlqArn = { 'Fn::GetAtt': [logicalId(stack.feedDlq), 'Arn'] };

    expect(rule.Properties).toMatchObject({
      ScheduleExpression: `rate(${s.config.feedScheduleMinutes} minutes)`,
      State: 'ENABLED',
    });
    expect(rule.Properties!.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [logicalId(stack.feedBuilder), 'Arn'] },
        DeadLetterConfig: { Arn: dlqArn },
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 },
      }),
    ]);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(stack.feedBuilder) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: dlqArn } },
    });
    expect(resourceOf(template, stack.feedDlq).Properties).toMatchObject({
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
    });
  });

  it('uses the configured feed schedule', () => {
    const halfHourly = synth({ target, feedScheduleMinutes: 30 });
    halfHourly.statelessTemplate.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(30 minutes)' });
  });
});
