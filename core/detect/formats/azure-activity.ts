// Azure Activity Log records in the three shapes importers/azure-activity reads, for SigmaHQ's azure/activitylogs
// rules. The rules were written against two of them: the diagnostic-settings record (`operationName`, `resourceId`,
// `properties.message`) and Log Analytics' AzureActivity table (`OperationNameValue`, `ResourceProviderValue`,
// `CategoryValue`). Each Sigma field is read from whichever the record has:
// - the operation (`operationName` = `OperationNameValue`): Log Analytics' OperationNameValue, the REST/CLI
//   object's `operationName.value`, the diagnostic record's `operationName` string (Log Analytics' own
//   `OperationName` column is the localized display name, read only when OperationNameValue is absent);
// - the provider (`ResourceProviderValue`): the column, the REST `resourceProviderName.value`, else the operation's
//   namespace (`Microsoft.ADHybridHealthService/services/delete` → `Microsoft.ADHybridHealthService`);
// - the category (`CategoryValue`): the column, `category.value`, or `category`; the storage schema's
//   `Write` / `Delete` / `Action` are Administrative records and answer `Administrative` too;
// - `ResourceId`: `resourceId`, else Log Analytics' `_ResourceId`;
// - `properties.message`: under `properties` (JSON text in Log Analytics) or `Properties_d`.
import type { SigmaFormat } from './types.js';
import type { Value, View } from '../record.js';
import { pathValues } from '../record.js';

function first(v: View, paths: string[]): Value[] | undefined {
  for (const p of paths) {
    const r = pathValues(v.json, p);
    if (r !== undefined && !(r.length === 1 && r[0] === '')) return r;
  }
  return undefined;
}

/** A REST `{value, localizedValue}` member read as its value; strings as they are. */
function plainValues(r: Value[] | undefined): Value[] | undefined {
  if (r === undefined) return undefined;
  return r.map((x) =>
    x !== null && typeof x === 'object' && !Array.isArray(x) && 'value' in x
      ? ((x as { value: Value }).value ?? null)
      : x,
  );
}

function operation(v: View): Value[] | undefined {
  return plainValues(first(v, ['OperationNameValue', 'operationName']));
}

function provider(v: View): Value[] | undefined {
  const own = plainValues(first(v, ['ResourceProviderValue', 'resourceProviderName', 'ResourceProvider']));
  if (own !== undefined) return own;
  const op = operation(v);
  if (op === undefined) return undefined;
  const out: Value[] = [];
  for (const o of op) if (typeof o === 'string' && o.includes('/')) out.push(o.slice(0, o.indexOf('/')));
  return out.length > 0 ? out : undefined;
}

/** The storage schema's categories of Administrative records (Microsoft's Activity Log schema, "storage account"). */
const ADMINISTRATIVE = new Set(['write', 'delete', 'action']);

function category(v: View): Value[] | undefined {
  const c = plainValues(first(v, ['CategoryValue', 'category']));
  if (c === undefined) return undefined;
  const out = [...c];
  if (c.some((x) => typeof x === 'string' && ADMINISTRATIVE.has(x.toLowerCase()))) out.push('Administrative');
  return out;
}

/**
 * An Azure Resource Manager operation name (`Namespace.Name/type/…/verb`, the namespace dotted) rather than a
 * resource log's one word (`GetBlob`) or an AKS kube-audit record's Kubernetes action (`get pods`, `pods/exec`).
 */
const ARM_OPERATION = /^[A-Za-z][\w-]*(\.[\w-]+)+(\/[^\s/]+){2,}$/;

export const azureActivity: SigmaFormat = {
  id: 'azure-activity',
  logsources: [{ product: 'azure', service: 'activitylogs' }],
  records: 'json',
  schema: [
    // diagnostic settings (and the resource logs sharing their envelope)
    'time',
    'resourceId',
    'operationName.*',
    'operationVersion',
    'category.*',
    'resultType',
    'resultSignature',
    'resultDescription',
    'durationMs',
    'callerIpAddress',
    'correlationId',
    'identity.*',
    'level',
    'location',
    'tenantId',
    'properties.*',
    // REST / CLI / portal JSON
    'authorization.*',
    'caller',
    'channels',
    'claims.*',
    'description',
    'eventDataId',
    'eventName.*',
    'eventTimestamp',
    'httpRequest.*',
    'id',
    'operationId',
    'resourceGroupName',
    'resourceProviderName.*',
    'resourceType.*',
    'status.*',
    'subStatus.*',
    'submissionTimestamp',
    'subscriptionId',
    // Log Analytics AzureActivity
    'TimeGenerated',
    'SourceSystem',
    'Type',
    'OperationNameValue',
    'OperationId',
    'ActivityStatus',
    'ActivityStatusValue',
    'ActivitySubstatus',
    'ActivitySubstatusValue',
    'CategoryValue',
    'Authorization_d.*',
    'Claims_d.*',
    'Properties_d.*',
    'HTTPRequest.*',
    'EventSubmissionTimestamp',
    'EventDataId',
    'Hierarchy',
    'ResourceGroup',
    'ResourceProvider',
    'ResourceProviderValue',
    '_ResourceId',
    'Resource',
  ],
  fields: {
    operationname: operation,
    operationnamevalue: operation,
    resourceprovidervalue: provider,
    categoryvalue: category,
    resourceid: ['resourceId', '_ResourceId'],
    'properties.message': ['properties.message', 'Properties_d.message'],
  },
  // The importer's action is the operation name as written (any shape), for Activity Log records; resource logs
  // and AKS kube-audit records have other actions, which state nothing here.
  fromAction(action) {
    return ARM_OPERATION.test(action) ? { operationname: action, operationnamevalue: action } : null;
  },
};
