/**
 * What counts as "can run commands in other people's pods", shared by the role rule and the
 * binding rule: `create` (or `get`, which opens the same stream over a WebSocket) on
 * `pods/exec` / `pods/attach`, and `patch`/`update` on `pods/ephemeralcontainers` (`kubectl debug`).
 */
import { grantOf, isPlatformName, type Grant, type PolicyRule, type RbacRole } from './rbac';

const CORE = [''];

export function execAttachGrant(rule: PolicyRule): Grant | undefined {
  return grantOf(rule, CORE, ['pods/exec', 'pods/attach'], ['create', 'get']) ?? grantOf(rule, CORE, ['pods/ephemeralcontainers'], ['patch', 'update']);
}

/** `exec`, `attach`, `exec and attach` or `ephemeral containers` for messages. */
export function describeExecGrant(grant: Grant): string {
  if (grant.requested === 'pods/ephemeralcontainers') return `${grant.verb.value} on pods/ephemeralcontainers (kubectl debug)`;
  const target = grant.resource.value === '*' ? 'pods/exec and pods/attach' : grant.requested;
  const via = grant.resource.value === grant.requested ? '' : ` (through "${grant.resource.value}")`;
  return `${grant.verb.value} on ${target}${via}`;
}

/** Roles Kubernetes ships (and reconciles) that grant exec by design: flagging their definition helps nobody. */
export function isBuiltInRole(role: RbacRole): boolean {
  if (isPlatformName(role.name)) return true;
  return role.kind === 'ClusterRole' && (role.name === 'admin' || role.name === 'edit' || role.name === 'cluster-admin');
}
