// Secret detection per kind, and what is not an exposure: a log naming the credential it is about, placeholders,
// HMACs, pagination and idempotency tokens, identifiers.
import { describe, expect, it } from 'vitest';
import { detectSecrets } from '../../core/derive/secrets/detect.js';

const none = { stated: new Set<string>() };
const kinds = (text: string, stated = none) => detectSecrets(text, stated).map((h) => h.kind);

const JWT = (claims: object) =>
  `${Buffer.from('{"alg":"RS256","kid":"k1"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2lnbmF0dXJlLWJ5dGVz`;

describe('found as data', () => {
  it('each kind of credential', () => {
    expect(kinds('export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE')).toEqual(['aws_access_key_id']);
    const env = detectSecrets(
      'AWS_ACCESS_KEY_ID=AKIAQWERTYUIOPASDFGH AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      none,
    );
    expect(env.map((h) => h.kind)).toEqual(['aws_access_key_id', 'aws_secret_access_key']);
    expect(env[1].keyId).toBe('AKIAQWERTYUIOPASDFGH');
    expect(env[1].shown).not.toContain('wJalrXUtnFEMI/K7MDENG');
    expect(kinds('git clone https://x:ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8@github.com/acme/app')).toEqual([
      'github_token',
    ]);
    expect(kinds('token github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGH')).toEqual(['github_token']);
    expect(kinds('{"text":"xoxb-2291-33445566-AbCdEfGhIjKlMnOp"}')).toEqual(['slack_token']);
    expect(kinds('post to https://hooks.slack.com/services/T0AAA1111/B0BBB2222/abcdefghijklmnop1234')).toEqual([
      'slack_webhook',
    ]);
    expect(kinds('VAULT_TOKEN=hvs.CAESIJx8q9d7Wbq2n3m4k5j6h7g8f9d0s1a2q3w4e5r6t7y8u9i0')).toEqual(['vault_token']);
    const pem =
      '{"private_key":"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n","private_key_id":"0123456789abcdef0123456789abcdef01234567","client_email":"ci@acme-prod.iam.gserviceaccount.com"}';
    const sa = detectSecrets(pem, none);
    expect(sa).toHaveLength(1);
    expect(sa[0]).toMatchObject({ kind: 'gcp_service_account_key', keyId: '0123456789abcdef0123456789abcdef01234567' });
    expect(
      kinds('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----'),
    ).toEqual(['private_key']);
    const jwt = detectSecrets(
      `{"spec":{"token":"${JWT({ iss: 'https://kubernetes.default.svc', sub: 'system:serviceaccount:ci:builder', jti: 'a1b2c3' })}"}}`,
      none,
    );
    expect(jwt[0]).toMatchObject({ kind: 'jwt', keyId: 'a1b2c3', field: 'token' });
    expect(jwt[0].shown).toContain('sub=system:serviceaccount:ci:builder');
    expect(kinds('{"client_secret":"Zx8#kP2qL9mW4vR7tY1u"}')).toEqual(['generic_secret']);
    expect(kinds('psql --password=Zx8kP2qL9mW4vR7tY1uQ host=db')).toEqual(['generic_secret']);
    expect(kinds("ALTER ROLE app WITH PASSWORD 'Zx8kP2qL9mW4vR7tY1uQ'")).toEqual(['generic_secret']);
  });
});

describe('not an exposure', () => {
  it('the key a record is about, under the field that names it', () => {
    expect(kinds('{"userIdentity":{"accessKeyId":"ASIAQWERTYUIOPASDFGH"}}')).toEqual([]);
    expect(kinds('{"user":{"extra":{"accessKeyId":["ASIAQWERTYUIOPASDFGH"]}}}')).toEqual([]);
    expect(kinds('{"requestParameters":{"accessKeyId":"AKIAQWERTYUIOPASDFGH","status":"Inactive"}}')).toEqual([]);
    // …and what the event states as issued or revoked, wherever it appears.
    expect(kinds('{"note":"rotated AKIAQWERTYUIOPASDFGH"}', { stated: new Set(['AKIAQWERTYUIOPASDFGH']) })).toEqual([]);
  });

  it('placeholders, HMACs, pagination and request tokens, identifiers, prose', () => {
    for (const text of [
      '{"password":"********"}',
      '{"client_token":"hmac-sha256:9a0b1c2d3e4f5a6b7c8d9e0f"}',
      '{"secret":"${DB_PASSWORD}"}',
      '{"password":"changeme"}',
      '{"NextToken":"AAIAAQABAAHcqK9yZ5KnM3x0J0xc"}',
      '{"clientToken":"fleet-1a2b3c4d-5e6f-7a8b-9c0d-aa0"}',
      '{"stateToken":"02.id.Zk9SaHhJLKF"}',
      '{"uniqueTokenIdentifier":"YTAwMWIzNGUtMTAw"}',
      '{"tokenType":"Bearer"}',
      '{"authentication.kubernetes.io/pod-uid":"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"}',
      '{"secretName":"db-credentials-prod"}',
      '{"hashed_token":"Pvo3XmgzAn8eE6ECsaoDZGyvHcB0YWXTAUwIXVJyMOc="}',
      'secretsmanager:GetSecretValue on arn:aws:secretsmanager:us-east-1:111122223333:secret:db',
    ])
      expect(kinds(text), text).toEqual([]);
  });
});
