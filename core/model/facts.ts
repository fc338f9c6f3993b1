// Fact keys importers may attach to an event (NormalizedEvent.facts) for derivation. One vocabulary across
// formats, so that derive/ never has to know a log format. Values are strings; lists are joined with '\n'.
export const FACT = {
  /** Credential id this event issued (STS accessKeyId, a new IAM access key, a Vault token accessor, a GCP token). */
  issuedKey: 'issued_key',
  /** The identity the issued credential acts as (assumed-role ARN, SA email, Vault entity). */
  issuedTo: 'issued_to',
  /**
   * When the credential this event issued expires, ISO-8601 UTC (STS: the event's time + the requested or default
   * duration; a Vault token's lease; a GCP access token's expireTime). Used after it: flag `used_after_expiry`.
   */
  issuedExpires: 'issued_expires',
  /**
   * Credential id this event revoked or deactivated, as logs name it when it is used (an IAM access key set
   * Inactive, a Vault token or accessor revoked, a service-account key disabled, a GitHub token revoked). A later use
   * is flagged `used_after_revoke` (core/derive/secrets/lifecycle.ts).
   */
  revokedKey: 'revoked_key',
  /** Credential id this event deleted (DeleteAccessKey, DeleteServiceAccountKey, a token destroyed). */
  deletedKey: 'deleted_key',
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
  /**
   * The identities a call was delegated through, oldest first, '\n'-joined (GCP serviceAccountDelegationInfo and
   * metadata.identityDelegationChain): the first is the real caller, the last the identity the call ran as.
   */
  delegationChain: 'delegation_chain',
  /**
   * Groups the records of one request or flow (Entra correlationId, Okta transaction.id, GCP operation.id, k8s
   * auditID).
   */
  correlation: 'correlation_id',
  /** The auth-method role a login used (Vault kubernetes/jwt/aws/approle role, Entra managed identity type). */
  authRole: 'auth_role',
  // Added with the github-audit, teleport, postgres, auditd, otel and mcp-log importers:
  /**
   * The account a session logged in as on its target (Teleport `login` / `db_user`, auditd `acct`), to join host and DB
   * logs.
   */
  login: 'login',
  /** The kind of credential used (GitHub `programmatic_access_type`, Teleport join `method`, Postgres auth method). */
  credentialType: 'credential_type',
  /** CI repository a workload ran from, "ORG/REPO". GitHub Actions OIDC subjects read `repo:<ci_repository>:…`. */
  ciRepository: 'ci_repository',
  /** CI run id: GitHub `workflow_run_id`, equal to the Actions OIDC `run_id` claim (Teleport bot.join attributes). */
  ciRunId: 'ci_run_id',
  /** CI workflow (name, or `job_workflow_ref`). */
  ciWorkflow: 'ci_workflow',
  /** Git ref of a CI run (refs/heads/main); with ci_repository it forms the default OIDC subject `repo:R:ref:REF`. */
  ciRef: 'ci_ref',
  /** An agent's tool-call id (gen_ai.tool.call.id, ai.toolCall.id): ties a call to its result across sources. */
  toolCallId: 'tool_call_id',
  /** The MCP server a tool call went through (Claude Desktop `[server]` tag, `mcp__<server>__<tool>` names). */
  mcpServer: 'mcp_server',
  /** The MCP session (mcp.session.id) of a tool call whose session key is the agent's conversation. */
  mcpSession: 'mcp_session',
  /** The trace (one agent run) an event belongs to, when the session key is a conversation id. */
  traceId: 'trace_id',
  /** The span / observation id of an agent-trace event. */
  spanId: 'span_id',
  /** The parent span / observation of an agent-trace event (the agent step that issued a tool call). */
  parentSpan: 'parent_span',
  // Data exposure: what an event read, and how much, where the source states it (summed per session and identity).
  /**
   * Rows a query or export produced (Snowflake ROWS_PRODUCED, Salesforce ROWS_PROCESSED / report rows).
   * Decimal string.
   */
  dataRows: 'data_rows',
  /**
   * Bytes read or downloaded (S3 bytesTransferredOut, Drive/SharePoint file size, Snowflake BYTES_SCANNED).
   * Decimal string.
   */
  dataBytes: 'data_bytes',
  /** Items read (M365 MailItemsAccessed item count, records fetched by an API call). Decimal string. */
  dataItems: 'data_items',
  /** What was read: objects, tables, columns, files, mail folders — one per line (ACCESS_HISTORY base objects…). */
  dataObjects: 'data_objects',
  /** Columns read, `<object>.<column>` one per line (Snowflake ACCESS_HISTORY base columns). */
  dataColumns: 'data_columns',
  // Credential exchanges across systems (docs/derivation.md "Credential exchanges"): a session in one system
  // authenticates to another, which issues its own credential. The login states who called it; derivation makes
  // the session that called the parent of the credential the login issued.
  /**
   * On a login: the principal of another system whose credential the caller presented, "system|value" per line,
   * best first (a Vault aws-auth login's `client_arn`, then `canonical_arn`). Derivation picks that principal's
   * session live at the login, preferring the one from the login's source address.
   */
  callerPrincipal: 'caller_principal',
  /**
   * On a login: the key of the credential or session the caller presented, "namespace|key" per line, best first
   * (an AppRole `secret_id` as the audit device wrote it). Derivation takes the session keyed by it, else the
   * event that issued it.
   */
  callerKey: 'caller_key',
  /**
   * On a secrets-engine read whose generated login name the log does not show (HMAC'd): the prefixes the engine's
   * default username templates give it, one per line (`v-<display name>-<role>-`); derivation matches the database
   * user whose name has such a prefix and the issuing second as its Unix-time suffix.
   */
  issuedLoginPrefix: 'issued_login_prefix',
  /**
   * Where a credential is in its life on an event about it (the event's resource is the credential): `requested`,
   * `created`, `granted`, `denied`, `cancelled`, `regenerated`, `updated`, `revoked`, `deleted`.
   */
  credentialStage: 'credential_stage',
  /**
   * The log format a re-imported event was first imported from (an event of a SessionScope ECS export, read back by
   * the ecs importer): derivation names its principal and keys as that format does, so a re-import derives the same.
   */
  sourceFormat: 'source_format',
} as const;

/**
 * Facts derivation looks up by value (which event issued this key? which events federate this subject?) or reads
 * by key across the case (the data exposure facts, stated by the few events that read data). They are
 * also written to `event_links` (key, value, event_id), a table ordered for exactly that lookup; every other fact
 * describes its event (account, issuer, host…) and lives only in `event_facts`, read by event id. Keeping the bulk
 * descriptive facts out of a value index is a third of the fact-writing cost of an import.
 */
export const LINK_FACTS: readonly string[] = [
  FACT.issuedKey,
  FACT.issuedTo,
  FACT.issuedExpires,
  FACT.revokedKey,
  FACT.deletedKey,
  FACT.targetIdentity,
  FACT.federatedSubject,
  FACT.identityProvider,
  FACT.alias,
  FACT.logTamper,
  FACT.impersonator,
  FACT.delegationChain,
  FACT.ciRunId,
  FACT.toolCallId,
  // Data exposure is summed per session and identity by derivation, which reads these few events by key.
  FACT.dataRows,
  FACT.dataBytes,
  FACT.dataItems,
  FACT.dataObjects,
  FACT.dataColumns,
  FACT.callerPrincipal,
  FACT.callerKey,
  FACT.issuedLoginPrefix,
  FACT.sourceFormat,
];
