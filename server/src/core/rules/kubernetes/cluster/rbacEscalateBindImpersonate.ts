import type { KubernetesRule } from '../../../rule';
import { describeRule, grantOf, rbacRoles, restrictedToNames, type Grant, type PolicyRule } from './rbac';

const RBAC = ['rbac.authorization.k8s.io'];

interface Escalation {
  grant: Grant;
  text: string;
}

function escalations(rule: PolicyRule): Escalation[] {
  const found: Escalation[] = [];
  const escalate = grantOf(rule, RBAC, ['clusterroles', 'roles'], ['escalate']);
  if (escalate) found.push({ grant: escalate, text: `escalate on ${escalate.requested} (edit roles to add permissions it does not hold)` });
  // `bind` limited to named roles is the recommended way to delegate binding; only an open `bind` escalates.
  const bind = restrictedToNames(rule) ? undefined : grantOf(rule, RBAC, ['clusterroles', 'roles'], ['bind']);
  if (bind) found.push({ grant: bind, text: `bind on ${bind.requested} (bind any role, cluster-admin included, without holding it)` });
  const impersonate = grantOf(rule, [''], ['users', 'groups', 'serviceaccounts'], ['impersonate']) ?? grantOf(rule, ['authentication.k8s.io'], ['uids'], ['impersonate']);
  if (impersonate) found.push({ grant: impersonate, text: `impersonate on ${impersonate.requested} (act as other users, e.g. the system:masters group)` });
  return found;
}

const role = (rule: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\nrules:\n${rule}`;

/** escalate, bind and impersonate are the RBAC verbs that bypass RBAC's own escalation checks. */
export const rbacEscalateBindImpersonate: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/rbac-escalate-bind-impersonate',
  title: 'Role allows escalate, bind or impersonate',
  severity: 'error',
  category: 'access-control',
  equivalents: [
    'trivy:KSV-0043',
    'trivy:KSV-0050',
    'checkov:CKV_K8S_157',
    'checkov:CKV_K8S_158',
    'checkov:CKV2_K8S_3',
    'kics:rbac_roles_allow_privilege_escalation',
    'kics:rbac_roles_with_impersonate_permission',
  ],
  compliance: ['CIS-K8s-1.12-5.1.8', 'NSA-CISA-authentication-authorization', 'CWE-269'],
  explanation: {
    what:
      'A Role or ClusterRole allows `escalate` or `bind` on `roles`/`clusterroles` (`rbac.authorization.k8s.io`), or `impersonate` ' +
      'on `users`, `groups`, `serviceaccounts` or `uids` — directly or through `*`. `bind` limited with `resourceNames` is accepted.',
    why:
      'RBAC stops users from granting permissions they do not hold, except through these verbs: `escalate` lets a role be edited to ' +
      'include anything, `bind` lets any role (cluster-admin included) be bound, and `impersonate` lets requests run as another user, ' +
      'group or service account (for example the `system:masters` group). Each is a path to cluster-admin. CIS 5.1.8 asks to limit them.',
    fix:
      'Remove these verbs. To let a team bind a few roles, grant `bind` with `resourceNames: [role-a, role-b]`; to let a tool act for ' +
      'specific identities, grant `impersonate` with `resourceNames` listing exactly those.',
  },
  fixtures: [
    { text: role('- apiGroups: ["rbac.authorization.k8s.io"]\n  resources: ["clusterroles"]\n  verbs: ["bind", "escalate"]\n'), expect: ['"clusterroles"'] },
    { text: role('- apiGroups: [""]\n  resources: ["users", "groups"]\n  verbs: ["impersonate"]\n'), expect: ['"users"'] },
    { text: role('- apiGroups: ["rbac.authorization.k8s.io"]\n  resources: ["roles"]\n  verbs: ["*"]\n'), expect: ['"roles"'], note: 'verb wildcard includes escalate and bind' },
    { text: role('- apiGroups: ["rbac.authorization.k8s.io"]\n  resources: ["clusterroles"]\n  resourceNames: ["view"]\n  verbs: ["bind"]\n'), expect: [], note: 'bind limited to a named role' },
    { text: role('- apiGroups: ["rbac.authorization.k8s.io"]\n  resources: ["roles", "rolebindings"]\n  verbs: ["get", "list", "create"]\n'), expect: [] },
  ],
  check({ model, report }) {
    for (const r of rbacRoles(model)) {
      for (const rule of r.rules) {
        const found = escalations(rule);
        if (found.length === 0) continue;
        const range = found[0].grant.resource.node.range ?? [0, 0, 0];
        report({
          start: range[0],
          end: range[1],
          message: `${describeRule(rule)} allows ${found.map((f) => f.text).join('; ')}: each is a path to cluster-admin. Remove it, or limit it with resourceNames.`,
        });
      }
    }
  },
};
