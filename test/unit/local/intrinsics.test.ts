import { describe, expect, it } from 'vitest';
import { resolve, IntrinsicError, type IntrinsicContext } from '../../../local/intrinsics.js';
import { LocalResources } from '../../../local/resources.js';
import { template } from './fixture-assembly.js';

const ctx: IntrinsicContext = {
  pseudo: { region: 'eu-west-1', accountId: '000000000000', partition: 'aws', urlSuffix: 'amazonaws.com', stackName: 'Samskab-demo', stackId: 'id' },
  ref: (id) => `ref:${id}`,
  getAtt: (id, attr) => `${id}.${attr}`,
};

describe('intrinsic resolver', () => {
  it('resolves Ref, pseudo parameters and Fn::GetAtt in both forms', () => {
    expect(resolve({ Ref: 'Table' }, ctx)).toBe('ref:Table');
    expect(resolve({ Ref: 'AWS::Region' }, ctx)).toBe('eu-west-1');
    expect(resolve({ Ref: 'AWS::AccountId' }, ctx)).toBe('000000000000');
    expect(resolve({ Ref: 'AWS::StackName' }, ctx)).toBe('Samskab-demo');
    expect(resolve({ 'Fn::GetAtt': ['Queue', 'Arn'] }, ctx)).toBe('Queue.Arn');
    expect(resolve({ 'Fn::GetAtt': 'Queue.Arn' }, ctx)).toBe('Queue.Arn');
  });

  it('resolves Fn::Join, Fn::Sub (with variables and escapes), Fn::Select and Fn::Split', () => {
    expect(resolve({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':x']] }, ctx)).toBe('arn:aws:x');
    expect(resolve({ 'Fn::Sub': 'cdk-${AWS::AccountId}-${AWS::Region}-${Bucket}-${Fn.Arn}-${!Literal}' }, ctx))
      .toBe('cdk-000000000000-eu-west-1-ref:Bucket-Fn.Arn-${Literal}');
    expect(resolve({ 'Fn::Sub': ['${A}/${B}', { A: 'a', B: { Ref: 'X' } }] }, ctx)).toBe('a/ref:X');
    expect(resolve({ 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] }, ctx)).toBe('b');
  });

  it('drops AWS::NoValue and resolves nested structures', () => {
    expect(resolve({ A: { Ref: 'AWS::NoValue' }, B: [1, { Ref: 'AWS::NoValue' }, { Ref: 'T' }] }, ctx)).toEqual({ B: [1, 'ref:T'] });
  });

  it('rejects what it cannot run instead of guessing', () => {
    expect(() => resolve({ 'Fn::ImportValue': 'x' }, ctx)).toThrow(IntrinsicError);
    expect(() => resolve({ Ref: 'AWS::Nope' }, ctx)).toThrow(/pseudo parameter/);
    expect(() => resolve({ 'Fn::Select': [5, ['a']] }, ctx)).toThrow(/out of range/);
  });
});

describe('local resource identities', () => {
  const resources = new LocalResources(
    { stackName: 'Samskab-fixture', assemblyDir: '/x', template: template as never },
    { region: 'eu-west-1', accountId: '000000000000', awsEndpointUrl: 'http://127.0.0.1:3001', apiUrl: 'http://127.0.0.1:3000' },
  );

  it('names tables, queues, functions and buses locally and answers Ref/GetAtt like CloudFormation', () => {
    expect(resources.ref('TableCD117FA1')).toBe('Samskab-fixture-TableCD117FA1');
    expect(resources.ref('Queue4F838B3A')).toBe('http://127.0.0.1:3001/000000000000/Samskab-fixture-Queue4F838B3A');
    expect(resources.getAtt('Queue4F838B3A', 'Arn')).toBe('arn:aws:sqs:eu-west-1:000000000000:Samskab-fixture-Queue4F838B3A');
    expect(resources.getAtt('ApiFnDF082D58', 'Arn')).toBe('arn:aws:lambda:eu-west-1:000000000000:function:Samskab-fixture-ApiFnDF082D58');
    expect(resources.ref('BusEA82B648')).toBe('FixtureBus');
    expect(String(resources.ref('Token07F9A1D2'))).toMatch(/^arn:aws:secretsmanager:eu-west-1:000000000000:secret:Token07F9A1D2-[0-9a-f]{6}$/);
  });

  it('maps the execute-api URL of the template HTTP API to the local API', () => {
    const env = resources.properties('ApiFnDF082D58')['Environment'] as { Variables: Record<string, string> };
    expect(env.Variables['PUBLIC_URL']).toBe('http://127.0.0.1:3000/');
    expect(resources.getAtt('ApiF70053CD', 'ApiEndpoint')).toBe('http://127.0.0.1:3000');
  });

  it('resolves the AwsCustomResource call with the local table name', () => {
    const call = JSON.parse(String(resources.properties('SeedC76DC678')['Create'])) as { parameters: { RequestItems: Record<string, unknown> } };
    expect(Object.keys(call.parameters.RequestItems)).toEqual(['Samskab-fixture-TableCD117FA1']);
  });
});
