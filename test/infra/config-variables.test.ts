import { describe, expect, it } from 'vitest';
import type { BlogConfigInput } from '../../infra/config.js';
import { CONFIG_VARIABLES, RUNTIME_VARIABLES } from '../../shared/config/config.js';
import { REQUIRED_VARIABLES, type FunctionName } from '../../shared/config/function-variables.js';
import { resourceOf, synth } from './support.js';

const CONFIGURATIONS: [string, BlogConfigInput][] = [
  ['aws', { target: 'aws' }],
  ['localstack', { target: 'localstack' }],
  [
    'aws, HS256 admin secret, no CloudFront',
    { target: 'aws', cognito: false, cloudFront: false, allowedOrigins: ['https://blog.example.com'] },
  ],
];

describe.each(CONFIGURATIONS)('function environments (%s)', (_, input) => {
  const s = synth(input);
  const functions: Partial<Record<FunctionName, Parameters<typeof resourceOf>[1]>> = {
    ...s.stateless.apiFunctions,
    'feed-builder': s.stateless.feedBuilder,
    'mail-worker': s.stateless.mailWorker,
    ...(s.stateless.authorizerFunction ? { authorizer: s.stateless.authorizerFunction } : {}),
  };
  const environments = Object.entries(functions).map(
    ([name, fn]) =>
      [
        name as FunctionName,
        Object.keys(resourceOf(s.statelessTemplate, fn!).Properties!.Environment.Variables),
      ] as const,
  );
  const readable = new Set<string>([...CONFIG_VARIABLES, ...RUNTIME_VARIABLES]);

  it.each(environments)('sets only variables the config reader reads (%s)', (_name, variables) => {
    expect(variables.filter((v) => !readable.has(v))).toEqual([]);
  });

  it.each(environments)('sets every variable %s requires outside STAGE=local', (name, variables) => {
    expect(REQUIRED_VARIABLES[name].filter((v) => !variables.includes(v))).toEqual([]);
    expect(variables).toContain('STAGE');
  });
});
