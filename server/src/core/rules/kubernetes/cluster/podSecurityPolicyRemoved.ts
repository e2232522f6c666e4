import type { KubernetesRule } from '../../../rule';
import { kubernetesMinor } from '../../../config';
import { describeObject, objectAnchor, objectsOfKind } from '../helpers';

const psp = (apiVersion: string) =>
  `apiVersion: ${apiVersion}\nkind: PodSecurityPolicy\nmetadata:\n  name: restricted\nspec:\n  privileged: false\n  runAsUser:\n    rule: MustRunAsNonRoot\n  seLinux:\n    rule: RunAsAny\n  supplementalGroups:\n    rule: RunAsAny\n  fsGroup:\n    rule: RunAsAny\n  volumes: ["configMap", "secret", "emptyDir"]\n`;

/** A PodSecurityPolicy enforces nothing on a current cluster: it fails to apply, or is ignored. */
export const podSecurityPolicyRemoved: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/pod-security-policy-removed',
  title: 'PodSecurityPolicy is removed',
  severity: 'warning',
  category: 'correctness',
  equivalents: [],
  compliance: ['CIS-K8s-1.12-5.2.1'],
  explanation: {
    what: 'The file defines a `PodSecurityPolicy` (deprecated in Kubernetes 1.21, removed in 1.25).',
    why:
      'From 1.25 the API server does not serve PodSecurityPolicy: the manifest fails to apply, and the pod restrictions it was meant ' +
      'to enforce are silently gone — a cluster migrated without a replacement admits privileged pods. Before 1.25 it still ' +
      'works but is on its way out.',
    fix:
      'Enforce the Pod Security Standards with Pod Security Admission labels on each namespace, e.g.\n\n```yaml\napiVersion: v1\n' +
      'kind: Namespace\nmetadata:\n  name: app\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/enforce-version: latest\n```\n\n' +
      'and use a policy engine (Kyverno, Gatekeeper, ValidatingAdmissionPolicy) for rules PSS does not cover. Then delete the PodSecurityPolicy and its RBAC `use` grants.',
  },
  fixtures: [
    { text: psp('policy/v1beta1'), expect: ['kind: PodSecurityPolicy'] },
    { text: psp('extensions/v1beta1'), expect: ['kind: PodSecurityPolicy'], config: { kubernetesVersion: { major: 1, minor: 22 } }, note: 'deprecated at 1.22' },
    { text: psp('policy/v1beta1'), expect: [], config: { kubernetesVersion: { major: 1, minor: 20 } }, note: 'still supported at 1.20' },
    { text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n', expect: [] },
  ],
  check({ model, config, report }) {
    const minor = kubernetesMinor(config);
    if (minor < 21) return;
    for (const object of objectsOfKind(model, 'PodSecurityPolicy')) {
      const status = minor >= 25 ? `was removed in Kubernetes 1.25 (target 1.${minor}): it will not apply and enforces nothing` : `is deprecated since 1.21 and removed in 1.25`;
      report({
        ...objectAnchor(object),
        message: `${describeObject(object)} ${status}. Enforce Pod Security Standards with pod-security.kubernetes.io/enforce labels on the namespaces instead.`,
      });
    }
  },
};
