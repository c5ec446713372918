import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../shared/data/table-definition.js';
import type { BlogConfig } from './config.js';
import { BlogSecrets } from './constructs/blog-secrets.js';

export interface StatefulStackProps extends StackProps {
  config: BlogConfig;
  data: DataResourceNames;
}

/**
 * Physical names of the stateful resources. The stateless stack finds them by these names instead of CloudFormation
 * exports, so the stacks stay decoupled (an export would pin the table and bucket until every importer is gone) and
 * IAM policies name concrete resources. `account`/`region` are the stack's (tokens in env-agnostic stacks).
 */
export interface DataResourceNames {
  tableName: string;
  feedsBucketName: string;
  accessLogsBucketName: string;
  parameters: SharedParameterNames;
}

/** SSM parameters through which the stateless stack finds the stateful stack's secrets and user pool. */
export interface SharedParameterNames {
  visitorSaltArn: string;
  originVerifySecretArn: string;
  adminJwtSecretArn: string;
  userPoolId: string;
  userPoolClientId: string;
}

export const dataResourceNames = (stage: string, account: string, region: string): DataResourceNames => ({
  tableName: `blog-${stage}`,
  feedsBucketName: `blog-${stage}-feeds-${account}-${region}`,
  accessLogsBucketName: `blog-${stage}-logs-${account}-${region}`,
  parameters: {
    visitorSaltArn: `/blog/${stage}/visitor-hash-salt-arn`,
    originVerifySecretArn: `/blog/${stage}/origin-verify-secret-arn`,
    adminJwtSecretArn: `/blog/${stage}/admin-jwt-secret-arn`,
    userPoolId: `/blog/${stage}/user-pool-id`,
    userPoolClientId: `/blog/${stage}/user-pool-client-id`,
  },
});

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/**
 * Everything that holds data and must survive a stateless redeploy or a `cdk destroy`: the table, the feeds bucket,
 * the access-log bucket, the secrets and the admin user pool (all RETAIN).
 */
export class StatefulStack extends Stack {
  readonly secrets: BlogSecrets;
  readonly table: dynamodb.Table;
  readonly feedsBucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;
  readonly names: DataResourceNames;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.names = props.data;
    this.secrets = new BlogSecrets(this, 'Secrets', props.config, props.data.parameters);

    // Built from the one table definition the local runtime also uses, so local and deployed tables cannot drift.
    this.table = new dynamodb.Table(this, 'Table', {
      tableName: this.names.tableName,
      partitionKey: stringKey(TABLE_DEFINITION.partitionKey),
      sortKey: stringKey(TABLE_DEFINITION.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TABLE_DEFINITION.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_DEFINITION.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // Receives S3 server access logs (and CloudFront standard logs, which still need ACLs: hence ObjectWriter).
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', {
      bucketName: this.names.accessLogsBucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(Math.max(props.config.logRetentionDays, 30)) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.feedsBucket = new s3.Bucket(this, 'FeedsBucket', {
      bucketName: this.names.feedsBucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'feeds-bucket/',
      // Feeds are rebuilt often; old versions are only a short safety net.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    if (props.config.cloudFront) {
      // Origin access control: this account's CloudFront distributions may read feed objects. The grant names no
      // single distribution because the distribution lives in the stateless stack (naming it would make the stacks
      // depend on each other); the bucket stays private to everyone else.
      this.feedsBucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudFrontOacRead',
          principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
          // ListBucket makes a missing feed a 404 instead of a 403.
          actions: ['s3:GetObject', 's3:ListBucket'],
          resources: [this.feedsBucket.arnForObjects('*'), this.feedsBucket.bucketArn],
          conditions: {
            StringEquals: { 'AWS:SourceAccount': this.account },
            ArnLike: { 'AWS:SourceArn': `arn:${this.partition}:cloudfront::${this.account}:distribution/*` },
          },
        }),
      );
    }
  }
}
