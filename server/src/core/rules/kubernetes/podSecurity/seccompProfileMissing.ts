import type { KubernetesRule } from '../../../rule';
import type { Container, FieldAt, YamlFile } from '../helpers';
import { containerField, describeContainer, fieldSpan, keySpan, podField, podSpecs, setContainerSecurityFix, setPodSecurityFix } from '../helpers';
import { describeContainers, describePod, podAnnotationPairs, podSecuritySpan, profileSetting, pssProfile, windowsExempt } from './common';

const CONFINED = new Set(['RuntimeDefault', 'Localhost']);

/** What a legacy seccomp annotation value means: confined, unconfined (another rule's finding), or unreadable. */
function annotationVerdict(value: string | undefined): 'confined' | 'unconfined' | 'unknown' {
  if (value === 'runtime/default' || value === 'docker/default' || value?.startsWith('localhost/')) return 'confined';
  return value === 'unconfined' ? 'unconfined' : 'unknown';
}

/**
 * The restricted Pod Security Standard requires a RuntimeDefault or Localhost seccomp profile for
 * every container, set on the pod or on the container (the container value wins). Unconfined is
 * left to kubernetes/seccomp-unconfined; the pre-1.19 annotations are honoured.
 */
export const seccompProfileMissing: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/seccomp-profile-missing',
  title: 'Container runs without a seccomp profile',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['trivy:KSV-0030', 'checkov:CKV_K8S_31', 'kics:seccomp_profile_is_not_configured', 'pss:seccompProfile_restricted'],
  compliance: ['PSS-Restricted-seccompProfile_restricted', 'CIS-K8s-1.12-5.6.2', 'NSA-CISA-pod-security'],
  pss: [{ level: 'restricted', control: 'seccompProfile_restricted', since: 19 }],
  fixable: true,
  explanation: {
    what:
      'A container (regular, init or ephemeral) that gets no `RuntimeDefault` or `Localhost` seccomp profile: neither its own ' +
      '`securityContext.seccompProfile.type` nor the pod’s sets one (a container value overrides the pod value; the pre-1.19 ' +
      'annotations `seccomp.security.alpha.kubernetes.io/pod` and `container.seccomp.security.alpha.kubernetes.io/<name>` count, ' +
      'except under a PSS profile: admission reads only the fields). ' +
      'An explicit `Unconfined` is reported by `kubernetes/seccomp-unconfined`. Windows pods are exempt from Kubernetes 1.25.',
    why:
      'Unless the kubelet runs with `--seccomp-default`, a pod without a profile runs Unconfined: every one of the ~400 system ' +
      'calls is reachable, including the rarely used ones behind most kernel privilege-escalation exploits. The runtime’s ' +
      'default profile blocks them at no cost for ordinary applications; the restricted Pod Security Standard requires it.',
    fix: 'Set it once for the pod:\n\n```yaml\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n```',
  },
  fixtures: [
    {
      text:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      securityContext:\n        runAsNonRoot: true\n' +
        '      containers:\n      - name: app\n        image: nginx:1.27\n',
      expect: ['securityContext'],
      fixed:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      securityContext:\n        runAsNonRoot: true\n' +
        '        seccompProfile:\n          type: RuntimeDefault\n      containers:\n      - name: app\n        image: nginx:1.27\n',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '    securityContext:\n      seccompProfile: {type: RuntimeDefault}\n',
      expect: ['spec'],
      fixed:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '    securityContext:\n      seccompProfile: {type: RuntimeDefault}\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n',
      note: 'one container confined is not enough: the init container has none',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    seccompProfile: {}\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: ['seccompProfile: {}'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    seccompProfile: {type: RuntimeDefault}\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      note: 'a profile without a type',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    seccompProfile:\n      type: Localhost\n      localhostProfile: profiles/app.json\n' +
        '  containers:\n  - name: app\n    image: nginx:1.27\n  - name: sidecar\n    image: envoy:1.30\n    securityContext:\n      seccompProfile:\n        type: RuntimeDefault\n',
      expect: [],
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: [],
      note: 'legacy annotation',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: ['spec'],
      config: { profiles: ['pss-restricted'] },
      note: 'Pod Security admission ignores the legacy annotation',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    seccompProfile:\n      type: Unconfined\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: [],
      note: 'Unconfined is kubernetes/seccomp-unconfined’s finding',
    },
  ],
  check({ model, config, report }) {
    // Admission reads only the fields from 1.19; the annotations still count for what the runtime does.
    const legacyCounts = !pssProfile(config);
    for (const pod of podSpecs(model)) {
      if (windowsExempt(pod, config)) continue;
      const file = pod.object.file;
      const annotations = new Map(podAnnotationPairs(pod).map((a) => [a.key, a.value]));
      const podProfile = profileSetting(file, podField(pod, ['seccompProfile']), podField(pod, ['seccompProfile', 'type']));
      if (podProfile.kind === 'unknown') continue;
      if (podProfile.kind === 'set' && !CONFINED.has(podProfile.type) && podProfile.type !== 'Unconfined') {
        report({
          ...spanOf(file, podProfile.field, podProfile.typeField),
          message: `${describePod(pod)} sets seccomp profile type "${podProfile.type}": use RuntimeDefault or Localhost.`,
          fixes: [setPodSecurityFix(pod, ['seccompProfile', 'type'], 'RuntimeDefault', 'Set seccompProfile.type: RuntimeDefault')],
        });
      }
      const podAnnotation = podProfile.kind === 'unset' && legacyCounts ? annotationVerdict(annotations.get('seccomp.security.alpha.kubernetes.io/pod')) : undefined;
      const implicit: Container[] = [];
      for (const container of pod.containers) {
        const own = profileSetting(file, containerField(container, ['seccompProfile']), containerField(container, ['seccompProfile', 'type']));
        if (own.kind === 'unknown') continue;
        if (own.kind === 'set') {
          if (CONFINED.has(own.type) || own.type === 'Unconfined') continue;
          report({
            ...spanOf(file, own.field, own.typeField),
            message: `${describeContainer(container)} sets seccomp profile type "${own.type}": use RuntimeDefault or Localhost.`,
            fixes: [setContainerSecurityFix(container, ['seccompProfile', 'type'], 'RuntimeDefault', 'Set seccompProfile.type: RuntimeDefault')],
          });
          continue;
        }
        const annotation = container.name && legacyCounts ? annotations.get(`container.seccomp.security.alpha.kubernetes.io/${container.name}`) : undefined;
        if (annotation !== undefined && annotationVerdict(annotation) !== 'unknown') continue;
        if (podProfile.kind === 'set' || (podAnnotation !== undefined && podAnnotation !== 'unknown')) continue;
        implicit.push(container);
      }
      if (implicit.length === 0) continue;
      report({
        ...podSecuritySpan(pod),
        missing: true,
        message: `${describePod(pod)}: ${describeContainers(implicit)} ${implicit.length > 1 ? 'run' : 'runs'} without a seccomp profile (none on the pod or the container): set securityContext.seccompProfile.type: RuntimeDefault in the pod spec.`,
        fixes: [setPodSecurityFix(pod, ['seccompProfile'], { type: 'RuntimeDefault' }, 'Set seccompProfile.type: RuntimeDefault for the pod')],
      });
    }
  },
};

/** The `type` pair when there is one, else the profile's key. */
function spanOf(file: YamlFile, profile: FieldAt, type: FieldAt | undefined) {
  return type ? fieldSpan(file, type) : keySpan(profile.pair);
}
