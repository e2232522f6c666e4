import type { KubernetesRule } from '../../../rule';
import { describeRule, grantOf, rbacRoles, restrictedToNames, roleScope } from './rbac';

const role = (kind: string, rule: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: r\nrules:\n${rule}`;

/** Reading Secrets is reading every password, token and key the namespace (or cluster) holds. */
export const rbacSecretsAccess: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/rbac-secrets-access',
  title: 'Role can read Secrets',
  severity: 'warning',
  category: 'access-control',
  equivalents: [
    'kube-linter:access-to-secrets',
    'trivy:KSV-0041',
    'trivy:KSV-0113',
    'checkov:CKV2_K8S_5',
    'kics:rbac_roles_with_read_secrets_permissions',
  ],
  compliance: ['CIS-K8s-1.12-5.1.2', 'NSA-CISA-authentication-authorization', 'CWE-200'],
  explanation: {
    what:
      'A Role or ClusterRole allows `get`, `list` or `watch` (or `*`) on `secrets` in the core API group, directly or through `*`, ' +
      'without limiting it to named Secrets with `resourceNames`.',
    why:
      'Secrets hold database passwords, API keys, TLS keys and service-account tokens. `list` and `watch` return the full contents, ' +
      'not just names, so they are as sensitive as `get`. A ClusterRole bound cluster-wide reads every Secret of every namespace, ' +
      'including tokens that lead to higher privileges. CIS 5.1.2 asks to minimise this access.',
    fix:
      'Mount the Secrets a workload needs as volumes instead of reading them through the API. If API access is needed, limit it to ' +
      'the named Secrets:\n\n```yaml\n- apiGroups: [""]\n  resources: ["secrets"]\n  resourceNames: ["app-tls"]\n  verbs: ["get"]\n```',
  },
  fixtures: [
    { text: role('ClusterRole', '- apiGroups: [""]\n  resources: ["configmaps", "secrets"]\n  verbs: ["list", "watch"]\n'), expect: ['"secrets"'] },
    { text: role('Role', '- apiGroups:\n  - "*"\n  resources:\n  - "*"\n  verbs:\n  - get\n'), expect: ['"*"\n  verbs'], note: 'through wildcards' },
    { text: role('Role', '- apiGroups: [""]\n  resources: ["secrets"]\n  resourceNames: ["app-tls"]\n  verbs: ["get"]\n'), expect: [], note: 'named Secrets only' },
    { text: role('Role', '- apiGroups: [""]\n  resources: ["secrets"]\n  verbs: ["create", "delete"]\n'), expect: [], note: 'write-only verbs do not read' },
    { text: role('Role', '- apiGroups: ["apps"]\n  resources: ["secrets"]\n  verbs: ["get"]\n'), expect: [], note: 'Secrets live in the core group' },
  ],
  check({ model, report }) {
    for (const r of rbacRoles(model)) {
      for (const rule of r.rules) {
        if (restrictedToNames(rule)) continue;
        const grant = grantOf(rule, [''], ['secrets'], ['get', 'list', 'watch']);
        if (!grant) continue;
        const range = grant.resource.node.range ?? [0, 0, 0];
        const via = grant.resource.value === 'secrets' ? '' : ` (through "${grant.resource.value}")`;
        const verbs = rule.verbs.items.map((v) => v.value).filter((v) => ['get', 'list', 'watch', '*'].includes(v)).join(', ');
        report({
          start: range[0],
          end: range[1],
          message:
            `${describeRule(rule)} can read Secrets${via} with ${verbs} ${roleScope(r)}: list and watch return their contents too. ` +
            'Mount the Secrets the workload needs, or limit the rule with resourceNames.',
        });
      }
    }
  },
};
