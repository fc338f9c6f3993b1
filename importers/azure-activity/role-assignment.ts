// What a role assignment record says was granted: the assignee and the role, from the request (or response)
// body ARM logs with `Microsoft.Authorization/roleAssignments/write|delete`. `identity.authorization.evidence`
// is not it: that is the caller's own assignment, the reason the call was allowed.
import { get, isObj, key, maybeJson, str, type Obj } from '../util/fields.js';
import { entraId } from '../util/entra.js';

/** Built-in role definition ids (the same in every tenant) by name, for the roles an investigation meets most. */
const BUILT_IN_ROLES: Record<string, string> = {
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor',
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': 'Reader',
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': 'User Access Administrator',
  'f58310d9-a9f6-439a-9e8d-f62e7b41a168': 'Role Based Access Control Administrator',
  '00482a5a-887f-4fb3-b363-3b7fe8e74483': 'Key Vault Administrator',
  '4633458b-17de-408a-b874-0445c86b69e6': 'Key Vault Secrets User',
  'b86a8fe4-44ce-4948-aee5-eccb2c155cd7': 'Key Vault Secrets Officer',
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b': 'Storage Blob Data Owner',
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe': 'Storage Blob Data Contributor',
  '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1': 'Storage Blob Data Reader',
  '9980e02c-c2be-4d73-94e8-173b1dc7cf3c': 'Virtual Machine Contributor',
};

export interface RoleAssignment {
  /** The assignee's object id (a user, group or service principal in Entra). */
  principalId: string | null;
  principalType: string | null;
  /** The role definition id (a GUID), and its built-in name when it is one. */
  roleId: string | null;
  roleName: string | null;
  scope: string | null;
}

function bodyOf(props: Obj | null, name: string): Obj | null {
  const b = maybeJson(key(props, name));
  return isObj(b) ? b : null;
}

/** The assignment a role assignment record describes, or null when its bodies do not state one. */
export function roleAssignmentOf(props: Obj | null): RoleAssignment | null {
  for (const body of [bodyOf(props, 'requestbody'), bodyOf(props, 'responseBody')]) {
    if (!body) continue;
    const p = maybeJson(key(body, 'properties'));
    if (!isObj(p)) continue;
    const principalId = entraId(str(key(p, 'principalId')));
    const defId = str(key(p, 'roleDefinitionId'));
    if (!principalId && !defId) continue;
    const roleId = defId ? (defId.split('/').pop() ?? defId).toLowerCase() : null;
    return {
      principalId,
      principalType: str(key(p, 'principalType')),
      roleId,
      roleName: roleId ? (BUILT_IN_ROLES[roleId] ?? null) : null,
      scope: str(key(p, 'scope')),
    };
  }
  return null;
}

/** The caller's own role that allowed the call (`identity.authorization.evidence.role`), for the detail line. */
export function callerRole(authorization: unknown): string | null {
  return str(get(authorization, 'evidence', 'role')) ?? str(key(authorization, 'role'));
}
