import type { KubernetesRule } from '../../../rule';
import { replaceScalar } from '../../../documents/yamlEdit';
import { containerField, describeContainer, fieldSpan, pairSpan, podField, podSpecs, setContainerSecurityFix, setPodSecurityFix } from '../helpers';
import { describePod, podAnnotationPairs, stringSetting } from './common';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/**
 * An explicit `Unconfined` seccomp profile (field or pre-1.19 annotation), on the pod or a container.
 * Forbidden from the baseline level, whether or not containers override a pod-level value.
 */
export const seccompUnconfined: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/seccomp-unconfined',
  title: 'Seccomp explicitly disabled (Unconfined)',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['trivy:KSV-0104', 'pss:seccompProfile_baseline', 'pss:seccompProfile_restricted'],
  compliance: ['PSS-Baseline-seccompProfile_baseline', 'CIS-K8s-1.12-5.6.2', 'NSA-CISA-pod-security'],
  pss: [
    { level: 'baseline', control: 'seccompProfile_baseline' },
    { level: 'restricted', control: 'seccompProfile_restricted', since: 19 },
  ],
  fixable: true,
  explanation: {
    what:
      '`seccompProfile.type: Unconfined` in the pod’s or a container’s `securityContext`, or the legacy annotations ' +
      '`seccomp.security.alpha.kubernetes.io/pod` / `container.seccomp.security.alpha.kubernetes.io/<name>` set to `unconfined`. ' +
      'The baseline Pod Security Standard forbids it even when containers override a pod-level value.',
    why:
      'Unconfined turns off the system-call filter: the whole kernel API, including the rarely used calls behind most kernel ' +
      'privilege-escalation exploits and container escapes, becomes reachable from the container.',
    fix: 'Use the runtime’s default profile, or a Localhost profile made for the application:\n\n```yaml\nsecurityContext:\n  seccompProfile:\n    type: RuntimeDefault\n```',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    seccompProfile:\n      type: Unconfined\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '    securityContext:\n      seccompProfile: {type: "Unconfined"}\n',
      expect: ['type: Unconfined', 'type: "Unconfined"'],
      fixed:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '    securityContext:\n      seccompProfile: {type: "RuntimeDefault"}\n',
    },
    {
      text:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      annotations:\n        container.seccomp.security.alpha.kubernetes.io/app: unconfined\n' +
        '    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n',
      expect: ['container.seccomp'],
      fixed:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      annotations:\n        container.seccomp.security.alpha.kubernetes.io/app: runtime/default\n' +
        '    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n',
      note: 'legacy annotation on the pod template',
    },
    {
      text:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      securityContext:\n        seccompProfile: {type: RuntimeDefault}\n' +
        '      containers:\n      - name: app\n        image: nginx:1.27\n      - name: debug\n        image: busybox:1.36\n        securityContext:\n          seccompProfile:\n            type: Unconfined\n',
      expect: ['type: Unconfined'],
      note: 'a container overrides a confined pod',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      seccompProfile:\n        type: RuntimeDefault\n',
      expect: [],
    },
  ],
  check({ model, report }) {
    for (const pod of podSpecs(model)) {
      const file = pod.object.file;
      const podType = podField(pod, ['seccompProfile', 'type']);
      const podSetting = stringSetting(file, podType);
      if (podSetting.kind === 'set' && podSetting.value === 'Unconfined') {
        report({
          ...fieldSpan(file, podType!),
          message: `${describePod(pod)} disables seccomp for its containers (seccompProfile.type: Unconfined): use RuntimeDefault.`,
          fixes: [setPodSecurityFix(pod, ['seccompProfile', 'type'], 'RuntimeDefault', 'Set seccompProfile.type: RuntimeDefault')],
        });
      }
      for (const container of pod.containers) {
        const type = containerField(container, ['seccompProfile', 'type']);
        const setting = stringSetting(file, type);
        if (setting.kind !== 'set' || setting.value !== 'Unconfined') continue;
        report({
          ...fieldSpan(file, type!),
          message: `${describeContainer(container)} runs without seccomp (seccompProfile.type: Unconfined): use RuntimeDefault.`,
          fixes: [setContainerSecurityFix(container, ['seccompProfile', 'type'], 'RuntimeDefault', 'Set seccompProfile.type: RuntimeDefault')],
        });
      }
      for (const annotation of podAnnotationPairs(pod)) {
        if (annotation.value !== 'unconfined' || !annotation.pair.value) continue;
        const target = annotation.key === POD_ANNOTATION ? 'the pod' : annotation.key.startsWith(CONTAINER_ANNOTATION_PREFIX) ? `container "${annotation.key.slice(CONTAINER_ANNOTATION_PREFIX.length)}"` : undefined;
        if (!target) continue;
        report({
          ...pairSpan(file, annotation.pair),
          message: `The annotation ${annotation.key}: unconfined disables seccomp for ${target} in ${describePod(pod)}: use runtime/default (or the seccompProfile field).`,
          fixes: [{ title: 'Use runtime/default', edits: replaceScalar(file, annotation.pair.value, 'runtime/default'), isPreferred: true }],
        });
      }
    }
  },
};
