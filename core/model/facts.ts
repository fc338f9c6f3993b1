// Fact keys importers may attach to an event (NormalizedEvent.facts) for derivation. One vocabulary across
// formats, so that derive/ never has to know a log format. Values are strings; lists are joined with '\n'.
export const FACT = {
  /** Credential id this event issued (STS accessKeyId, a new IAM access key, a Vault token accessor, a GCP token). */
  issuedKey: 'issued_key',
  /** The identity the issued credential acts as (assumed-role ARN, SA email, Vault entity). */
  issuedTo: 'issued_to',
  /** The role / service account being assumed or impersonated (role ARN, SA email). */
  targetIdentity: 'target_identity',
  /** Federated subject of a web identity / OIDC token (repo:org/repo:ref…, system:serviceaccount:ns:sa). */
  federatedSubject: 'federated_subject',
  /** The identity provider of a federated login (token.actions.githubusercontent.com, oidc.eks…). */
  identityProvider: 'identity_provider',
  /** A carried-along human/source identity (CloudTrail sourceIdentity). */
  sourceIdentity: 'source_identity',
  /** The issuing role/identity behind a session principal (sessionIssuer.arn). */
  issuer: 'issuer',
  /** Who really acted when the principal is an impersonation (Teleport impersonator, GCP delegation chain). */
  impersonator: 'impersonator',
  /** The cloud account / project / tenant / cluster the event belongs to. */
  account: 'account',
  /** An alias the log itself states for the principal, "system|value" per line (e.g. "aws|arn:aws:iam::1:role/x"). */
  alias: 'alias',
  /** The agent or application behind a tool call or API call (gen_ai.agent.name, appId). */
  agent: 'agent',
  /** Tool name for agent tool calls. */
  tool: 'tool',
  /** Marks events that disable or reduce logging (StopLogging, audit device disable…). */
  logTamper: 'log_tamper',
  /** Instance / host the credential was delivered to (EC2 instance id for instance-profile sessions). */
  host: 'host',
} as const;
