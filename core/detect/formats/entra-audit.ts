// Entra ID audit logs (directory audits), in the shapes of entra.ts. Renamed for SigmaHQ's azure/auditlogs
// rules: `properties.message`, ActivityDisplayName and ActivityType are the activity's display name (falling
// back to the operation name); failure_status_reason the result reason; Target the target's principal name;
// `Status` is the result; Category the activity's category (not the envelope's "AuditLogs");
// additionalDetails.<key> reads the {key, value} list; ConsentContext.IsAdminConsent reads the modified property
// of that name.
import type { SigmaFormat } from './types.js';
import { ENTRA_ROOTS, keyValue, modifiedProperty } from './entra.js';

export const entraAudit: SigmaFormat = {
  id: 'entra-audit',
  logsources: [{ product: 'azure', service: 'auditlogs' }],
  records: 'json',
  roots: ENTRA_ROOTS,
  schema: [
    'time',
    'resourceId',
    'operationName',
    'operationVersion',
    'category',
    'tenantId',
    'resultSignature',
    'resultType',
    'resultDescription',
    'durationMs',
    'callerIpAddress',
    'correlationId',
    'identity',
    'Level',
    'properties.*',
    'TimeGenerated',
    'SourceSystem',
    'Type',
    'Resource',
    'ResourceGroup',
    'AADTenantId',
    'AADOperationType',
    'id',
    'result',
    'resultReason',
    'activityDisplayName',
    'activityDateTime',
    'loggedByService',
    'operationType',
    'initiatedBy.*',
    'targetResources.*',
    'additionalDetails.*',
  ],
  fields: {
    'properties.message': [
      'properties.message',
      'properties.activityDisplayName',
      'ActivityDisplayName',
      'OperationName',
    ],
    activitydisplayname: ['properties.activityDisplayName', 'ActivityDisplayName', 'OperationName'],
    // The portal's "Activity type" column is the activity's display name.
    activitytype: ['properties.activityDisplayName', 'ActivityDisplayName', 'OperationName'],
    // Why a consent or operation failed: the result reason.
    failure_status_reason: ['properties.resultReason', 'ResultReason'],
    target: [
      'properties.targetResources.userPrincipalName',
      'TargetResources.userPrincipalName',
      'properties.targetResources.displayName',
      'TargetResources.displayName',
    ],
    operationname: ['OperationName', 'properties.operationName', 'properties.activityDisplayName'],
    status: ['properties.result', 'Result'],
    'properties.result': ['properties.result', 'Result'],
    category: ['properties.category', 'Category'],
    'additionaldetails.additionalinfo': keyValue(
      ['properties.additionalDetails', 'AdditionalDetails'],
      'AdditionalInfo',
    ),
    'consentcontext.isadminconsent': modifiedProperty('ConsentContext.IsAdminConsent'),
  },
};
