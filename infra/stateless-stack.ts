import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import type { ConfigVariable } from '../shared/config/config.js';
import { API_FUNCTIONS, routesOf, type ApiFunctionName } from '../shared/routes.js';
import type { BlogConfig } from './config.js';
import type { DataResourceNames } from './stateful-stack.js';
import { AdminAuth } from './constructs/admin-auth.js';
import { BlogApi } from './constructs/blog-api.js';
import { BlogCdn } from './constructs/blog-cdn.js';
import {
  BlogFunction,
  setVariable,
  useBucket,
  useFeedFunction,
  useSecret,
  useTable,
} from './constructs/blog-function.js';
import { BlogMail, MAIL_WORKER_TIMEOUT, useMailQueue } from './constructs/blog-mail.js';
import { Monitoring } from './constructs/monitoring.js';

export interface StatelessStackProps extends StackProps {
  config: BlogConfig;
  /** Where the stateful stack's table and buckets are (found by name, see DataResourceNames). */
  data: DataResourceNames;
}

/**
 * What each API function may touch. Anything not listed here it cannot reach (least privilege). Functions with
 * admin routes also get what they need to verify admin tokens themselves (adminFunctions below).
 */
export const API_FUNCTION_ACCESS: Record<
  ApiFunctionName,
  // visitorAddress: keys something on the visitor's address, so it must see the viewer address CloudFront vouches for.
  // mail: puts jobs on the mail queue (MAIL_QUEUE_URL + sqs:SendMessage).
  {
    table?: 'read' | 'readWrite';
    feedTrigger?: boolean;
    visitorSalt?: boolean;
    visitorAddress?: boolean;
    moderation?: boolean;
    mail?: boolean;
  }
> = {
  // Every function that pages signs its cursors with a key derived from the salt.
  'posts-public': { table: 'read', visitorSalt: true },
  'posts-admin': { table: 'readWrite', feedTrigger: true, visitorSalt: true, mail: true },
  'comments-public': {
    table: 'readWrite',
    visitorSalt: true,
    visitorAddress: true,
    moderation: true,
    feedTrigger: true,
    mail: true,
  },
  'comments-admin': { table: 'readWrite', feedTrigger: true, visitorSalt: true, moderation: true, mail: true },
  likes: { table: 'readWrite', visitorSalt: true, visitorAddress: true },
  'feeds-admin': { feedTrigger: true },
  // The salt keys email hashes and signs the links.
  subscriptions: { table: 'readWrite', visitorSalt: true, feedTrigger: true, mail: true },
};

/** Functions serving at least one admin route. */
export const adminFunctions = (): ApiFunctionName[] =>
  API_FUNCTIONS.filter((name) => routesOf(name).some((r) => r.auth === 'admin'));

/** Functions, API, authorizer, schedule, CDN and monitoring: replaceable at any time without losing data. */
export class StatelessStack extends Stack {
  readonly table: dynamodb.ITable;
  readonly feedsBucket: s3.IBucket;
  readonly apiFunctions: Record<ApiFunctionName, lambda.Function>;
  /** The gateway authorizer's function; none on LocalStack, whose free plan has no authorizer step. */
  readonly authorizerFunction?: lambda.Function;
  readonly feedBuilder: lambda.Function;
  readonly feedDlq: sqs.Queue;
  readonly mail: BlogMail;
  readonly mailWorker: lambda.Function;
  readonly visitorSaltArn: string;
  readonly originVerifySecretArn?: string;
  readonly blogApi: BlogApi;
  readonly adminAuth: AdminAuth;
  readonly cdn?: BlogCdn;
  readonly monitoring?: Monitoring;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, data } = props;
    const table = (this.table = dynamodb.Table.fromTableName(this, 'Table', data.tableName));
    const feedsBucket = (this.feedsBucket = s3.Bucket.fromBucketName(this, 'FeedsBucket', data.feedsBucketName));
    const make = (
      name: string,
      environment: Partial<Record<ConfigVariable, string>>,
      extra: { memorySize?: number; timeout?: Duration } = {},
    ) =>
      new BlogFunction(this, pascal(name), {
        name,
        environment: { ...baseEnvironment(config), ...environment },
        architecture: config.target === 'aws' ? lambda.Architecture.ARM_64 : lambda.Architecture.X86_64,
        logRetentionDays: config.logRetentionDays,
        tracing: config.tracing,
        ...extra,
      }).fn;

    // The stateful stack's secrets, found through SSM parameters resolved at deploy time (no exports).
    const parameter = (name: string) => ssm.StringParameter.valueForStringParameter(this, name);
    this.visitorSaltArn = parameter(data.parameters.visitorSaltArn);
    if (config.cloudFront) this.originVerifySecretArn = parameter(data.parameters.originVerifySecretArn);

    // The feed builder: scheduled, and invoked asynchronously after publish/moderation changes.
    this.feedDlq = new sqs.Queue(this, 'FeedDlq', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    this.feedBuilder = make('feed-builder', {}, { memorySize: 1024, timeout: Duration.seconds(60) });
    useTable(this.feedBuilder, table, 'readWrite');
    useBucket(this.feedBuilder, feedsBucket, 'readWrite');
    this.feedBuilder.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: new destinations.SqsDestination(this.feedDlq),
    });
    new events.Rule(this, 'FeedSchedule', {
      description: `Rebuilds the feeds every ${config.feedScheduleMinutes} minutes`,
      schedule: events.Schedule.rate(Duration.minutes(config.feedScheduleMinutes)),
      targets: [
        new targets.LambdaFunction(this.feedBuilder, {
          deadLetterQueue: this.feedDlq,
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
        }),
      ],
    });

    // Mail (issue 11): the queue, and the worker that sends what the write paths put on it.
    this.mail = new BlogMail(this, 'Mail', config);
    this.mailWorker = make('mail-worker', {}, { memorySize: 512, timeout: MAIL_WORKER_TIMEOUT });
    useTable(this.mailWorker, table, 'readWrite');
    useSecret(this.mailWorker, 'VISITOR_HASH_SALT_ARN', this.visitorSaltArn);
    this.mail.configureWorker(this.mailWorker);
    // Scheduled posts going live mail the new-post subscribers; the hubs are pinged after feeds change.
    useMailQueue(this.feedBuilder, this.mail.queue);
    if (config.websubHubs.length) setVariable(this.feedBuilder, 'WEBSUB_HUBS', config.websubHubs.join(','));

    this.apiFunctions = {} as Record<ApiFunctionName, lambda.Function>;
    for (const name of API_FUNCTIONS) {
      const access = API_FUNCTION_ACCESS[name];
      const fn = make(name, access.moderation ? moderationEnvironment(config) : {});
      if (access.table) useTable(fn, table, access.table);
      if (access.feedTrigger) useFeedFunction(fn, this.feedBuilder);
      if (access.visitorSalt) useSecret(fn, 'VISITOR_HASH_SALT_ARN', this.visitorSaltArn);
      if (access.mail) useMailQueue(fn, this.mail.queue);
      if (access.visitorAddress && this.originVerifySecretArn)
        useSecret(fn, 'ORIGIN_VERIFY_SECRET_ARN', this.originVerifySecretArn);
      this.apiFunctions[name] = fn;
    }

    this.adminAuth = new AdminAuth(this, 'AdminAuth', config, data.parameters);
    for (const name of adminFunctions()) this.adminAuth.configure(this.apiFunctions[name]);
    if (config.target === 'aws') {
      this.authorizerFunction = make('authorizer', {}, { memorySize: 256, timeout: Duration.seconds(5) });
      this.adminAuth.configure(this.authorizerFunction);
    }

    this.blogApi = new BlogApi(this, 'Api', {
      config,
      functions: this.apiFunctions,
      authorizerFunction: this.authorizerFunction,
      feedsBucket,
    });

    if (config.cloudFront) {
      this.cdn = new BlogCdn(this, 'Cdn', {
        config,
        api: this.blogApi.api,
        stageName: this.blogApi.stageName,
        feedsBucket,
        logBucket: s3.Bucket.fromBucketName(this, 'AccessLogsBucket', data.accessLogsBucketName),
        originVerifySecretArn: this.originVerifySecretArn!,
      });
    }

    // Links in responses and feeds point at the public entry: the configured URL, else the custom domain, else
    // CloudFront, else the API itself.
    const siteUrl =
      config.site.url ??
      (config.customDomain
        ? `https://${config.customDomain.domainName}`
        : this.cdn
          ? `https://${this.cdn.distribution.distributionDomainName}`
          : this.blogApi.url);
    for (const fn of [...Object.values(this.apiFunctions), this.feedBuilder, this.mailWorker])
      setVariable(fn, 'SITE_URL', siteUrl);

    if (config.monitoring) {
      this.monitoring = new Monitoring(this, 'Monitoring', {
        stage: config.stage,
        api: this.blogApi.api,
        functions: {
          ...this.apiFunctions,
          ...(this.authorizerFunction ? { authorizer: this.authorizerFunction } : {}),
          'feed-builder': this.feedBuilder,
          'mail-worker': this.mailWorker,
        },
        table,
        feedDlq: this.feedDlq,
        mailDlq: this.mail.deadLetterQueue,
        alarmEmail: config.alarmEmail,
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.blogApi.url, description: 'Base URL of the API (stage included)' });
    new CfnOutput(this, 'RestApiId', { value: this.blogApi.api.restApiId });
    new CfnOutput(this, 'StageName', { value: this.blogApi.stageName });
    new CfnOutput(this, 'SiteUrl', { value: siteUrl, description: 'Public base URL used in links and feeds' });
    new CfnOutput(this, 'FeedsUrl', { value: `${siteUrl}/feed.xml`, description: 'The RSS feed' });
    if (this.cdn) new CfnOutput(this, 'DistributionDomain', { value: this.cdn.distribution.distributionDomainName });
    if (this.blogApi.domainName) {
      new CfnOutput(this, 'CustomDomainTarget', {
        value: this.blogApi.domainName.domainNameAliasDomainName,
        description: 'Point a DNS alias/CNAME for the custom domain at this name',
      });
    }
    const { userPoolId, userPoolClientId, jwtSecretArn } = this.adminAuth;
    if (userPoolId && userPoolClientId) {
      new CfnOutput(this, 'UserPoolId', { value: userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: userPoolClientId });
    }
    if (jwtSecretArn)
      new CfnOutput(this, 'AdminJwtSecretArn', { value: jwtSecretArn, description: 'HS256 secret for admin tokens' });
  }
}

export const LOCALSTACK_S3_ENDPOINT = 'http://s3.localhost.localstack.cloud:4566';

function baseEnvironment(config: BlogConfig): Partial<Record<ConfigVariable, string>> {
  return {
    STAGE: config.stage,
    LOG_LEVEL: 'INFO',
    SITE_TITLE: config.site.title,
    SITE_DESCRIPTION: config.site.description,
    SITE_TIMEZONE: config.site.timeZone,
    BLOG_AUTHOR_NAME: config.blogAuthorName,
    ...(config.blogAuthorEmail ? { BLOG_AUTHOR_EMAIL: config.blogAuthorEmail } : {}),
    ...(config.allowedOrigins.length ? { ALLOWED_ORIGINS: config.allowedOrigins.join(',') } : {}),
    // LocalStack hands functions AWS_ENDPOINT_URL, which the SDK uses for DynamoDB, Lambda and Secrets Manager; S3
    // gets an explicit endpoint so the feed store switches to path-style addressing.
    ...(config.target === 'localstack' ? { S3_ENDPOINT: LOCALSTACK_S3_ENDPOINT } : {}),
  };
}

export function moderationEnvironment(config: BlogConfig): Partial<Record<ConfigVariable, string>> {
  const m = config.moderation;
  return {
    COMMENT_RATE_LIMIT: String(m.commentRateLimit),
    MODERATION_HOLD_ALL: String(m.holdAll),
    MODERATION_HOLD_FIRST_TIME: String(m.holdFirstTime),
    MODERATION_MAX_LINKS: String(m.maxLinks),
    MODERATION_WORDS: m.moderationWords.join(','),
    DISALLOWED_WORDS: m.disallowedWords.join(','),
    COMMENT_MAX_DEPTH: String(m.maxDepth),
    COMMENTS_CLOSE_AFTER_DAYS: String(m.closeAfterDays),
  };
}

const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
