import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type { IConstruct } from 'constructs';
import { buildBlogApp, type BlogStacks, type BuildOptions } from '../../infra/blog-app.js';
import { parseBlogConfig, type BlogConfig, type BlogConfigInput } from '../../infra/config.js';

/** Both deployment targets; most infra tests run once per target. */
export const TARGETS = ['aws', 'localstack'] as const;

export interface Synth extends BlogStacks {
  config: BlogConfig;
  app: App;
  statefulTemplate: Template;
  statelessTemplate: Template;
}

const cache = new Map<string, Synth>();

/** Builds the app without bundling (context aws:cdk:bundling-stacks = []) and without the synth-time nag plugin. */
export function synth(input: BlogConfigInput = {}, options: BuildOptions = {}): Synth {
  const key = JSON.stringify([input, options]);
  const hit = cache.get(key);
  if (hit) return hit;
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const config = parseBlogConfig(input);
  const stacks = buildBlogApp(app, config, { nag: false, ...options });
  const result: Synth = {
    ...stacks,
    config,
    app,
    statefulTemplate: Template.fromStack(stacks.stateful),
    statelessTemplate: Template.fromStack(stacks.stateless),
  };
  cache.set(key, result);
  return result;
}

/** The CloudFormation logical id of a construct (or of its default child). */
export function logicalId(construct: IConstruct): string {
  const element = (construct instanceof CfnElement ? construct : construct.node.defaultChild) as CfnElement;
  return Stack.of(element).resolve(element.logicalId) as string;
}

type Resources = Record<string, { Type: string; Properties?: Record<string, any>; [k: string]: unknown }>;

export const resourcesOf = (template: Template): Resources => template.toJSON().Resources as Resources;

export function resourceOf(template: Template, construct: IConstruct) {
  const resource = resourcesOf(template)[logicalId(construct)];
  if (!resource) throw new Error(`no resource for ${construct.node.path}`);
  return resource;
}

/** The API Gateway method for a path template and HTTP method, or undefined. */
export function findMethod(s: Synth, path: string, httpMethod: string) {
  const api = s.stateless.blogApi.api;
  const resource = path === '/' ? api.root : (api.root.resourceForPath(path) as apigw.Resource);
  // The root resource is not a resource of its own in the template: methods on it point at the API's RootResourceId.
  const resourceRef =
    path === '/' ? { 'Fn::GetAtt': [logicalId(api), 'RootResourceId'] } : { Ref: logicalId(resource) };
  return Object.values(resourcesOf(s.statelessTemplate)).find(
    (r) =>
      r.Type === 'AWS::ApiGateway::Method' &&
      r.Properties?.HttpMethod === httpMethod &&
      JSON.stringify(r.Properties?.ResourceId) === JSON.stringify(resourceRef),
  );
}

/** All IAM actions a role is allowed, from every policy attached to it in the template. */
export function allowedActions(template: Template, role: IConstruct): { action: string; resource: unknown }[] {
  const roleRef = JSON.stringify({ Ref: logicalId(role) });
  const out: { action: string; resource: unknown }[] = [];
  for (const r of Object.values(resourcesOf(template))) {
    if (r.Type !== 'AWS::IAM::Policy' || !JSON.stringify(r.Properties?.Roles ?? []).includes(roleRef)) continue;
    for (const st of r.Properties?.PolicyDocument.Statement ?? []) {
      const actions = Array.isArray(st.Action) ? st.Action : [st.Action];
      const resources = Array.isArray(st.Resource) ? st.Resource : [st.Resource];
      for (const action of actions) for (const resource of resources) out.push({ action, resource });
    }
  }
  return out;
}

export const WRITE_ACTION = /^(dynamodb:(Put|Update|Delete|BatchWrite)|s3:(Put|Delete)|lambda:Invoke)/;
