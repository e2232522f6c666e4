import type { KubernetesRule } from '../../../rule';
import { describeObject, findPair, getNode, pairSpan, stringValue, type KubernetesObject } from '../helpers';

/** Kinds without a namespace: a `namespace:` on them is ignored by the API server. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'CustomResourceDefinition',
  'PriorityClass', 'IngressClass', 'RuntimeClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'APIService', 'CSIDriver', 'CSINode', 'VolumeAttachment',
  'PodSecurityPolicy', 'CertificateSigningRequest', 'ClusterIssuer', 'GatewayClass', 'FlowSchema', 'PriorityLevelConfiguration',
]);

/** Priority classes only platform components may use: a workload that has one is part of the system. */
const SYSTEM_PRIORITY = new Set(['system-node-critical', 'system-cluster-critical']);

function isSystemComponent(object: KubernetesObject): boolean {
  const pod = object.podSpec;
  if (!pod) return false;
  const priority = stringValue(object.file, getNode(pod.node, 'priorityClassName', object.document));
  return (priority !== undefined && SYSTEM_PRIORITY.has(priority)) || object.labels.get('tier') === 'control-plane';
}

const deployment = (namespace: string, extra = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: ${namespace}\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n${extra}      containers:\n      - name: api\n        image: api:1.0\n`;

/** `default` is where everything lands by accident; kube-system and kube-public belong to the platform. */
export const defaultNamespace: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/default-namespace',
  title: 'Object placed in the default (or a system) namespace',
  severity: 'info',
  category: 'exposure',
  equivalents: ['trivy:KSV-0110', 'trivy:KSV-0037'],
  compliance: ['CIS-K8s-1.12-5.6.1', 'CIS-K8s-1.12-5.6.4', 'NSA-CISA-network-separation'],
  explanation: {
    what:
      'An object sets `metadata.namespace: default`, or a workload sets `kube-system` or `kube-public` (platform components — ' +
      'priority class `system-node-critical`/`system-cluster-critical` or label `tier: control-plane` — are exempt). A missing ' +
      'namespace is not flagged: `kubectl -n`, Helm and Kustomize usually set it.',
    why:
      'Namespaces are the boundary for RBAC, NetworkPolicies, ResourceQuotas and Pod Security Admission. `default` is shared by ' +
      'everything deployed without thought, usually without any of those controls, so its workloads can reach and be reached by ' +
      'unrelated ones. kube-system holds the most privileged service accounts of the cluster; a user workload there is one step from them.',
    fix: 'Create a namespace for the application (with Pod Security Admission labels and a default-deny NetworkPolicy) and set `metadata.namespace` to it.',
  },
  fixtures: [
    { text: deployment('default'), expect: ['namespace: default'] },
    { text: deployment('kube-system'), expect: ['namespace: kube-system'] },
    { text: deployment('kube-system', '      priorityClassName: system-node-critical\n'), expect: [], note: 'platform component' },
    { text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: "default"\ndata: {}\n', expect: ['namespace: "default"'] },
    { text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: kube-system\ndata: {}\n', expect: [], note: 'only workloads are judged in kube-system' },
    { text: deployment('shop').replace('  namespace: shop\n', ''), expect: [], note: 'missing namespace: set by kubectl -n or Kustomize' },
  ],
  check({ model, report }) {
    for (const object of model.objects) {
      if (!object.namespace || CLUSTER_SCOPED.has(object.kind)) continue;
      const pair = findPair(object.metadata, 'namespace');
      if (!pair) continue;
      if (object.namespace === 'default') {
        report({
          ...pairSpan(object.file, pair),
          message: `${describeObject(object)} is placed in the default namespace, which usually has no RBAC, NetworkPolicy, quota or Pod Security boundary: use a namespace of its own.`,
        });
      } else if ((object.namespace === 'kube-system' || object.namespace === 'kube-public') && object.podSpec && !isSystemComponent(object)) {
        report({
          ...pairSpan(object.file, pair),
          message:
            object.namespace === 'kube-system'
              ? `${describeObject(object)} runs in kube-system, next to the cluster's most privileged service accounts: deploy it to a namespace of its own.`
              : `${describeObject(object)} runs in kube-public, a namespace meant for data every client (even unauthenticated) may read: deploy it to a namespace of its own.`,
        });
      }
    }
  },
};
