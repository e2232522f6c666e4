import type { KubernetesRule } from '../../../rule';
import { describeRule, grantOf, rbacRoles, roleScope, type Grant, type PolicyRule } from './rbac';

/** Controllers that create pods from a template: creating or rewriting one runs any pod. */
const CONTROLLERS: readonly { groups: string[]; resources: string[] }[] = [
  { groups: ['apps', 'extensions'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'] },
  { groups: ['batch'], resources: ['jobs', 'cronjobs'] },
  { groups: [''], resources: ['replicationcontrollers'] },
];

function podCreation(rule: PolicyRule): Grant | undefined {
  const pods = grantOf(rule, [''], ['pods'], ['create']);
  if (pods) return pods;
  for (const controller of CONTROLLERS) {
    const grant = grantOf(rule, controller.groups, controller.resources, ['create', 'update', 'patch']);
    if (grant) return grant;
  }
  return undefined;
}

const role = (rule: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: deployer\n  namespace: app\nrules:\n${rule}`;

/** Whoever can create pods chooses their image, service account, volumes and security context. */
export const rbacCreatePods: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/rbac-create-pods',
  title: 'Role can create pods or workloads',
  severity: 'warning',
  category: 'access-control',
  enabledByDefault: false,
  equivalents: ['kube-linter:access-to-create-pods', 'trivy:KSV-0048', 'kics:permissive_access_to_create_pods'],
  compliance: ['CIS-K8s-1.12-5.1.4', 'NSA-CISA-authentication-authorization', 'CWE-269'],
  explanation: {
    what:
      'A Role or ClusterRole allows `create` on `pods`, or `create`/`update`/`patch` on a pod controller (Deployments, ReplicaSets, ' +
      'StatefulSets, DaemonSets, Jobs, CronJobs, ReplicationControllers) — directly or through `*`. Off by default: deployers and ' +
      'operators need it; the `strict` profile turns it on.',
    why:
      'Creating a pod means choosing its image, command, service account and mounts: the holder can run as any service account of ' +
      'the namespace and read every Secret it can mount, and, unless Pod Security Admission forbids it, start a privileged pod that ' +
      'escapes to the node. CIS 5.1.4 asks to minimise this access.',
    fix:
      'Give this access only to deployment pipelines and controllers, in the namespaces they manage, and enforce Pod Security ' +
      'Admission (`pod-security.kubernetes.io/enforce: restricted`) there so that created pods cannot be privileged.',
  },
  fixtures: [
    { text: role('- apiGroups: [""]\n  resources: ["pods"]\n  verbs: ["get", "create"]\n'), expect: ['"pods"'] },
    { text: role('- apiGroups: ["apps"]\n  resources: ["deployments"]\n  verbs: ["patch"]\n'), expect: ['"deployments"'], note: 'rewriting a pod template' },
    { text: role('- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: ["create"]\n'), expect: ['"*"]\n  verbs'], note: 'through wildcards' },
    { text: role('- apiGroups: [""]\n  resources: ["pods", "pods/log"]\n  verbs: ["get", "list", "delete"]\n'), expect: [] },
  ],
  check({ model, report }) {
    for (const r of rbacRoles(model)) {
      for (const rule of r.rules) {
        const grant = podCreation(rule);
        if (!grant) continue;
        const range = grant.resource.node.range ?? [0, 0, 0];
        const via = grant.resource.value === grant.requested ? '' : ` (through "${grant.resource.value}")`;
        report({
          start: range[0],
          end: range[1],
          message:
            `${describeRule(rule)} allows ${grant.verb.value} on ${grant.requested}${via} ${roleScope(r)}: the holder can run any image as any ` +
            'service account there. Keep it to deployers and enforce Pod Security Admission in those namespaces.',
        });
      }
    }
  },
};
