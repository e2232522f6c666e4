import type { KubernetesRule } from '../../../rule';
import { describeExecGrant, execAttachGrant, isBuiltInRole } from './execAttach';
import { describeRule, rbacRoles, roleScope } from './rbac';

const role = (kind: string, name: string, rule: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nrules:\n${rule}`;

/** exec/attach into pods is a shell with the pod's identity, secrets and network position. */
export const rbacExecAttach: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/rbac-exec-attach',
  title: 'Role allows exec or attach into pods',
  severity: 'warning',
  category: 'access-control',
  equivalents: [
    'polaris:clusterrolePodExecAttach',
    'polaris:rolePodExecAttach',
    'trivy:KSV-0053',
    'trivy:KSV-0054',
    'kics:rbac_roles_with_exec_permission',
    'kics:rbac_roles_with_attach_permission',
  ],
  compliance: ['NSA-CISA-authentication-authorization', 'CWE-269'],
  explanation: {
    what:
      'A Role or ClusterRole allows `create` or `get` on `pods/exec` or `pods/attach` in the core API group (directly, through `*`, ' +
      'or through `*/exec`), or `patch`/`update` on `pods/ephemeralcontainers`. Roles Kubernetes manages (`system:…`, the built-in ' +
      '`admin`/`edit`/`cluster-admin`) are skipped.',
    why:
      'Exec, attach and debug containers run commands inside a running pod: the holder gets the pod\'s service-account token, its ' +
      'mounted Secrets, its network identity and, for privileged pods, the node. `get` is enough, because the API server accepts exec ' +
      'over a WebSocket GET.',
    fix:
      'Remove `pods/exec`, `pods/attach` and `pods/ephemeralcontainers` from roles that do not need interactive access, and grant them ' +
      'only through a separate, audited role bound to the people who do (ideally just in time).',
  },
  fixtures: [
    {
      text: role('Role', 'debugger', '- apiGroups: [""]\n  resources: ["pods", "pods/exec"]\n  verbs: ["get", "create"]\n'),
      expect: ['"pods/exec"'],
    },
    {
      text: role('ClusterRole', 'reader', '- apiGroups: [""]\n  resources: ["*"]\n  verbs: ["get"]\n'),
      expect: ['"*"]\n  verbs'],
      note: 'get on every core resource includes exec over WebSocket',
    },
    {
      text: role('ClusterRole', 'debug', '- apiGroups: ["*"]\n  resources:\n  - pods/ephemeralcontainers\n  verbs: [patch]\n'),
      expect: ['pods/ephemeralcontainers'],
    },
    {
      text: role('ClusterRole', 'attach-list', '- apiGroups: [""]\n  resources: ["pods/attach", "pods/*"]\n  verbs: ["list"]\n'),
      expect: [],
      note: 'list does not open a stream; pods/* is not a wildcard',
    },
    { text: role('ClusterRole', 'system:controller:thing', '- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: ["*"]\n'), expect: [], note: 'platform-managed role' },
    { text: role('ClusterRole', 'apps-exec', '- apiGroups: ["apps"]\n  resources: ["pods/exec"]\n  verbs: ["create"]\n'), expect: [], note: 'wrong API group grants nothing' },
  ],
  check({ model, report }) {
    for (const r of rbacRoles(model)) {
      if (isBuiltInRole(r)) continue;
      for (const rule of r.rules) {
        const grant = execAttachGrant(rule);
        if (!grant) continue;
        const range = grant.resource.node.range ?? [0, 0, 0];
        report({
          start: range[0],
          end: range[1],
          message:
            `${describeRule(rule)} allows ${describeExecGrant(grant)} ${roleScope(r)}: whoever is bound to it can run commands in those pods ` +
            'with their service-account tokens and Secrets. Grant it only through a separate, audited role.',
        });
      }
    }
  },
};
