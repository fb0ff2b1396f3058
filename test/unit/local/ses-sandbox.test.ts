// SES's sandbox locally: who counts as verified, and SES v2's refusal message.
import { describe, expect, it } from 'vitest';
import { recipientsOf, senderOf, SesSandbox, templateIdentities } from '../../../local/ses-sandbox.js';

describe('the SES sandbox', () => {
  const sandbox = new SesSandbox(['example.org', 'tester@kolding.example.com'], 'eu-west-1');

  it('verifies an address by itself or its domain, and the mailbox simulator', () => {
    expect(sandbox.isVerified('Anyone@Example.org')).toBe(true);
    expect(sandbox.isVerified('tester@kolding.example.com')).toBe(true);
    expect(sandbox.isVerified('other@kolding.example.com')).toBe(false);
    expect(sandbox.isVerified('bounce+x@simulator.amazonses.com')).toBe(true);
  });

  it('refuses as SES v2 does, naming every unverified identity once', () => {
    expect(sandbox.refusal('netvaerk@example.org', ['tester@kolding.example.com'])).toBeUndefined();
    expect(sandbox.refusal('me@elsewhere.dk', ['a@varde.example.com', 'a@varde.example.com'])).toBe(
      'Email address is not verified. The following identities failed the check in region EU-WEST-1: me@elsewhere.dk, a@varde.example.com',
    );
  });

  it('reads the sender from a raw message\'s From header, and every recipient of the request', () => {
    const raw = Buffer.from('From: =?UTF-8?Q?Netv=C3=A6rk?=\r\n <netvaerk@example.org>\r\nTo: a@b.dk\r\n\r\nFrom: body@x.dk').toString('base64');
    expect(senderOf({ Content: { Raw: { Data: raw } } })).toBe('netvaerk@example.org');
    expect(senderOf({ FromEmailAddress: 'Net <n@example.org>' })).toBe('n@example.org');
    expect(recipientsOf({ Destination: { ToAddresses: ['a@x.dk'], CcAddresses: ['b@x.dk'], BccAddresses: ['c@x.dk'] } })).toEqual(['a@x.dk', 'b@x.dk', 'c@x.dk']);
  });

  it('takes the template\'s identities: EmailIdentity resources and the identities its policies send as', () => {
    const identities = templateIdentities({ Resources: {
      R: { Type: 'AWS::SES::EmailIdentity', Properties: { EmailIdentity: 'tester@kolding.example.com' } },
      P: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement: [{ Action: 'ses:SendEmail', Resource: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':identity/example.org']] },
      ] }] } } },
    } });
    expect(identities.sort()).toEqual(['example.org', 'tester@kolding.example.com']);
  });
});
