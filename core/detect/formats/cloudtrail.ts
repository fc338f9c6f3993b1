// AWS CloudTrail records as AWS documents them ("CloudTrail record contents"); SigmaHQ's aws/cloudtrail rules
// use the record's own field names, so no renaming is needed.
import type { SigmaFormat } from './types.js';

export const cloudtrail: SigmaFormat = {
  id: 'cloudtrail',
  logsources: [{ product: 'aws', service: 'cloudtrail' }],
  records: 'json',
  schema: [
    'eventVersion',
    'eventTime',
    'eventSource',
    'eventName',
    'awsRegion',
    'sourceIPAddress',
    'userAgent',
    'errorCode',
    'errorMessage',
    'requestID',
    'eventID',
    'eventType',
    'apiVersion',
    'managementEvent',
    'readOnly',
    'recipientAccountId',
    'sharedEventID',
    'vpcEndpointId',
    'vpcEndpointAccountId',
    'eventCategory',
    'sessionCredentialFromConsole',
    'insightType',
    'userIdentity.*',
    'requestParameters.*',
    'responseElements.*',
    'additionalEventData.*',
    'resources.*',
    'serviceEventDetails.*',
    'tlsDetails.*',
    'addendum.*',
    'edgeDeviceDetails.*',
    'insightDetails.*',
  ],
  fields: {},
  // The importer writes `<service>:<eventName>` and rejects records without an eventName.
  fromAction(action) {
    const i = action.indexOf(':');
    return i > 0 ? { eventname: action.slice(i + 1) } : null;
  },
};
