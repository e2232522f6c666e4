import type { KubernetesRule } from '../../../rule';
import { describeObject } from '../helpers';
import { bindingScope, describeRule, describeSubjects, isDefaultBinding, isSuperUserRule, rbacBindings, resolveRole } from './rbac';

const BINDING =
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: NAME\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ROLE\nsubjects:\n- kind: User\n  name: jane\n';
const SUPER_ROLE = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: everything\nrules:\n- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]\n';

/** Binding `cluster-admin`, or a role that is cluster-admin in all but name, hands over the whole cluster (or namespace). */
export const rbacClusterAdminBinding: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/rbac-cluster-admin-binding',
  title: 'Binding grants cluster-admin or an equivalent role',
  severity: 'error',
  category: 'access-control',
  equivalents: [
    'polaris:clusterrolebindingClusterAdmin',
    'polaris:rolebindingClusterAdminClusterRole',
    'polaris:rolebindingClusterAdminRole',
    'kube-linter:cluster-admin-role-binding',
    'trivy:KSV-0111',
    'kics:cluster_admin_role_binding_with_super_user_permissions',
  ],
  compliance: ['CIS-K8s-1.12-5.1.1', 'NSA-CISA-authentication-authorization', 'CWE-269'],
  explanation: {
    what:
      'A ClusterRoleBinding or RoleBinding references the `cluster-admin` ClusterRole, or a Role/ClusterRole defined in the same file ' +
      'that allows every verb (or all seven standard verbs) on `*` resources in `*` API groups. Bindings the platform manages ' +
      '(`system:…`, the default `cluster-admin` binding) are skipped.',
    why:
      'cluster-admin can read every Secret, exec into every pod, create privileged pods on any node and grant itself anything else: ' +
      'whoever holds the bound identity owns the cluster. Bound through a RoleBinding it still owns the whole namespace, including ' +
      'its Secrets and service-account tokens. CIS 5.1.1 asks to use it only where strictly required.',
    fix:
      'Bind a role that lists the resources and verbs the subject needs (the built-in `view`/`edit`/`admin` ClusterRoles, or your own). ' +
      'For humans, prefer short-lived elevation (e.g. a break-glass group) over a standing binding.',
  },
  fixtures: [
    {
      text: BINDING.replace('NAME', 'ops').replace('ROLE', 'cluster-admin'),
      expect: ['name: cluster-admin'],
    },
    {
      text: `${SUPER_ROLE}---\n${BINDING.replace('NAME', 'ops').replace('ROLE', 'everything').replace('ClusterRoleBinding', 'RoleBinding').replace('  name: ops\n', '  name: ops\n  namespace: team\n')}`,
      expect: ['name: everything\nsubjects'],
      note: 'RoleBinding to a ClusterRole in the same file that spells out every verb',
    },
    {
      text: BINDING.replace('NAME', 'system:controller:thing').replace('ROLE', 'cluster-admin'),
      expect: [],
      note: 'platform-managed binding',
    },
    {
      text: `${SUPER_ROLE.replace('"delete"]', '"delete"]\n- apiGroups: [""]\n  resources: ["pods"]\n  verbs: ["get"]').replace('["*"]\n  resources', '["apps"]\n  resources')}---\n${BINDING.replace('NAME', 'ops').replace('ROLE', 'everything')}`,
      expect: [],
      note: 'the role is limited to one API group',
    },
    { text: BINDING.replace('NAME', 'ops').replace('ROLE', 'view'), expect: [], note: 'role not in the file and not cluster-admin' },
  ],
  check({ model, report }) {
    for (const binding of rbacBindings(model)) {
      if (isDefaultBinding(binding)) continue;
      const to = `${bindingScope(binding)} to ${describeSubjects(binding)}`;
      if (binding.roleRefKind === 'ClusterRole' && binding.roleRefName === 'cluster-admin') {
        report({
          ...binding.roleRefSpan,
          message: `${describeObject(binding.object)} grants cluster-admin (every verb on every resource) ${to}: bind a role limited to what is needed.`,
        });
        continue;
      }
      const resolved = resolveRole(model, binding);
      const superRule = resolved?.rules.find(isSuperUserRule);
      if (!resolved || !superRule) continue;
      report({
        ...binding.roleRefSpan,
        message:
          `${describeObject(binding.object)} grants ${describeObject(resolved.role.object)} ${to}; ${describeRule(superRule)} allows every verb on every resource ` +
          'in every API group, which is cluster-admin in all but name: list the resources and verbs needed instead.',
      });
    }
  },
};
