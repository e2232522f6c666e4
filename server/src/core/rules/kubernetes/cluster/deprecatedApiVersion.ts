import type { KubernetesRule } from '../../../rule';
import { kubernetesMinor } from '../../../config';
import { replaceScalar } from '../../../documents/yamlEdit';
import { findPair, getMap, getNode, pairSpan, type KubernetesObject } from '../helpers';

interface Deprecation {
  versions: readonly string[];
  kinds: readonly string[];
  /** First 1.x minor that warns about it. */
  deprecated: number;
  /** First 1.x minor that no longer serves it. */
  removed: number;
  replacement: string;
  /** Whether changing apiVersion alone gives a valid, equivalent object; a function when it depends on the object. */
  dropIn: boolean | ((object: KubernetesObject) => boolean);
  /** What else has to change when it is not a drop-in. */
  note?: string;
}

/** `spec.selector` present and not empty: required by apps/v1, and its absence means "everything" in policy/v1. */
function hasSelector(object: KubernetesObject): boolean {
  const selector = getMap(getMap(object.node, 'spec', object.document), 'selector', object.document);
  return selector !== undefined && selector.items.length > 0;
}

const WORKLOADS = ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet'];

/** From the Kubernetes deprecated API migration guide (PodSecurityPolicy is `kubernetes/pod-security-policy-removed`). */
const DEPRECATIONS: readonly Deprecation[] = [
  { versions: ['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'], kinds: WORKLOADS, deprecated: 9, removed: 16, replacement: 'apps/v1', dropIn: hasSelector, note: 'apps/v1 requires spec.selector matching the template labels' },
  { versions: ['apps/v1beta1', 'apps/v1beta2'], kinds: ['ControllerRevision'], deprecated: 9, removed: 16, replacement: 'apps/v1', dropIn: true },
  { versions: ['extensions/v1beta1'], kinds: ['NetworkPolicy'], deprecated: 9, removed: 16, replacement: 'networking.k8s.io/v1', dropIn: true },
  { versions: ['extensions/v1beta1', 'networking.k8s.io/v1beta1'], kinds: ['Ingress'], deprecated: 14, removed: 22, replacement: 'networking.k8s.io/v1', dropIn: false, note: 'backends become service.name/service.port and pathType is required' },
  { versions: ['networking.k8s.io/v1beta1'], kinds: ['IngressClass'], deprecated: 19, removed: 22, replacement: 'networking.k8s.io/v1', dropIn: true },
  { versions: ['admissionregistration.k8s.io/v1beta1'], kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], deprecated: 16, removed: 22, replacement: 'admissionregistration.k8s.io/v1', dropIn: false, note: 'webhooks must set sideEffects and admissionReviewVersions' },
  { versions: ['apiextensions.k8s.io/v1beta1'], kinds: ['CustomResourceDefinition'], deprecated: 16, removed: 22, replacement: 'apiextensions.k8s.io/v1', dropIn: false, note: 'v1 needs a structural schema per version' },
  { versions: ['apiregistration.k8s.io/v1beta1'], kinds: ['APIService'], deprecated: 19, removed: 22, replacement: 'apiregistration.k8s.io/v1', dropIn: true },
  { versions: ['authentication.k8s.io/v1beta1'], kinds: ['TokenReview'], deprecated: 19, removed: 22, replacement: 'authentication.k8s.io/v1', dropIn: true },
  { versions: ['authorization.k8s.io/v1beta1'], kinds: ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview'], deprecated: 19, removed: 22, replacement: 'authorization.k8s.io/v1', dropIn: false, note: 'spec.group is renamed spec.groups' },
  { versions: ['certificates.k8s.io/v1beta1'], kinds: ['CertificateSigningRequest'], deprecated: 19, removed: 22, replacement: 'certificates.k8s.io/v1', dropIn: false, note: 'spec.signerName is required' },
  { versions: ['coordination.k8s.io/v1beta1'], kinds: ['Lease'], deprecated: 19, removed: 22, replacement: 'coordination.k8s.io/v1', dropIn: true },
  { versions: ['rbac.authorization.k8s.io/v1beta1', 'rbac.authorization.k8s.io/v1alpha1'], kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], deprecated: 17, removed: 22, replacement: 'rbac.authorization.k8s.io/v1', dropIn: true },
  { versions: ['scheduling.k8s.io/v1beta1', 'scheduling.k8s.io/v1alpha1'], kinds: ['PriorityClass'], deprecated: 14, removed: 22, replacement: 'scheduling.k8s.io/v1', dropIn: true },
  { versions: ['storage.k8s.io/v1beta1'], kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], deprecated: 19, removed: 22, replacement: 'storage.k8s.io/v1', dropIn: true },
  { versions: ['batch/v1beta1', 'batch/v2alpha1'], kinds: ['CronJob'], deprecated: 21, removed: 25, replacement: 'batch/v1', dropIn: true },
  { versions: ['discovery.k8s.io/v1beta1'], kinds: ['EndpointSlice'], deprecated: 21, removed: 25, replacement: 'discovery.k8s.io/v1', dropIn: false, note: 'topology becomes deprecatedTopology and zone a field' },
  { versions: ['events.k8s.io/v1beta1'], kinds: ['Event'], deprecated: 21, removed: 25, replacement: 'events.k8s.io/v1', dropIn: false, note: 'several fields were renamed' },
  { versions: ['autoscaling/v2beta1'], kinds: ['HorizontalPodAutoscaler'], deprecated: 22, removed: 25, replacement: 'autoscaling/v2', dropIn: false, note: 'metric targets become target.{type,averageUtilization,…}' },
  { versions: ['policy/v1beta1'], kinds: ['PodDisruptionBudget'], deprecated: 21, removed: 25, replacement: 'policy/v1', dropIn: hasSelector, note: 'an empty selector selects every pod in policy/v1' },
  { versions: ['node.k8s.io/v1beta1'], kinds: ['RuntimeClass'], deprecated: 20, removed: 25, replacement: 'node.k8s.io/v1', dropIn: true },
  { versions: ['autoscaling/v2beta2'], kinds: ['HorizontalPodAutoscaler'], deprecated: 23, removed: 26, replacement: 'autoscaling/v2', dropIn: true },
  { versions: ['flowcontrol.apiserver.k8s.io/v1beta1'], kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecated: 23, removed: 26, replacement: 'flowcontrol.apiserver.k8s.io/v1', dropIn: false, note: 'check the v1 schema (nominalConcurrencyShares)' },
  { versions: ['storage.k8s.io/v1beta1'], kinds: ['CSIStorageCapacity'], deprecated: 24, removed: 27, replacement: 'storage.k8s.io/v1', dropIn: true },
  { versions: ['flowcontrol.apiserver.k8s.io/v1beta2'], kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecated: 26, removed: 29, replacement: 'flowcontrol.apiserver.k8s.io/v1', dropIn: false, note: 'check the v1 schema (nominalConcurrencyShares)' },
  { versions: ['flowcontrol.apiserver.k8s.io/v1beta3'], kinds: ['FlowSchema'], deprecated: 29, removed: 32, replacement: 'flowcontrol.apiserver.k8s.io/v1', dropIn: true },
  { versions: ['flowcontrol.apiserver.k8s.io/v1beta3'], kinds: ['PriorityLevelConfiguration'], deprecated: 29, removed: 32, replacement: 'flowcontrol.apiserver.k8s.io/v1', dropIn: false, note: 'nominalConcurrencyShares: 0 now means zero' },
];

function deprecationOf(object: KubernetesObject): Deprecation | undefined {
  return DEPRECATIONS.find((d) => d.kinds.includes(object.kind) && d.versions.includes(object.apiVersion ?? ''));
}

const doc = (apiVersion: string, kind: string, rest = '') => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n${rest}`;

/** An apiVersion the target cluster no longer serves makes `kubectl apply` fail, usually during an upgrade. */
export const deprecatedApiVersion: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/deprecated-api-version',
  title: 'Deprecated or removed apiVersion',
  severity: 'warning',
  category: 'correctness',
  fixable: true,
  equivalents: ['kube-linter:no-extensions-v1beta', 'kube-score:stable-version', 'trivy:KSV-0107', 'kics:object_is_using_a_deprecated_api_version'],
  compliance: ['NSA-CISA-upgrading', 'CWE-477'],
  explanation: {
    what:
      'An object uses an apiVersion that is deprecated, or already removed, at the configured Kubernetes version ' +
      '(`kubernetesVersion`, default the newest): `extensions/v1beta1` workloads and Ingresses, `batch/v1beta1` CronJobs, ' +
      '`policy/v1beta1` PodDisruptionBudgets, `autoscaling/v2beta1`/`v2beta2` HPAs, `rbac.authorization.k8s.io/v1beta1`, …',
    why:
      'The API server stops serving a removed version: applying the manifest fails, typically in the middle of a cluster upgrade, and ' +
      'tools that compare manifests with live objects report phantom differences. Deprecated versions also miss fields and defaults ' +
      'of the stable version.',
    fix: 'Change apiVersion to the replacement; the quick fix does it when the change is a drop-in, otherwise the message says what else to change.',
  },
  fixtures: [
    {
      text: doc('batch/v1beta1', 'CronJob', 'spec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: c\n            image: busybox:1.36\n'),
      expect: ['apiVersion: batch/v1beta1'],
      fixed: doc('batch/v1', 'CronJob', 'spec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: c\n            image: busybox:1.36\n'),
    },
    {
      text: '{"apiVersion": "rbac.authorization.k8s.io/v1beta1", "kind": "Role", "metadata": {"name": "r"}, "rules": []}\n',
      expect: ['"apiVersion"'],
      fixed: '{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r"}, "rules": []}\n',
      note: 'JSON',
    },
    {
      text: doc('extensions/v1beta1', 'Ingress', 'spec:\n  backend:\n    serviceName: web\n    servicePort: 80\n'),
      expect: ['apiVersion: extensions/v1beta1'],
      note: 'not a drop-in: no fix',
    },
    { text: doc('policy/v1beta1', 'PodDisruptionBudget', 'spec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n'), expect: [], config: { kubernetesVersion: { major: 1, minor: 20 } }, note: 'not yet deprecated at 1.20' },
    { text: doc('policy/v1beta1', 'PodDisruptionBudget', 'spec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n'), expect: ['apiVersion: policy/v1beta1'], config: { kubernetesVersion: { major: 1, minor: 22 } }, fixed: doc('policy/v1', 'PodDisruptionBudget', 'spec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n'), note: 'deprecated, not yet removed' },
    { text: doc('apps/v1', 'Deployment'), expect: [] },
  ],
  check({ model, config, report }) {
    const minor = kubernetesMinor(config);
    for (const object of model.objects) {
      const deprecation = deprecationOf(object);
      if (!deprecation || minor < deprecation.deprecated) continue;
      const pair = findPair(object.node, 'apiVersion');
      const node = getNode(object.node, 'apiVersion', object.document);
      if (!pair || !node) continue;
      const dropIn = typeof deprecation.dropIn === 'function' ? deprecation.dropIn(object) : deprecation.dropIn;
      const status = minor >= deprecation.removed ? `was removed in Kubernetes 1.${deprecation.removed}` : `is deprecated since 1.${deprecation.deprecated} and removed in 1.${deprecation.removed}`;
      report({
        ...pairSpan(object.file, pair),
        message:
          `${object.apiVersion} ${object.kind} ${status}: use ${deprecation.replacement}` +
          `${dropIn ? '.' : ` (${deprecation.note ?? 'the schema changed'}).`}`,
        fixes: dropIn ? [{ title: `Change apiVersion to ${deprecation.replacement}`, edits: replaceScalar(object.file, node, deprecation.replacement), isPreferred: true }] : undefined,
      });
    }
  },
};
