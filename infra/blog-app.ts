import { Aws, Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { BlogConfig } from './config.js';
import { applyNagSuppressions } from './nag-suppressions.js';
import { dataResourceNames, StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

export interface BlogStacks {
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/** Stack names per stage, e.g. `blog-prod-stateful`; deploy-local reads outputs by these names. */
export const stackNames = (stage: string) => ({
  stateful: `blog-${stage}-stateful`,
  stateless: `blog-${stage}-stateless`,
});

/**
 * Both stacks are environment-agnostic: synth needs no AWS account, and the same template deploys to any account
 * and region (cdk picks them from the credentials and AWS_REGION; deploy:local sets those for LocalStack).
 */
export interface BuildOptions {
  /** Register cdk-nag as a synth-time validation plugin (default true; tests run the pack directly). */
  nag?: boolean;
  /** Apply infra/nag-suppressions.ts (default true; a test turns it off to prove every suppression is needed). */
  suppressions?: boolean;
}

export function buildBlogApp(
  app: App,
  config: BlogConfig,
  { nag = true, suppressions = true }: BuildOptions = {},
): BlogStacks {
  const names = stackNames(config.stage);
  const data = dataResourceNames(config.stage, Aws.ACCOUNT_ID, Aws.REGION);
  const stateful = new StatefulStack(app, names.stateful, {
    stackName: names.stateful,
    description: `Blog data: table and feeds bucket (${config.stage})`,
    config,
    data,
    terminationProtection: config.target === 'aws',
  });
  const stateless = new StatelessStack(app, names.stateless, {
    stackName: names.stateless,
    description: `Blog API, functions, schedule and monitoring (${config.stage})`,
    config,
    data,
  });
  stateless.addStackDependency(stateful);
  for (const stack of [stateful, stateless]) {
    Tags.of(stack).add('app', 'blog');
    Tags.of(stack).add('stage', config.stage);
  }
  if (suppressions) applyNagSuppressions(stateful, stateless, config);
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { stateful, stateless };
}
