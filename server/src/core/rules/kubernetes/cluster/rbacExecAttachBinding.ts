import type { KubernetesRule } from '../../../rule';
import { describeObject } from '../helpers';
import { describeExecGrant, execAttachGrant } from './execAttach';
import { bindingScope, describeRule, describeSubjects, isDefaultBinding, rbacBindings, resolveRole } from './rbac';

const binding = (kind: string, roleKind: string, roleName: string, name = 'b') =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: team\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${roleKind}\n  name: ${roleName}\nsubjects:\n- kind: Group\n  name: developers\n`;
const execRole = (kind: string, name: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: team\nrules:\n- apiGroups: [""]\n  resources: ["pods/exec"]\n  verbs: ["create"]\n`;

/** The subjects of a binding can exec/attach into pods: the binding is where that access is handed out. */
export const rbacExecAttachBinding: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/rbac-exec-attach-binding',
  title: 'Binding grants exec or attach into pods',
  severity: 'warning',
  category: 'access-control',
  equivalents: ['polaris:clusterrolebindingPodExecAttach', 'polaris:rolebindingClusterRolePodExecAttach', 'polaris:rolebindingRolePodExecAttach'],
  compliance: ['NSA-CISA-authentication-authorization', 'CWE-269'],
  explanation: {
    what:
      'A RoleBinding or ClusterRoleBinding grants a role that allows exec/attach into pods (see `kubernetes/rbac-exec-attach`): a ' +
      'Role/ClusterRole defined in the same file, or the built-in `admin`/`edit` ClusterRoles. Bindings to roles defined elsewhere are ' +
      'not judged; bindings to `cluster-admin` are reported by `kubernetes/rbac-cluster-admin-binding`; platform bindings (`system:…`) are skipped.',
    why:
      'The binding decides who can open a shell in running pods and read what they hold (service-account tokens, mounted Secrets); a ' +
      'ClusterRoleBinding extends that to every namespace.',
    fix: 'Bind a role without `pods/exec`/`pods/attach` (e.g. `view` instead of `edit`), and hand out interactive access through a separate, audited binding.',
  },
  fixtures: [
    { text: `${execRole('Role', 'exec')}---\n${binding('RoleBinding', 'Role', 'exec')}`, expect: ['name: exec\nsubjects'] },
    { text: binding('ClusterRoleBinding', 'ClusterRole', 'edit').replace('  namespace: team\n', ''), expect: ['name: edit'], note: 'built-in edit ClusterRole' },
    { text: `${execRole('ClusterRole', 'exec')}---\n${binding('RoleBinding', 'ClusterRole', 'exec', 'system:thing')}`, expect: [], note: 'platform binding' },
    { text: binding('RoleBinding', 'Role', 'defined-elsewhere'), expect: [], note: 'role not in this file: cannot judge' },
    { text: `${execRole('Role', 'exec').replace('pods/exec', 'pods/log').replace('create', 'get')}---\n${binding('RoleBinding', 'Role', 'exec')}`, expect: [] },
  ],
  check({ model, report }) {
    for (const b of rbacBindings(model)) {
      if (isDefaultBinding(b)) continue;
      const to = `${bindingScope(b)} to ${describeSubjects(b)}`;
      const resolved = resolveRole(model, b);
      if (resolved) {
        for (const rule of resolved.rules) {
          const grant = execAttachGrant(rule);
          if (!grant) continue;
          report({
            ...b.roleRefSpan,
            message: `${describeObject(b.object)} grants ${describeObject(resolved.role.object)} ${to}; ${describeRule(rule)} allows ${describeExecGrant(grant)}, i.e. running commands in those pods.`,
          });
          break;
        }
        continue;
      }
      if (b.roleRefKind === 'ClusterRole' && (b.roleRefName === 'admin' || b.roleRefName === 'edit')) {
        report({
          ...b.roleRefSpan,
          message: `${describeObject(b.object)} grants the built-in ClusterRole "${b.roleRefName}" ${to}, which includes create on pods/exec and pods/attach: bind "view" or a narrower role if interactive access is not needed.`,
        });
      }
    }
  },
};
