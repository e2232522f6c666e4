import type { KubernetesRule } from '../../../rule';
import { describeObject } from '../helpers';
import { bindingScope, isDefaultBinding, rbacBindings, type Subject } from './rbac';

/** Identities that are everyone, no one in particular, or the unrestricted superuser group. */
const PRIVILEGED_SUBJECTS: Record<string, Record<string, string>> = {
  Group: {
    'system:masters': 'the system:masters group, which bypasses RBAC entirely (its members are cluster-admin whatever the bindings say, and cannot be revoked by RBAC)',
    'system:unauthenticated': 'every unauthenticated request',
    'system:authenticated': 'every authenticated identity (on some managed clusters, any account of the cloud provider)',
    'system:serviceaccounts': 'every service account of every namespace (so every pod that mounts a token)',
  },
  User: {
    'system:anonymous': 'anonymous requests',
  },
};

function privileged(subject: Subject): string | undefined {
  if (!subject.kind || !subject.name) return undefined;
  return PRIVILEGED_SUBJECTS[subject.kind]?.[subject.name];
}

const binding = (subjects: string, name = 'b') =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ${name}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: reader\nsubjects:\n${subjects}`;

/** Binding to everyone (or to system:masters) turns a role into a grant nobody can audit or revoke per person. */
export const rbacPrivilegedGroups: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/rbac-privileged-groups',
  title: 'Binding to system:masters, anonymous or all-users groups',
  severity: 'error',
  category: 'access-control',
  equivalents: ['trivy:KSV-0123', 'trivy:KSV-0122', 'trivy:KSV-01011'],
  compliance: ['CIS-K8s-1.12-5.1.7', 'NSA-CISA-authentication-authorization', 'CWE-284'],
  explanation: {
    what:
      'A RoleBinding or ClusterRoleBinding names the group `system:masters`, `system:unauthenticated`, `system:authenticated` or ' +
      '`system:serviceaccounts`, or the user `system:anonymous`, as a subject. The platform\'s own `system:…` bindings are skipped.',
    why:
      '`system:masters` is hard-wired to bypass RBAC: membership cannot be revoked by editing bindings (CIS 5.1.7). The other ' +
      'identities are everybody: anonymous callers, every authenticated identity (on GKE, any Google account), or every pod with a ' +
      'service-account token — so the bound role becomes public.',
    fix: 'Bind the role to named users, groups or service accounts that need it; never grant through `system:masters` (use a normal group bound to a role).',
  },
  fixtures: [
    { text: binding('- kind: Group\n  name: system:authenticated\n  apiGroup: rbac.authorization.k8s.io\n'), expect: ['name: system:authenticated'] },
    {
      text: binding('- kind: User\n  name: jane\n- kind: User\n  name: system:anonymous\n- kind: Group\n  name: system:masters\n'),
      expect: ['name: system:anonymous', 'name: system:masters'],
    },
    { text: binding('- kind: Group\n  name: system:authenticated\n', 'system:basic-user'), expect: [], note: 'default platform binding' },
    { text: binding('- kind: User\n  name: system:masters\n'), expect: [], note: 'a user that happens to be called system:masters is not the group' },
    { text: binding('- kind: ServiceAccount\n  name: reader\n  namespace: monitoring\n'), expect: [] },
  ],
  check({ model, report }) {
    for (const b of rbacBindings(model)) {
      if (isDefaultBinding(b)) continue;
      for (const subject of b.subjects) {
        const who = privileged(subject);
        if (!who) continue;
        report({
          ...subject.span,
          message: `${describeObject(b.object)} grants role "${b.roleRefName ?? '?'}" ${bindingScope(b)} to ${subject.kind} "${subject.name}": ${who}. Bind named users, groups or service accounts instead.`,
        });
      }
    }
  },
};
