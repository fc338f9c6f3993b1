// What a Microsoft Graph request did, from its method and URI: the action as a path template (ids replaced, so
// that reading 5,000 messages is one action, not 5,000) and a category from the verb and what the path names.
import type { Category } from '../../core/model/event.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Exchange / OneDrive item ids (`AAMkAGI2…=`, `01BYE5RZ…`, `b!Tq7…`): long tokens, unlike the API's camelCase words.
 */
const OPAQUE = /^[A-Za-z0-9_=+!-]{16,}$/;

function isOpaque(s: string): boolean {
  if (!OPAQUE.test(s)) return false;
  const digits = s.replace(/\D/g, '').length;
  // oauth2PermissionGrants is a word: lower-case start, one digit.
  return /[=!+]/.test(s) || digits >= 3 || (/^[A-Z0-9]/.test(s) && digits >= 1);
}
const KEY_CALL = /^([A-Za-z.]+)\((.*)\)$/;

/** A segment of letters only (`users`, `messages`, `$value`, `microsoft.graph.delta`) is never an id. */
const WORD = /^[A-Za-z.$_]*$/;

function templateSegment(seg: string): string {
  if (WORD.test(seg)) return seg;
  let s = seg;
  try {
    s = decodeURIComponent(seg);
  } catch {
    // keep as written
  }
  // users('alice@contoso.com'), items(id='…'): the key is an id.
  const call = KEY_CALL.exec(s);
  if (call && call[2] !== '') return `${call[1]}({id})`;
  if (GUID.test(s) || /^\d+$/.test(s) || s.includes('@') || isOpaque(s)) return '{id}';
  // A drive path (root:/Finance/q3.xlsx:) names a file.
  if (s.startsWith('root:')) return 'root:{path}';
  return seg;
}

export interface GraphRequest {
  /** The request URI without its query string (query values are search terms and filters, not names). */
  url: string;
  /** The path after the host, ids replaced: `/v1.0/users/{id}/messages`. */
  template: string;
  /** The path's segments in lower case, version removed (for categorizing). */
  lower: string;
}

export function parseRequestUri(uri: string): GraphRequest {
  const q = uri.indexOf('?');
  const url = q < 0 ? uri : uri.slice(0, q);
  const host = /^[a-z]+:\/\/[^/]+/i.exec(url);
  const path = host ? url.slice(host[0].length) : url;
  // A drive path with ':' separators (/drive/root:/a/b.txt:/content) is one name: keep it together.
  const colon = /\/root:(.*?)(:|$)/.exec(path);
  const cut = colon ? path.replace(colon[0], `/root:{path}${colon[2]}`) : path;
  const template = cut.split('/').map(templateSegment).join('/');
  return { url, template, lower: template.toLowerCase().replace(/^\/(v1\.0|beta)\//, '/') };
}

const CREDENTIAL =
  /\/(addpassword|removepassword|addkey|removekey|passwordcredentials|keycredentials|federatedidentitycredentials|temporaryaccesspassmethods|passwordmethods)(\/|$)/;
const PRIVILEGE =
  /\/(approleassignments|approleassignedto|oauth2permissiongrants|rolemanagement|directoryroles|roleassignments|roleeligibilityschedulerequests|roleassignmentschedulerequests|owners|members|permissions|invite)(\/|$)/;
const SEND = /\/(sendmail|send|reply|replyall|forward|createreply|createforward)$/;
const QUERY = /\/(search\/query|runhuntingquery|microsoft\.graph\.(search|query)[a-z]*)(\(|$|\/)/;
const READ_POST =
  /\/(getbyids|getmembergroups|getmemberobjects|checkmembergroups|checkmemberobjects|microsoft\.graph\.get[a-z]*|delta|validateproperties)(\(|$|\/)/;

export function requestCategory(method: string, r: GraphRequest): Category {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return 'read';
  if (r.lower.endsWith('/$batch')) return 'other';
  if (CREDENTIAL.test(r.lower)) return 'credential';
  if (PRIVILEGE.test(r.lower)) return 'privilege';
  if (m === 'DELETE') return 'delete';
  if (m === 'POST') {
    if (QUERY.test(r.lower)) return 'query';
    if (READ_POST.test(r.lower)) return 'read';
    if (SEND.test(r.lower)) return 'write';
  }
  return 'write';
}
