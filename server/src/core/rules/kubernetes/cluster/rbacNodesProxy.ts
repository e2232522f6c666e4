import type { KubernetesRule } from '../../../rule';
import { describeRule, grantOf, rbacRoles } from './rbac';

const role = (kind: string, rule: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: metrics\nrules:\n${rule}`;

/** nodes/proxy reaches the kubelet API, which runs commands in any pod on the node without audit. */
export const rbacNodesProxy: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/rbac-nodes-proxy',
  title: 'ClusterRole allows nodes/proxy',
  severity: 'warning',
  category: 'access-control',
  equivalents: ['trivy:KSV-0047'],
  compliance: ['CIS-K8s-1.12-5.1.10', 'NSA-CISA-authentication-authorization', 'CWE-269'],
  explanation: {
    what:
      'A ClusterRole allows `get`, `create` (or `*`) on `nodes/proxy` in the core API group, directly or through `*` or `*/proxy`. ' +
      '(Nodes are cluster-scoped, so a namespaced Role cannot grant it.)',
    why:
      'nodes/proxy forwards requests to the kubelet API of every node: `/exec`, `/run` and `/attach` there run commands in any pod ' +
      'on the node, bypassing admission control and most API-server audit logging. Monitoring agents often ask for it when ' +
      '`nodes/metrics` or `nodes/stats` would do. CIS 5.1.10 asks to minimise it.',
    fix: 'Grant `get` on `nodes/metrics` and `nodes/stats` (what metrics scrapers need) instead of `nodes/proxy`.',
  },
  fixtures: [
    { text: role('ClusterRole', '- apiGroups: [""]\n  resources: ["nodes", "nodes/proxy"]\n  verbs: ["get", "list"]\n'), expect: ['"nodes/proxy"'] },
    { text: role('ClusterRole', '- apiGroups: [""]\n  resources:\n  - "*/proxy"\n  verbs: ["*"]\n'), expect: ['"*/proxy"'] },
    { text: role('ClusterRole', '- apiGroups: [""]\n  resources: ["nodes/metrics", "nodes/stats"]\n  verbs: ["get"]\n'), expect: [] },
    { text: role('Role', '- apiGroups: [""]\n  resources: ["nodes/proxy"]\n  verbs: ["get"]\n'), expect: [], note: 'a Role cannot grant cluster-scoped resources' },
  ],
  check({ model, report }) {
    for (const r of rbacRoles(model)) {
      if (r.kind !== 'ClusterRole') continue;
      for (const rule of r.rules) {
        const grant = grantOf(rule, [''], ['nodes/proxy'], ['get', 'create']);
        if (!grant) continue;
        const range = grant.resource.node.range ?? [0, 0, 0];
        const via = grant.resource.value === 'nodes/proxy' ? '' : ` (through "${grant.resource.value}")`;
        report({
          start: range[0],
          end: range[1],
          message:
            `${describeRule(rule)} allows ${grant.verb.value} on nodes/proxy${via}: the kubelet API behind it runs commands in any pod on ` +
            'every node, outside admission control. Grant nodes/metrics or nodes/stats instead.',
        });
      }
    }
  },
};
