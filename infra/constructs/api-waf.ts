import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** Set by a CloudFront viewer-request function from the connection's address, replacing any value a viewer sent. */
export const VIEWER_IP_HEADER = 'x-viewer-ip';

export interface ApiWafProps {
  stage: apigw.Stage;
  /** Requests per 5 minutes and key before WAF blocks. */
  limit: number;
  behindCloudFront: boolean;
}

const visibility = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/**
 * A regional web ACL on the API stage with per-visitor rate rules. Behind CloudFront the connecting address is an
 * edge shared by everyone it serves, so the rule keys on the edge plus the viewer address CloudFront's function put
 * in X-Viewer-Ip (CloudFront-Viewer-Address carries a port and cannot be a WAF key). A request sent straight to the
 * execute-api URL cannot borrow someone else's bucket (its own address is part of the key), and one without the
 * header is counted on its address alone.
 */
export class ApiWaf extends Construct {
  readonly acl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiWafProps) {
    super(scope, id);
    const { limit } = props;
    const perAddress: wafv2.CfnWebACL.RuleProperty = {
      name: 'rate-limit-per-ip',
      priority: 0,
      action: { block: {} },
      statement: { rateBasedStatement: { limit, aggregateKeyType: 'IP' } },
      visibilityConfig: visibility('blog-api-rate-limit'),
    };
    const hasViewerIp: wafv2.CfnWebACL.StatementProperty = {
      sizeConstraintStatement: {
        fieldToMatch: { singleHeader: { Name: VIEWER_IP_HEADER } },
        comparisonOperator: 'GT',
        size: 0,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    };
    const rules: wafv2.CfnWebACL.RuleProperty[] = props.behindCloudFront
      ? [
          {
            name: 'rate-limit-per-viewer',
            priority: 0,
            action: { block: {} },
            statement: {
              rateBasedStatement: {
                limit,
                aggregateKeyType: 'CUSTOM_KEYS',
                customKeys: [
                  { ip: {} },
                  { header: { name: VIEWER_IP_HEADER, textTransformations: [{ priority: 0, type: 'NONE' }] } },
                ],
              },
            },
            visibilityConfig: visibility('blog-api-rate-limit-viewer'),
          },
          {
            ...perAddress,
            priority: 1,
            statement: {
              rateBasedStatement: {
                limit,
                aggregateKeyType: 'IP',
                scopeDownStatement: { notStatement: { statement: hasViewerIp } },
              },
            },
          },
        ]
      : [perAddress];
    this.acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('blog-api'),
      rules,
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.acl.attrArn,
    });
  }
}
