import type { KubernetesRule } from '../../../rule';
import { describeRule, rbacRoles, roleScope, type PolicyRule, type RbacItem } from './rbac';

type WildcardList = 'apiGroups' | 'resources' | 'verbs' | 'nonResourceURLs';

function what(rule: PolicyRule, list: WildcardList): string {
  const values = (l: { items: RbacItem[] }) => l.items.map((i) => (i.value === '' ? 'core' : i.value)).join(', ');
  switch (list) {
    case 'verbs':
      return `allows every verb ("*")${rule.resources.items.length ? ` on ${values(rule.resources)}` : ''}, including delete, escalate, bind and impersonate where they apply: list only the verbs it needs`;
    case 'resources':
      return `allows every resource ("*")${rule.apiGroups.items.length ? ` of API group(s) ${values(rule.apiGroups)}` : ''}, including secrets, pods/exec and resources added later: list the resources it needs`;
    case 'apiGroups':
      return 'matches every API group ("*"), including ones added later by CRDs: list the groups it needs';
    case 'nonResourceURLs':
      return 'allows every non-resource URL ("*"): list the paths it needs (e.g. /healthz)';
  }
}

/** `*` in a Role or ClusterRole rule grants today's and tomorrow's permissions wholesale. */
export const rbacWildcard: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/rbac-wildcard',
  title: 'Wildcard in RBAC rule',
  severity: 'error',
  category: 'access-control',
  equivalents: [
    'kube-linter:wildcard-in-rules',
    'trivy:KSV-0044',
    'trivy:KSV-0045',
    'trivy:KSV-0046',
    'trivy:KSV-0112',
    'checkov:CKV_K8S_49',
    'kics:rbac_wildcard_in_rule',
  ],
  compliance: ['CIS-K8s-1.12-5.1.3', 'NSA-CISA-authentication-authorization', 'CWE-269'],
  explanation: {
    what: 'A Role or ClusterRole rule lists `*` in `apiGroups`, `resources`, `verbs` or `nonResourceURLs`.',
    why:
      'A wildcard grants every current permission of that kind and every future one: new resources, subresources such as ' +
      '`pods/exec` and `secrets`, CRDs installed later, and verbs such as `escalate`, `bind` and `impersonate`. ' +
      '`*` verbs on `*` resources in `*` groups is cluster-admin under another name. CIS 5.1.3 asks to minimise wildcards.',
    fix:
      'List exactly the groups, resources and verbs the workload needs, e.g.\n\n```yaml\nrules:\n- apiGroups: ["apps"]\n  resources: ["deployments"]\n  verbs: ["get", "list", "watch"]\n```',
  },
  fixtures: [
    {
      text:
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: all\nrules:\n- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: ["*"]\n',
      expect: [{ at: '"*"', nth: 1 }, { at: '"*"', nth: 2 }, { at: '"*"', nth: 3 }],
    },
    {
      text:
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\n  namespace: app\nrules:\n- apiGroups:\n  - ""\n  resources:\n  - pods\n  verbs:\n  - get\n  - "*"\n---\n' +
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: urls\nrules:\n- nonResourceURLs: ["*"]\n  verbs: ["get"]\n',
      expect: ['"*"\n---', '"*"]\n  verbs: ["get"]'],
      note: 'multi-document, block style, nonResourceURLs',
    },
    {
      text:
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: scaler\nrules:\n- apiGroups: ["apps"]\n  resources: ["deployments", "*/scale"]\n  verbs: ["get", "update"]\n',
      expect: [],
      note: '*/scale names one subresource of every resource: not a blanket wildcard',
    },
    {
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  verbs: "*"\n',
      expect: [],
      note: 'not an RBAC object',
    },
  ],
  check({ model, report }) {
    for (const role of rbacRoles(model)) {
      for (const rule of role.rules) {
        for (const list of ['apiGroups', 'resources', 'verbs', 'nonResourceURLs'] as const) {
          for (const item of rule[list].items) {
            if (item.value !== '*') continue;
            const range = item.node.range ?? [0, 0, 0];
            report({
              start: range[0],
              end: range[1],
              message: `${describeRule(rule)} ${what(rule, list)}. It applies ${roleScope(role)}.`,
            });
          }
        }
      }
    }
  },
};
