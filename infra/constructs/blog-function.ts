import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ConfigVariable } from '../../shared/config/config.js';
import { TABLE_DEFINITION } from '../../shared/data/table-definition.js';
import { cdkBundlingProps } from '../bundling.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const functionEntry = (name: string) => fileURLToPath(new URL(`../../functions/${name}.ts`, import.meta.url));

export interface BlogFunctionProps {
  /** File name in functions/ without extension; the entry exports `handler`. */
  name: string;
  /** Only names the config reader reads (shared/config/config.ts), so a template cannot set a variable nobody reads. */
  environment: Partial<Record<ConfigVariable, string>>;
  /** arm64 on AWS; x86_64 on LocalStack, whose Lambda containers run the function's architecture on the host. */
  architecture: lambda.Architecture;
  logRetentionDays: number;
  tracing: boolean;
  memorySize?: number;
  timeout?: Duration;
  description?: string;
}

/**
 * Every Lambda in the app: nodejs22.x on arm64, bundled by local esbuild (no Docker) as minified ESM with source
 * maps, the AWS SDK bundled (the version we test is the version we ship) and the credential providers a Lambda never
 * loads left out (infra/bundling.ts). Each function gets its own log group so retention is explicit.
 */
export class BlogFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: BlogFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: retentionOf(props.logRetentionDays),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An explicit role instead of AWSLambdaBasicExecutionRole: it may write to this function's log group only.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.name} function`,
    });
    this.logGroup.grantWrite(role);
    this.fn = new NodejsFunction(this, 'Function', {
      role,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: props.architecture,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      description: props.description,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      entry: functionEntry(props.name),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...props.environment,
      },
      bundling: {
        ...cdkBundlingProps(props.name),
        format: OutputFormat.ESM,
        sourceMap: true,
        sourcesContent: false,
        forceDockerBundling: false,
      },
    });
  }
}

const RETENTIONS = Object.values(logs.RetentionDays).filter((v): v is logs.RetentionDays => typeof v === 'number');

/** The smallest CloudWatch retention that keeps logs at least `days` days. */
export function retentionOf(days: number): logs.RetentionDays {
  const sorted = [...RETENTIONS].filter((d) => d !== logs.RetentionDays.INFINITE).sort((a, b) => a - b);
  return sorted.find((d) => d >= days) ?? logs.RetentionDays.INFINITE;
}

// Helpers that set an environment variable and the matching IAM grant together, so one can never be added without
// the other. Grants are written out instead of CDK's grant* helpers, which add wildcards (every index, s3:List*,
// s3:Abort*, function versions) these functions never need.

/** The DynamoDB calls the data layer makes (GetCommand, QueryCommand, TransactGet/Write, Update, BatchWrite). */
export const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** Every environment variable a stack sets goes through here: only names the config reader reads. */
export function setVariable(fn: lambda.Function, name: ConfigVariable, value: string): void {
  fn.addEnvironment(name, value);
}

export function useTable(fn: lambda.Function, table: dynamodb.ITable, access: 'read' | 'readWrite'): void {
  setVariable(fn, 'TABLE_NAME', table.tableName);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: access === 'read' ? TABLE_READ_ACTIONS : [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS],
      resources: [
        table.tableArn,
        ...TABLE_DEFINITION.globalSecondaryIndexes.map((i) => `${table.tableArn}/index/${i.indexName}`),
      ],
    }),
  );
}

/** read: GetObject/HeadObject + ListBucket; readWrite adds PutObject and DeleteObject (the feed store's calls). */
export function useBucket(fn: lambda.Function, bucket: s3.IBucket, access: 'read' | 'readWrite'): void {
  setVariable(fn, 'BUCKET_NAME', bucket.bucketName);
  const objectActions = access === 'read' ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: objectActions, resources: [bucket.arnForObjects('*')] }));
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
}

export function useFeedFunction(fn: lambda.Function, feedFunction: lambda.IFunction): void {
  setVariable(fn, 'FEED_FUNCTION_NAME', feedFunction.functionName);
  fn.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [feedFunction.functionArn] }),
  );
}

/**
 * A secret the function reads by ARN at cold start (shared/config/secrets.ts): the template and the environment
 * carry only the ARN, never a value or a `{{resolve:secretsmanager:...}}` reference, so `put-secret-value` reaches
 * every new container without a redeploy. GetSecretValue on that one secret is all the function may do with it.
 */
export function useSecret(fn: lambda.Function, name: ConfigVariable & `${string}_ARN`, secretArn: string): void {
  setVariable(fn, name, secretArn);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] }));
}
