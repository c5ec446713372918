import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MonitoringProps {
  stage: string;
  api: apigw.RestApi;
  functions: Record<string, lambda.IFunction>;
  table: dynamodb.ITable;
  feedDlq: sqs.IQueue;
  mailDlq: sqs.IQueue;
  /** When set, alarms notify this address through an SNS topic. */
  alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/** Alarms on what breaks a blog (API 5xx, function errors/throttles, table throttles, failed feed builds) + a dashboard. */
export class Monitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  readonly topic?: sns.Topic;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    if (props.alarmEmail) {
      this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: `Blog ${props.stage} alarms`, enforceSSL: true });
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, description: string, threshold = 1) => {
      const a = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      if (this.topic) a.addAlarmAction(new actions.SnsAction(this.topic));
      this.alarms.push(a);
      return a;
    };

    const api5xx = props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    alarm('Api5xx', api5xx, 'The API answered 5xx at least 5 times in 5 minutes', 5);

    const errorMetrics: cloudwatch.IMetric[] = [];
    const throttleMetrics: cloudwatch.IMetric[] = [];
    for (const [name, fn] of Object.entries(props.functions)) {
      const errors = fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' });
      const throttles = fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' });
      errorMetrics.push(errors.with({ label: name }));
      throttleMetrics.push(throttles.with({ label: name }));
      alarm(`${pascal(name)}Errors`, errors, `Function ${name} threw errors`);
      alarm(`${pascal(name)}Throttles`, throttles, `Function ${name} was throttled`);
    }

    const tableMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: { TableName: props.table.tableName },
        period: FIVE_MINUTES,
        statistic: 'Sum',
      });
    const tableThrottles = new cloudwatch.MathExpression({
      expression: 'FILL(r, 0) + FILL(w, 0)',
      usingMetrics: { r: tableMetric('ReadThrottleEvents'), w: tableMetric('WriteThrottleEvents') },
      label: 'Table throttle events',
      period: FIVE_MINUTES,
    });
    alarm('TableThrottles', tableThrottles, 'DynamoDB throttled reads or writes');

    const dlqDepth = props.feedDlq.metricApproximateNumberOfMessagesVisible({
      period: FIVE_MINUTES,
      statistic: 'Maximum',
    });
    alarm('FeedDlqDepth', dlqDepth, 'A feed build failed and landed in the dead-letter queue');
    const mailDlqDepth = props.mailDlq.metricApproximateNumberOfMessagesVisible({
      period: FIVE_MINUTES,
      statistic: 'Maximum',
    });
    alarm('MailDlqDepth', mailDlqDepth, 'A mail job failed every attempt and landed in the dead-letter queue');

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: `blog-${props.stage}` });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API requests and errors',
        left: [
          props.api.metricCount({ period: FIVE_MINUTES }),
          props.api.metricClientError({ period: FIVE_MINUTES }),
          api5xx,
        ],
        right: [props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p90' })],
      }),
      new cloudwatch.GraphWidget({ title: 'Function errors', left: errorMetrics }),
      new cloudwatch.GraphWidget({ title: 'Function throttles', left: throttleMetrics }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'DynamoDB throttles', left: [tableThrottles] }),
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queue depth',
        left: [dlqDepth.with({ label: 'feeds' }), mailDlqDepth.with({ label: 'mail' })],
      }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms }),
    );
  }
}

const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
