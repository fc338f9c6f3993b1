// GCP Cloud Audit Logs: LogEntry objects with an AuditLog protoPayload. SigmaHQ's gcp rules mix three
// conventions, all read here: Elastic's ECS names (`gcp.audit.method_name`), the LogEntry wrapped in a `data`
// object (`data.protoPayload.methodName`), and the LogEntry itself (`protoPayload.serviceName`). Google
// Workspace admin and login activity exported to Cloud Logging arrives as audit entries of admin.googleapis.com
// and login.googleapis.com, so the google_workspace.admin / .login rules run here too: `eventService` is the
// service, `eventName` the activity's event name, and Workspace parameters (`setting_name`, `new_value`…) are
// read from protoPayload.metadata.event[].parameter[].
import type { SigmaFormat } from './types.js';
import type { Value, View } from '../record.js';
import { pathValues } from '../record.js';

function workspaceParameter(name: string): (v: View) => Value[] | undefined {
  return (v) => {
    const params = pathValues(v.json, 'protoPayload.metadata.event.parameter');
    if (!params) return undefined;
    const out: Value[] = [];
    let found = false;
    for (const p of params) {
      if (p === null || typeof p !== 'object') continue;
      const o = p as Record<string, unknown>;
      if (typeof o.name !== 'string' || o.name.toUpperCase() !== name) continue;
      found = true;
      for (const k of ['value', 'boolValue', 'intValue', 'multiValue', 'multiStrValue', 'multiIntValue'])
        if (o[k] !== undefined) out.push(...(Array.isArray(o[k]) ? (o[k] as Value[]) : [o[k] as Value]));
    }
    return found ? out : undefined;
  };
}

export const WORKSPACE_PARAMETERS = [
  'setting_name',
  'new_value',
  'old_value',
  'application_name',
  'application_edition',
  'org_unit_name',
  'user_email',
  'group_email',
  'role_name',
  'privilege_name',
  'domain_name',
  'oauth2_service_name',
  'oauth2_app_id',
  'oauth2_api_scopes',
  'login_type',
  'is_suspicious',
];

export const gcpAudit: SigmaFormat = {
  id: 'gcp-audit',
  logsources: [
    { product: 'gcp', service: 'gcp.audit' },
    { product: 'gcp', service: 'google_workspace.admin' },
    { product: 'gcp', service: 'google_workspace.login' },
  ],
  records: 'json',
  schema: [
    'logName',
    'timestamp',
    'receiveTimestamp',
    'severity',
    'insertId',
    'trace',
    'spanId',
    'traceSampled',
    'textPayload',
    'resource.*',
    'labels.*',
    'httpRequest.*',
    'operation.*',
    'sourceLocation.*',
    'split.*',
    'protoPayload.*',
    'jsonPayload.*',
  ],
  fields: {
    'gcp.audit.method_name': 'protoPayload.methodName',
    'gcp.audit.service_name': 'protoPayload.serviceName',
    'gcp.audit.resource_name': 'protoPayload.resourceName',
    'gcp.audit.type': 'protoPayload.@type',
    'gcp.audit.log_name': 'logName',
    'gcp.audit.num_response_items': 'protoPayload.numResponseItems',
    'gcp.audit.authentication_info.principal_email': 'protoPayload.authenticationInfo.principalEmail',
    'gcp.audit.authentication_info.authority_selector': 'protoPayload.authenticationInfo.authoritySelector',
    'gcp.audit.authorization_info.granted': 'protoPayload.authorizationInfo.granted',
    'gcp.audit.authorization_info.permission': 'protoPayload.authorizationInfo.permission',
    'gcp.audit.authorization_info.resource': 'protoPayload.authorizationInfo.resource',
    'gcp.audit.request_metadata.caller_ip': 'protoPayload.requestMetadata.callerIp',
    'gcp.audit.request_metadata.caller_supplied_user_agent': 'protoPayload.requestMetadata.callerSuppliedUserAgent',
    'gcp.audit.status.code': 'protoPayload.status.code',
    'gcp.audit.status.message': 'protoPayload.status.message',
    'gcp.audit.request.*': 'protoPayload.request.*',
    'gcp.audit.response.*': 'protoPayload.response.*',
    // The LogEntry's logName is top level; `data.protoPayload.logName` means it.
    'data.protopayload.logname': 'logName',
    'data.*': '*',
    eventservice: 'protoPayload.serviceName',
    eventname: 'protoPayload.metadata.event.eventName',
    eventtype: 'protoPayload.metadata.event.eventType',
    ...Object.fromEntries(WORKSPACE_PARAMETERS.map((p) => [p, workspaceParameter(p.toUpperCase())])),
  },
};
