import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { UsageError } from './errors.js';

/**
 * The user pool client id for `blog login`, read from the deployed stateless stack's outputs (AWS credentials
 * from the usual chain). The stack's ARN also names its region, which is the user pool's.
 */
export const DEFAULT_STACK = 'blog-prod-stateless';

export async function userPoolClientFromStack(
  stack: string,
  region: string | undefined,
): Promise<{ clientId: string; region: string }> {
  const endpoint = process.env.BLOG_CLOUDFORMATION_ENDPOINT;
  const client = new CloudFormationClient({ ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) });
  let outputs: { OutputKey?: string; OutputValue?: string }[];
  let stackId: string;
  try {
    const { Stacks = [] } = await client.send(new DescribeStacksCommand({ StackName: stack }));
    outputs = Stacks[0]?.Outputs ?? [];
    stackId = Stacks[0]?.StackId ?? '';
  } catch (error) {
    throw new UsageError(
      `cannot read the outputs of stack ${stack} (${(error as Error).message}); pass --client-id instead`,
    );
  } finally {
    client.destroy();
  }
  const clientId = outputs.find((o) => o.OutputKey === 'UserPoolClientId')?.OutputValue;
  if (!clientId)
    throw new UsageError(`stack ${stack} has no UserPoolClientId output (is Cognito turned off?); pass --client-id`);
  const stackRegion = stackId.split(':')[3] || region;
  if (!stackRegion) throw new UsageError('cannot tell the user pool region; pass --region');
  return { clientId, region: stackRegion };
}
