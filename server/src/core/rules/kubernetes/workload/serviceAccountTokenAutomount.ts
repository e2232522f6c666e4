import type { KubernetesRule } from '../../../rule';
import { booleanValue, deref, describeObject, findPair, getNode, missingInPod, objectsOfKind, pairSpan, podSpecs, setPodFieldFix, stringValue, type KubernetesModel, type PodSpec } from '../helpers';

/** The ServiceAccount a pod runs as, when it is defined in the same file. */
function serviceAccountOf(model: KubernetesModel, pod: PodSpec): { name: string; automount?: boolean; found: boolean } {
  const { file, document } = pod.object;
  const name = stringValue(file, getNode(pod.node, 'serviceAccountName', document)) ?? stringValue(file, getNode(pod.node, 'serviceAccount', document)) ?? 'default';
  const namespace = pod.object.namespace;
  const account = objectsOfKind(model, 'ServiceAccount').find(
    (sa) => sa.name === name && (sa.namespace === undefined || namespace === undefined || sa.namespace === namespace),
  );
  if (!account) return { name, found: false };
  return { name, found: true, automount: booleanValue(file, getNode(account.node, 'automountServiceAccountToken', account.document)) };
}

/** The pod gets an API token mounted although nothing says it needs one. */
export const serviceAccountTokenAutomount: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/service-account-token-automount',
  title: 'Service account token mounted automatically',
  severity: 'warning',
  category: 'access-control',
  equivalents: ['polaris:automountServiceAccountToken', 'trivy:KSV-0036', 'checkov:CKV_K8S_38', 'kics:service_account_token_automount_not_disabled'],
  compliance: ['CIS-K8s-1.12-5.1.6', 'NSA-CISA-pod-security', 'CWE-522'],
  fixable: true,
  explanation: {
    what:
      'A pod spec does not set `automountServiceAccountToken: false`, and its ServiceAccount (when defined in the same file) ' +
      'does not disable automounting either. The pod value wins over the ServiceAccount value, so `true` on the pod is ' +
      'flagged even when the ServiceAccount says `false`.',
    why:
      'Every container then finds a Kubernetes API token at /var/run/secrets/kubernetes.io/serviceaccount. Most applications ' +
      'never call the API, but an attacker who gets code execution in the pod can use the token with whatever RBAC the ' +
      'ServiceAccount has, the first step of most in-cluster lateral movement.',
    fix:
      'Set `automountServiceAccountToken: false` in the pod spec (or on a dedicated ServiceAccount). Pods that do call the API ' +
      'should use their own ServiceAccount with minimal RBAC, or mount a short-lived token through a `projected` ' +
      '`serviceAccountToken` volume.',
  },
  fixtures: [
    {
      text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n',
      expect: ['spec:\n      containers'],
      fixed: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n      automountServiceAccountToken: false\n',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  automountServiceAccountToken: true\n  serviceAccountName: api\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\nautomountServiceAccountToken: false\n',
      expect: ['automountServiceAccountToken: true'],
      fixed:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  automountServiceAccountToken: false\n  serviceAccountName: api\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\nautomountServiceAccountToken: false\n',
      note: 'the pod value wins over the ServiceAccount',
    },
    {
      text:
        'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: worker\nautomountServiceAccountToken: false\n---\n' +
        'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          serviceAccountName: worker\n          containers:\n          - name: app\n            image: busybox:1.36\n',
      expect: [],
      note: 'disabled on the ServiceAccount in the same file; CronJob nesting',
    },
    {
      text: '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}',
      expect: ['"spec"'],
      fixed: '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}], "automountServiceAccountToken": false}}',
      note: 'JSON',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: {automountServiceAccountToken: false, containers: [{name: app, image: "nginx:1.27"}]}\n',
      expect: [],
    },
  ],
  check({ model, report }) {
    for (const pod of podSpecs(model)) {
      const { file, document } = pod.object;
      const pair = findPair(pod.node, 'automountServiceAccountToken');
      const fix = setPodFieldFix(pod, ['automountServiceAccountToken'], false, 'Set automountServiceAccountToken: false');
      if (pair) {
        const value = booleanValue(file, deref(document, pair.value));
        if (value !== true) continue;
        report({
          ...pairSpan(file, pair),
          message: `${describeObject(pod.object)} mounts a Kubernetes API token into every container. Set automountServiceAccountToken: false unless the pod calls the API.`,
          fixes: [fix],
        });
        continue;
      }
      const account = serviceAccountOf(model, pod);
      if (account.automount === false) continue;
      const where = account.found ? `its ServiceAccount "${account.name}" does not disable it either` : `ServiceAccount "${account.name}" is not defined here with automountServiceAccountToken: false`;
      report({
        ...missingInPod(pod),
        missing: true,
        message: `${describeObject(pod.object)} gets a Kubernetes API token mounted automatically (${where}). Set automountServiceAccountToken: false unless the pod calls the API.`,
        fixes: [fix],
      });
    }
  },
};
