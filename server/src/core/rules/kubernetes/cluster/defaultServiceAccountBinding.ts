import type { KubernetesRule } from '../../../rule';
import { describeObject } from '../helpers';
import { bindingScope, isDefaultBinding, rbacBindings } from './rbac';

const binding = (subject: string, kind = 'RoleBinding') =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: b\n  namespace: app\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: reader\nsubjects:\n${subject}`;

/** Every pod that names no service account runs as `default`: permissions bound to it go to all of them. */
export const defaultServiceAccountBinding: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/default-service-account-binding',
  title: 'Role bound to the default service account',
  severity: 'warning',
  category: 'access-control',
  equivalents: ['checkov:CKV_K8S_42', 'kics:role_binding_to_default_service_account'],
  compliance: ['CIS-K8s-1.12-5.1.5', 'NSA-CISA-authentication-authorization', 'CWE-269'],
  explanation: {
    what: 'A RoleBinding or ClusterRoleBinding has the ServiceAccount `default` as a subject.',
    why:
      'Pods that do not set `serviceAccountName` run as their namespace\'s `default` service account. Permissions bound to it are ' +
      'therefore granted to every such pod, including ones added later by other people, and any of them that is compromised can ' +
      'use them. CIS 5.1.5 asks that default service accounts are not actively used.',
    fix:
      'Create a dedicated ServiceAccount for the workload that needs the permissions, bind the role to it, and set ' +
      '`serviceAccountName` in that workload\'s pod spec.',
  },
  fixtures: [
    { text: binding('- kind: ServiceAccount\n  name: default\n  namespace: app\n'), expect: ['name: default'] },
    { text: binding('- {kind: ServiceAccount, name: default, namespace: ci}\n', 'ClusterRoleBinding'), expect: ['name: default'], note: 'flow style' },
    { text: binding('- kind: ServiceAccount\n  name: backend\n  namespace: app\n'), expect: [] },
    { text: binding('- kind: User\n  name: default\n'), expect: [], note: 'a user called default is not the service account' },
  ],
  check({ model, report }) {
    for (const b of rbacBindings(model)) {
      if (isDefaultBinding(b)) continue;
      for (const subject of b.subjects) {
        if (subject.kind !== 'ServiceAccount' || subject.name !== 'default') continue;
        const namespace = subject.namespace ?? b.namespace;
        report({
          ...subject.span,
          message:
            `${describeObject(b.object)} grants role "${b.roleRefName ?? '?'}" ${bindingScope(b)} to the default service account` +
            `${namespace ? ` of namespace "${namespace}"` : ''}, i.e. to every pod there that names no service account. Bind a dedicated ServiceAccount instead.`,
        });
      }
    }
  },
};
