import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildBlogApp } from '../../infra/blog-app.js';
import { parseBlogConfig, type BlogConfigInput } from '../../infra/config.js';
import { nagAcknowledgements } from '../../infra/nag-suppressions.js';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

const CONFIGURATIONS: [string, BlogConfigInput][] = [
  ['aws (defaults)', { target: 'aws' }],
  ['localstack', { target: 'localstack' }],
  [
    'aws with WAF, custom domain, alarm email, no tracing',
    {
      target: 'aws',
      waf: {},
      customDomain: { domainName: 'blog.example.com', certificateArn: CERT },
      alarmEmail: 'owner@example.com',
      tracing: false,
    },
  ],
  [
    'aws without CloudFront and Cognito (external JWKS)',
    { target: 'aws', cloudFront: false, adminAuth: { jwksUrl: 'https://id.example.com/.well-known/jwks.json' } },
  ],
  ['aws without Cognito (HS256 secret)', { target: 'aws', cognito: false }],
];

const reports = new Map<string, ReturnType<typeof buildReport>>();

function buildReport(input: BlogConfigInput, suppressions: boolean) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildBlogApp(app, parseBlogConfig(input), { nag: false, suppressions });
  return { app, stacks, report: new AwsSolutionsChecks(app).validateScope(app) };
}

/** A nag run takes seconds (more on a busy machine); each configuration is checked once per mode. */
function nagReport(input: BlogConfigInput, suppressions: boolean) {
  const key = JSON.stringify([input, suppressions]);
  if (!reports.has(key)) reports.set(key, buildReport(input, suppressions));
  return reports.get(key)!;
}

describe.each(CONFIGURATIONS)('cdk-nag AwsSolutions: %s', { timeout: 120_000 }, (_, input) => {
  it('has zero unsuppressed errors and warnings', () => {
    const { report } = nagReport(input, true);

    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('synthesizes without CDK warnings or errors', () => {
    const { stacks } = nagReport(input, true);

    for (const stack of [stacks.stateful, stacks.stateless]) {
      const annotations = Annotations.fromStack(stack);
      const messages = [
        ...annotations.findWarning('*', Match.anyValue()),
        ...annotations.findError('*', Match.anyValue()),
      ];
      expect(messages.map((m) => `${m.id}: ${String(m.entry.data)}`)).toEqual([]);
    }
  });

  it('needs every suppression it applies, and gives each a written reason', () => {
    const { stacks, report } = nagReport(input, false);
    const acks = nagAcknowledgements(stacks.stateful, stacks.stateless, parseBlogConfig(input));

    expect(report.violations.length).toBeGreaterThan(0);
    for (const ack of acks) {
      const path = ack.scope.node.path;
      const raised = report.violations.some(
        (v) =>
          v.ruleName === ack.id &&
          v.violatingResources.some((r) => r.constructPath === path || !!r.constructPath?.startsWith(`${path}/`)),
      );
      expect(raised, `${ack.id} on ${path} is suppressed but never raised`).toBe(true);
      expect(ack.reason.length, `${ack.id} reason`).toBeGreaterThan(40);
    }
  });
});
