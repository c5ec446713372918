import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synth } from './support.js';

/** CDK does not detect reference cycles inside one stack; CloudFormation rejects them only at deploy time. */
function findCycle(template: Template): string[] | undefined {
  const resources = template.toJSON().Resources as Record<
    string,
    { Properties?: unknown; DependsOn?: string | string[] }
  >;
  const edges = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(resources)) {
    const targets = new Set<string>([resource.DependsOn ?? []].flat());
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(walk);
      if (!value || typeof value !== 'object') return;
      const v = value as Record<string, unknown>;
      if (typeof v.Ref === 'string' && resources[v.Ref]) targets.add(v.Ref);
      const getAtt = v['Fn::GetAtt'] as string[] | undefined;
      if (Array.isArray(getAtt) && resources[getAtt[0]]) targets.add(getAtt[0]);
      if (typeof v['Fn::Sub'] === 'string')
        for (const m of v['Fn::Sub'].matchAll(/\$\{([^.}]+)/g)) if (resources[m[1]]) targets.add(m[1]);
      Object.values(v).forEach(walk);
    };
    walk(resource.Properties);
    edges.set(id, targets);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...path, id];
    state.set(id, 'visiting');
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next, [...path, id]);
      if (cycle) return cycle;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id, []);
    if (cycle) return cycle;
  }
  return undefined;
}

describe.each([
  ['aws', { target: 'aws' as const }],
  ['localstack', { target: 'localstack' as const }],
  [
    'aws with custom domain and WAF',
    {
      target: 'aws' as const,
      waf: {},
      customDomain: {
        domainName: 'blog.example.com',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      },
    },
  ],
])('templates (%s)', (_, input) => {
  it('have no reference cycles (SITE_URL → CloudFront → API → functions stays acyclic)', () => {
    const s = synth(input);

    expect(findCycle(s.statefulTemplate)).toBeUndefined();
    expect(findCycle(s.statelessTemplate)).toBeUndefined();
  });

  it('reference nothing across stacks through exports', () => {
    const s = synth(input);

    expect(JSON.stringify(s.statelessTemplate.toJSON())).not.toContain('Fn::ImportValue');
  });
});
