// Entra ID sign-in logs (interactive, non-interactive, service principal, managed identity), in the shapes of
// entra.ts. Renamed for SigmaHQ's azure/signinlogs rules: ResultType and ResultDescription fall back to the
// status object; `Status` is "Success" or "Failure" (as the portal shows it) plus the status' failure reason and
// details; `properties.message` is the authentication protocol as the portal names it ("Device Code", "ROPC");
// ClientApp is clientAppUsed, Username the user principal name.
import type { SigmaFormat } from './types.js';
import type { Value, View } from '../record.js';
import { ENTRA_ROOTS, firstOf } from './entra.js';

const PROTOCOLS: Record<string, string> = {
  devicecode: 'Device Code',
  ropc: 'ROPC',
  saml20: 'SAML 2.0',
  wsfederation: 'WS-Federation',
  oauth2: 'OAuth2',
  none: 'None',
};

function status(v: View): Value[] | undefined {
  const s = firstOf(v, ['Status', 'properties.status']);
  const code = firstOf(v, ['properties.status.errorCode', 'Status.errorCode', 'ResultType']);
  if (!s && !code) return undefined;
  const out: Value[] = [];
  const c = code?.find((x) => x !== null && x !== '');
  if (c !== undefined) out.push(String(c) === '0' || String(c).toLowerCase() === 'success' ? 'Success' : 'Failure');
  for (const x of s ?? []) {
    if (x === null || typeof x !== 'object') {
      out.push(x);
      continue;
    }
    const o = x as Record<string, unknown>;
    for (const k of ['failureReason', 'additionalDetails']) if (typeof o[k] === 'string') out.push(o[k] as string);
  }
  return out;
}

function protocol(v: View): Value[] | undefined {
  const own = firstOf(v, ['properties.message']);
  const p = firstOf(v, ['properties.authenticationProtocol', 'AuthenticationProtocol']);
  if (!own && !p) return undefined;
  const out: Value[] = [...(own ?? [])];
  for (const x of p ?? []) if (typeof x === 'string') out.push(PROTOCOLS[x.toLowerCase()] ?? x);
  return out;
}

export const entraSignin: SigmaFormat = {
  id: 'entra-signin',
  logsources: [{ product: 'azure', service: 'signinlogs' }],
  records: 'json',
  roots: ENTRA_ROOTS,
  schema: [
    // diagnostic settings envelope
    'time',
    'resourceId',
    'operationName',
    'operationVersion',
    'category',
    'tenantId',
    'resultType',
    'resultSignature',
    'resultDescription',
    'durationMs',
    'callerIpAddress',
    'correlationId',
    'identity',
    'Level',
    'location.*',
    'properties.*',
    // Log Analytics columns (the Graph names, capitalised) and Graph signIn properties
    'TimeGenerated',
    'SourceSystem',
    'Type',
    'id',
    'createdDateTime',
    'userDisplayName',
    'userPrincipalName',
    'userId',
    'userType',
    'appId',
    'appDisplayName',
    'ipAddress',
    'ipAddressFromResourceProvider',
    'clientAppUsed',
    'userAgent',
    'conditionalAccessStatus',
    'originalRequestId',
    'isInteractive',
    'tokenIssuerName',
    'tokenIssuerType',
    'clientCredentialType',
    'processingTimeInMilliseconds',
    'riskDetail',
    'riskLevelAggregated',
    'riskLevelDuringSignIn',
    'riskState',
    'riskEventTypes',
    'riskEventTypes_v2',
    'resourceDisplayName',
    'resourceTenantId',
    'homeTenantId',
    'authenticationMethodsUsed',
    'authenticationRequirement',
    'authenticationRequirementPolicies',
    'authenticationDetails.*',
    'authenticationProtocol',
    'signInIdentifier',
    'signInIdentifierType',
    'servicePrincipalId',
    'servicePrincipalName',
    'servicePrincipalCredentialKeyId',
    'servicePrincipalCredentialThumbprint',
    'managedIdentityType',
    'federatedCredentialId',
    'uniqueTokenIdentifier',
    'incomingTokenType',
    'crossTenantAccessType',
    'networkLocationDetails.*',
    'deviceDetail.*',
    'locationDetails.*',
    'status.*',
    'mfaDetail.*',
    'appliedConditionalAccessPolicies.*',
    'conditionalAccessPolicies.*',
    'conditionalAccessAudiences.*',
    'flaggedForReview',
    'isTenantRestricted',
    'autonomousSystemNumber',
    'alternateSignInName',
    'sessionId',
    'sessionLifetimePolicies.*',
    'tokenProtectionStatusDetails.*',
    'signInEventTypes',
  ],
  fields: {
    resulttype: ['ResultType', 'properties.status.errorCode', 'status.errorCode'],
    resultdescription: ['ResultDescription', 'properties.status.failureReason', 'status.failureReason'],
    status,
    'properties.message': protocol,
    clientapp: ['ClientAppUsed', 'properties.clientAppUsed'],
    username: ['UserPrincipalName', 'properties.userPrincipalName'],
  },
};
