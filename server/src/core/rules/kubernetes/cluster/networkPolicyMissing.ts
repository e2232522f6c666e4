import type { KubernetesRule } from '../../../rule';
import {
  asMap, booleanValue, describeObject, deref, getMap, getNode, getSeq, objectAnchor, objectsOfKind, podSpecs, scalarValue, seqItems, stringValue,
  type KubernetesObject, type PodSpec,
} from '../helpers';
import { selectorMatches } from './rbac';

interface Isolation {
  ingress: boolean;
  egress: boolean;
  /** A policy might select the pod but could not be read: do not judge. */
  unknown: boolean;
}

function podLabels(pod: PodSpec): Map<string, string> | undefined {
  const { file, document } = pod.object;
  const labels = getMap(pod.templateMetadata, 'labels', document);
  const result = new Map<string, string>();
  for (const pair of labels?.items ?? []) {
    // Template actions read as undefined: labels we cannot read could match anything.
    const key = scalarValue(file, pair.key);
    const value = stringValue(file, deref(document, pair.value));
    if (key === undefined || key === null || value === undefined) return undefined;
    result.set(String(key), value);
  }
  return result;
}

function policyTypes(policy: KubernetesObject): { ingress: boolean; egress: boolean } | undefined {
  const { file, document } = policy;
  const spec = getMap(policy.node, 'spec', document);
  const typesNode = getNode(spec, 'policyTypes', document);
  if (typesNode === undefined || typesNode === null) {
    // Defaulted by the API server: always Ingress, Egress when there are egress rules.
    return { ingress: true, egress: (getSeq(spec, 'egress', document)?.items.length ?? 0) > 0 };
  }
  const types = seqItems(document, getSeq(spec, 'policyTypes', document)).map((t) => stringValue(file, t));
  if (types.includes(undefined) || !getSeq(spec, 'policyTypes', document)) return undefined;
  return { ingress: types.includes('Ingress'), egress: types.includes('Egress') };
}

function isolation(pod: PodSpec, labels: Map<string, string>, policies: KubernetesObject[]): Isolation {
  const result: Isolation = { ingress: false, egress: false, unknown: false };
  for (const policy of policies) {
    // Namespaces left unset are usually set by the same `kubectl -n` or Kustomize for the whole file.
    if (policy.namespace !== undefined && pod.object.namespace !== undefined && policy.namespace !== pod.object.namespace) continue;
    const spec = getMap(policy.node, 'spec', policy.document);
    const selectorNode = getNode(spec, 'podSelector', policy.document);
    const selects = selectorNode === null ? true : selectorMatches(policy, asMap(selectorNode), labels);
    const types = policyTypes(policy);
    if (selects === undefined || (selects && !types)) {
      result.unknown = true;
      continue;
    }
    if (!selects || !types) continue;
    result.ingress ||= types.ingress;
    result.egress ||= types.egress;
  }
  return result;
}

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n      - name: api\n        image: api:1.0\n`;
const policy = (selector: string, types: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: ${selector}\n  policyTypes: ${types}\n`;

/** Pods no NetworkPolicy isolates accept connections from, and open them to, anything in (and out of) the cluster. */
export const networkPolicyMissing: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/network-policy-missing',
  title: 'No NetworkPolicy isolates the pod',
  severity: 'warning',
  category: 'exposure',
  enabledByDefault: false,
  equivalents: ['kube-score:pod-networkpolicy'],
  compliance: ['CIS-K8s-1.12-5.3.2', 'NSA-CISA-network-separation'],
  explanation: {
    what:
      'A workload\'s pods are not selected, for both ingress and egress, by a NetworkPolicy in the same file (podSelector labels and ' +
      'expressions evaluated, `policyTypes` defaulted as the API server does). A policy with `policyTypes: [Ingress, Egress]` and no ' +
      'rules counts: it is a default deny. Host-network pods, which NetworkPolicies cannot isolate, are skipped. Off by default because policies often live in another file; the `strict` profile turns it on.',
    why:
      'Kubernetes allows all pod-to-pod traffic until a NetworkPolicy selects a pod. An unisolated pod can be reached by any ' +
      'compromised pod in the cluster and can reach the API server, cloud metadata endpoints and other namespaces\' databases: ' +
      'lateral movement needs nothing more. CIS 5.3.2 asks for policies in every namespace.',
    fix:
      'Add a default-deny policy for the namespace and allow the flows the workload needs:\n\n```yaml\napiVersion: networking.k8s.io/v1\n' +
      'kind: NetworkPolicy\nmetadata:\n  name: default-deny\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n```',
  },
  fixtures: [
    { text: deployment, expect: ['kind: Deployment'] },
    { text: `${deployment}---\n${policy('{}', '[Ingress, Egress]')}`, expect: [], note: 'namespace default deny' },
    { text: `${deployment}---\n${policy('{matchLabels: {app: api}}', '[Ingress]')}`, expect: ['kind: Deployment'], note: 'egress not isolated' },
    {
      text: `${deployment}---\n${policy('{matchExpressions: [{key: app, operator: In, values: [api, web]}]}', '[Ingress]')}---\n${policy('{}', '[Egress]')}`,
      expect: [],
      note: 'isolation combined from two policies, matchExpressions',
    },
    { text: `${deployment}---\n${policy('{matchLabels: {app: web}}', '[Ingress, Egress]')}`, expect: ['kind: Deployment'], note: 'policy selects other pods' },
    { text: deployment.replace('    spec:\n', '    spec:\n      hostNetwork: true\n'), expect: [], note: 'host-network pods cannot be isolated by NetworkPolicy' },
    { text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n', expect: [] },
  ],
  check({ model, report }) {
    const policies = objectsOfKind(model, 'NetworkPolicy');
    for (const pod of podSpecs(model)) {
      // NetworkPolicies do not apply to pods on the host network: nothing in a manifest can isolate them.
      if (booleanValue(pod.object.file, getNode(pod.node, 'hostNetwork', pod.object.document)) === true) continue;
      const labels = podLabels(pod);
      if (!labels) continue;
      const isolated = isolation(pod, labels, policies);
      if (isolated.unknown || (isolated.ingress && isolated.egress)) continue;
      const missing = [isolated.ingress ? undefined : 'ingress', isolated.egress ? undefined : 'egress'].filter(Boolean).join(' or ');
      report({
        ...objectAnchor(pod.object),
        missing: true,
        message:
          policies.length === 0
            ? `${describeObject(pod.object)}: no NetworkPolicy in this file selects its pods, so they accept and open any connection. Add a default-deny policy for the namespace and allow the flows it needs.`
            : `${describeObject(pod.object)}: no NetworkPolicy in this file isolates its pods for ${missing}. Select them with a policy whose policyTypes include ${missing === 'ingress or egress' ? 'Ingress and Egress' : missing === 'ingress' ? 'Ingress' : 'Egress'}.`,
      });
    }
  },
};
