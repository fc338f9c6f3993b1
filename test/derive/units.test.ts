// The small pieces derivation is built from: globs, alias parsing, workload naming, profile judgement, the
// constrained union.
import { describe, expect, it } from 'vitest';
import { globMatch } from '../../core/derive/glob.js';
import {
  parseAssumedRole,
  resourceContainer,
  workloadOf,
  keyNamespace,
  isLongLived,
  networkOf,
  uaFamily,
  explicitAtom,
} from '../../core/derive/atoms.js';
import { isOutOfScope, parseProfile } from '../../core/derive/profile.js';
import { ConstrainedUnion } from '../../core/derive/union.js';
import { identityKind } from '../../core/derive/naming.js';
import { PRINCIPAL_TYPES } from '../../core/model/event.js';

describe('derivation building blocks', () => {
  it('globs: *, ?, classes, anchored, case-sensitive', () => {
    expect(globMatch('*lookup_ticket*', 'execute_tool lookup_ticket')).toBe(true);
    expect(globMatch('s3:Get*', 's3:GetObject')).toBe(true);
    expect(globMatch('s3:Get*', 'x s3:GetObject')).toBe(false);
    expect(globMatch('s3:get*', 's3:GetObject')).toBe(false);
    expect(globMatch('db:prod/[ab]?', 'db:prod/a1')).toBe(true);
    expect(globMatch('a.b', 'axb')).toBe(false);
  });

  it('parses assumed-role ARNs, workloads, keys, networks and user-agent families', () => {
    expect(parseAssumedRole('arn:aws:sts::123456789012:assumed-role/app/i-0abc')).toMatchObject({
      roleArn: 'arn:aws:iam::123456789012:role/app',
      sessionName: 'i-0abc',
    });
    expect(parseAssumedRole('arn:aws:iam::123456789012:role/app')).toBeNull();
    expect(workloadOf('token.actions.githubusercontent.com', 'repo:acme/api:environment:prod')).toMatchObject({
      atom: 'github-actions|acme/api',
      method: 'github-oidc-subject',
    });
    expect(
      workloadOf('arn:aws:iam::1:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X', 'system:serviceaccount:ns:sa'),
    ).toMatchObject({ atom: 'k8s|system:serviceaccount:ns:sa', method: 'eks-irsa-subject' });
    expect(workloadOf('accounts.google.com', '1234')).toMatchObject({ atom: 'oidc|accounts.google.com|1234' });
    expect(keyNamespace('k8s-audit', 'ASIAEXAMPLE000000001')).toBe('aws-key');
    expect(keyNamespace('vault-audit', 'hmac-sha256:ab')).toBe('vault-audit');
    // Entra token, session and credential key ids are one namespace across the Microsoft formats.
    for (const f of ['entra-signin', 'entra-audit', 'graph-activity', 'm365-audit', 'azure-activity'])
      expect(keyNamespace(f, 'ZDU5MzVkY2EtODZmMi00YWM5')).toBe('entra');
    expect(isLongLived('cloudtrail', 'AKIAEXAMPLE000000001')).toBe(true);
    expect(isLongLived('cloudtrail', 'ASIAEXAMPLE000000001')).toBe(false);
    expect(networkOf('203.0.113.50')).toBe('203.0.113.0/24');
    expect(uaFamily('aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0')).toBe('aws-cli Python Darwin');
    expect(resourceContainer('arn:aws:s3:::bucket/a/b/c.csv')).toBe('arn:aws:s3:::bucket');
    expect(resourceContainer('vault:secret/data/app/db')).toBe('vault:secret/data/app');
    expect(resourceContainer('db:crm')).toBe('db:crm');
    expect(explicitAtom('gen_ai.agent.id|asst_1')).toBe('gen_ai.agent.id|asst_1');
    expect(explicitAtom('arn:aws:iam::1:role/x')).toBeNull();
    expect(explicitAtom('repo:acme/x:ref:main')).toBeNull();
  });

  it('names kinds from the canonical alias, then from how logs typed the principal', () => {
    const counts = (t: string, n = 3) => PRINCIPAL_TYPES.map((p) => (p === t ? n : 0));
    expect(identityKind('aws|arn:aws:iam::1:role/x', counts('role_session'))).toEqual({
      kind: 'role',
      nhi: true,
      rule: 'name-shape',
    });
    expect(identityKind('aws|arn:aws:iam::1:user/etl', counts('access_key'))).toEqual({
      kind: 'service_account',
      nhi: true,
      rule: 'principal-type:access_key',
    });
    expect(identityKind('aws|arn:aws:iam::1:user/pedro', counts('user'))).toEqual({
      kind: 'user',
      nhi: false,
      rule: 'interactive-use',
    });
    expect(identityKind('okta|svc-deploy', counts('unknown'))).toMatchObject({ kind: 'service_account', nhi: true });
    expect(identityKind('okta|jane@example.com', counts('unknown'))).toMatchObject({ kind: 'unknown', nhi: false });
  });

  it('a machine user: typed a person by some events, named like a machine, acting mostly through tokens', () => {
    const mix = (user: number, key: number) =>
      PRINCIPAL_TYPES.map((p) => (p === 'user' ? user : p === 'access_key' ? key : 0));
    // A release bot's fine-grained token, created once in the web UI as the bot.
    expect(identityKind('github|acme-release-bot', mix(1, 21))).toEqual({
      kind: 'service_account',
      nhi: true,
      rule: 'machine-user',
    });
    expect(identityKind('github|ci_deployer', mix(2, 40))).toMatchObject({ rule: 'machine-user' });
    // A person who also uses a token stays a person; a name alone does not make a machine of a person at work.
    expect(identityKind('github|mlopez', mix(5, 40))).toMatchObject({ kind: 'user', rule: 'interactive-use' });
    expect(identityKind('github|release-bot', mix(30, 10))).toMatchObject({ kind: 'user' });
    // "robot" as a word, not "botany" inside one.
    expect(identityKind('github|jbotany', mix(1, 40))).toMatchObject({ kind: 'user' });
  });

  it('judges events against a profile: allow, deny, categories, events without a resource', () => {
    const p = parseProfile(`identities:
  - match: agent
    allow: {actions: ["tool *"], resources: ["db:crm*"], categories: [read, query]}
    deny: {actions: ["*drop*"]}
`);
    const r = p.identities;
    expect(isOutOfScope(r, 'tool lookup', 'db:crm', 'read')).toBe(false);
    expect(isOutOfScope(r, 'tool lookup', null, 'read')).toBe(false);
    expect(isOutOfScope(r, 'tool lookup', 'db:hr', 'read')).toBe(true);
    expect(isOutOfScope(r, 'tool lookup', 'db:crm', 'write')).toBe(true);
    expect(isOutOfScope(r, 'tool drop_table', 'db:crm', 'query')).toBe(true);
    expect(isOutOfScope([], 'anything', null, 'write')).toBe(false);
    expect(parseProfile('')).toEqual({ identities: [] });
    expect(() => parseProfile('identities:\n  - allow: {}\n')).toThrow(/identities\.0\.match/);
    expect(() => parseProfile('identities: []\nextra: 1\n')).toThrow(/profile/);
  });

  it('the constrained union refuses links across an analyst split', () => {
    const u = new ConstrainedUnion(5);
    u.constrain(0, 7, 'a');
    u.constrain(3, 7, 'b');
    expect(u.union(0, 1)).toBe(true);
    expect(u.union(3, 4)).toBe(true);
    expect(u.conflict(1, 4)).toBe(7);
    expect(u.union(1, 4)).toBe(false);
    expect(u.union(2, 4)).toBe(true);
    expect(u.find(2)).toBe(u.find(3));
    expect(u.find(0)).not.toBe(u.find(3));
  });
});
