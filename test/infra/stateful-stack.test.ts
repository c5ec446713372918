import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE_DEFINITION } from '../../shared/data/table-definition.js';
import { logicalId, resourceOf, resourcesOf, synth, TARGETS } from './support.js';

describe.each(TARGETS)('stateful stack (%s)', (target) => {
  const s = synth({ target });
  const template = s.statefulTemplate;

  it('builds the table from the shared table definition: keys, GSIs, TTL', () => {
    const table = resourceOf(template, s.stateful.table);
    const props = table.Properties!;

    expect(table.Type).toBe('AWS::DynamoDB::Table');
    expect(props.KeySchema).toEqual([
      { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
    ]);
    const gsis = props.GlobalSecondaryIndexes.map((g: any) => ({
      indexName: g.IndexName,
      partitionKey: g.KeySchema.find((k: any) => k.KeyType === 'HASH').AttributeName,
      sortKey: g.KeySchema.find((k: any) => k.KeyType === 'RANGE').AttributeName,
      projection: g.Projection.ProjectionType,
    }));
    expect(gsis).toEqual(TABLE_DEFINITION.globalSecondaryIndexes.map((g) => ({ ...g, projection: 'ALL' })));
    expect(props.AttributeDefinitions.every((a: any) => a.AttributeType === 'S')).toBe(true);
    expect(props.TimeToLiveSpecification).toEqual({
      AttributeName: TABLE_DEFINITION.timeToLiveAttribute,
      Enabled: true,
    });
  });

  it('makes the table on-demand, point-in-time recoverable, encrypted, deletion-protected and retained', () => {
    const table = resourceOf(template, s.stateful.table);

    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
    });
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });

  it('keeps the feeds bucket private, SSL-only, versioned, encrypted, logged and retained', () => {
    const bucket = resourceOf(template, s.stateful.feedsBucket);

    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(s.stateful.accessLogsBucket) } },
    });
    expect(bucket.DeletionPolicy).toBe('Retain');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(s.stateful.feedsBucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('grants CloudFront origin access to feed objects only when CloudFront is on', () => {
    const policies = Object.values(resourcesOf(template)).filter((r) => r.Type === 'AWS::S3::BucketPolicy');
    const oac = policies
      .flatMap((p) => p.Properties!.PolicyDocument.Statement)
      .filter((st: any) => st.Sid === 'AllowCloudFrontOacRead');

    if (target === 'aws') {
      expect(oac).toHaveLength(1);
      expect(oac[0]).toMatchObject({
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: ['s3:GetObject', 's3:ListBucket'],
      });
      expect(JSON.stringify(oac[0].Condition)).toContain('AWS:SourceAccount');
    } else {
      expect(oac).toHaveLength(0);
    }
  });

  it('keeps the secrets here, retained, and publishes their ARNs for the stateless stack as SSM parameters', () => {
    const { secrets, names } = s.stateful;
    const salt = resourceOf(template, secrets.visitorSalt);

    expect([salt.DeletionPolicy, salt.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    expect(salt.Properties!.GenerateSecretString.PasswordLength).toBe(48);
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: names.parameters.visitorSaltArn,
      Value: { Ref: logicalId(secrets.visitorSalt) },
    });
    const retained = Object.values(resourcesOf(template)).filter((r) =>
      ['AWS::SecretsManager::Secret', 'AWS::Cognito::UserPool'].includes(r.Type),
    );
    expect(retained.length).toBe(target === 'aws' ? 3 : 2);
    for (const resource of retained) expect(resource.DeletionPolicy).toBe('Retain');
    s.statelessTemplate.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  it('names the resources by stage so the stateless stack finds them without exports', () => {
    expect(resourceOf(template, s.stateful.table).Properties!.TableName).toBe(`blog-${s.config.stage}`);
    expect(JSON.stringify(resourceOf(template, s.stateful.feedsBucket).Properties!.BucketName)).toContain(
      `blog-${s.config.stage}-feeds-`,
    );
    expect(template.toJSON().Outputs ?? {}).toEqual({});
  });
});
