import type { KubernetesRule } from '../../../rule';
import type { Container } from '../helpers';
import { containerField, describeContainer, effectiveField, fieldSpan, podField, podSpecs, setContainerSecurityFix, setPodSecurityFix } from '../helpers';
import { booleanSetting, describeContainers, describePod, numberSetting, podSecuritySpan, restrictedProfile, userNamespaceRelaxed } from './common';

/**
 * Containers that may run as root: `runAsNonRoot` is not true for them once the pod-level value is
 * inherited. By default an explicit non-zero `runAsUser` also counts as non-root (as polaris, checkov
 * and kube-score judge); under the `pss-restricted` profile only `runAsNonRoot: true` does, and an
 * explicit pod-level `false` fails even when every container overrides it, as admission decides.
 */
export const runAsRoot: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/run-as-root',
  title: 'Container may run as root',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['polaris:runAsRootAllowed', 'trivy:KSV-0012', 'checkov:CKV_K8S_23', 'kics:containers_running_as_root', 'pss:runAsNonRoot'],
  compliance: ['PSS-Restricted-runAsNonRoot', 'CIS-K8s-1.12-5.2.7', 'NSA-CISA-pod-security', 'CWE-250'],
  pss: [{ level: 'restricted', control: 'runAsNonRoot' }],
  fixable: true,
  explanation: {
    what:
      'A container whose effective `runAsNonRoot` (its own value, else the pod’s `spec.securityContext.runAsNonRoot`) is not `true`, ' +
      'so nothing stops the image from starting as UID 0. A container `false` overrides a pod `true`. By default an explicit ' +
      'non-zero `runAsUser` is accepted as well; the `pss-restricted` profile requires `runAsNonRoot: true` as admission does. ' +
      'Pods with `hostUsers: false` are exempt from Kubernetes 1.35.',
    why:
      'Most images still default to root. Root in a container owns every file of the container, can use all the capabilities ' +
      'the runtime left it, and is one kernel or runtime bug away from root on the node. `runAsNonRoot: true` makes the kubelet ' +
      'refuse to start a container whose user would be root.',
    fix:
      'Set it once for the whole pod (containers inherit it), and give the image a non-root `USER`:\n\n```yaml\nspec:\n  securityContext:\n    runAsNonRoot: true\n```\n\n' +
      'A container that sets `runAsNonRoot: false` must be changed itself.',
  },
  fixtures: [
    {
      text:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n' +
        '      - name: sidecar\n        image: envoy:1.30\n',
      expect: ['spec:\n      containers'],
      fixed:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n' +
        '      - name: sidecar\n        image: envoy:1.30\n      securityContext:\n        runAsNonRoot: true\n',
      note: 'one pod-level finding and fix for every container that inherits nothing',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '    securityContext:\n      runAsNonRoot: false\n',
      expect: ['runAsNonRoot: false'],
      fixed:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '    securityContext:\n      runAsNonRoot: true\n',
      note: 'a container false overrides the pod true',
    },
    {
      text:
        'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n' +
        '          securityContext: {runAsNonRoot: false}\n          containers:\n          - name: job\n            image: busybox:1.36\n',
      expect: ['runAsNonRoot: false'],
      fixed:
        'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n' +
        '          securityContext: {runAsNonRoot: true}\n          containers:\n          - name: job\n            image: busybox:1.36\n',
      note: 'CronJob nesting, pod-level false inherited',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsUser: 1000\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: ['securityContext'],
      config: { profiles: ['pss-restricted'] },
      fixed:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsUser: 1000\n    runAsNonRoot: true\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      note: 'restricted profile: a non-zero runAsUser is not enough',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsNonRoot: false\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '    securityContext:\n      runAsNonRoot: true\n',
      expect: ['runAsNonRoot: false'],
      config: { profiles: ['pss-restricted'] },
      note: 'restricted profile: admission rejects a pod-level false even when every container overrides it',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsNonRoot: true\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n' +
        '  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: [],
      note: 'pod-level runAsNonRoot is inherited by every container',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      runAsUser: 1000\n',
      expect: [],
      note: 'an explicit non-zero UID is not root (default profile)',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostUsers: false\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: [],
      config: { kubernetesVersion: { major: 1, minor: 35 }, profiles: ['pss-restricted'] },
      note: 'user namespaces relax the control from 1.35',
    },
  ],
  check({ model, config, report }) {
    const restricted = restrictedProfile(config);
    for (const pod of podSpecs(model)) {
      if (userNamespaceRelaxed(pod, config)) continue;
      const file = pod.object.file;
      const podValue = podField(pod, ['runAsNonRoot']);
      const podSetting = booleanSetting(file, podValue);
      // A container with a non-zero UID does not start as root whatever runAsNonRoot says.
      const hasNonRootUser = (container: Container) => {
        const uid = numberSetting(file, effectiveField(container, ['runAsUser']));
        return !restricted && uid.kind === 'set' && uid.value > 0;
      };
      const inheriting: Container[] = [];
      for (const container of pod.containers) {
        const own = containerField(container, ['runAsNonRoot']);
        const setting = booleanSetting(file, own);
        if (setting.kind === 'unknown' || (setting.kind === 'set' && setting.value)) continue;
        if (setting.kind === 'unset') {
          if (podSetting.kind === 'unset' || (podSetting.kind === 'set' && !podSetting.value)) {
            if (!hasNonRootUser(container)) inheriting.push(container);
          }
          continue;
        }
        if (hasNonRootUser(container)) continue;
        report({
          ...fieldSpan(file, own!),
          message: `${describeContainer(container)} sets runAsNonRoot: false and may run as root: set it to true and run the image as a non-root user.`,
          fixes: [setContainerSecurityFix(container, ['runAsNonRoot'], true, 'Set runAsNonRoot: true')],
        });
      }
      const fix = setPodSecurityFix(pod, ['runAsNonRoot'], true, 'Set runAsNonRoot: true for the pod');
      if (podSetting.kind === 'set' && !podSetting.value) {
        if (inheriting.length === 0 && !restricted) continue;
        const who = inheriting.length > 0 ? `${describeContainers(inheriting)} inherit it and may run as root` : 'Pod Security admission (restricted) rejects it even though every container overrides it';
        report({ ...fieldSpan(file, podValue!), message: `${describePod(pod)} sets runAsNonRoot: false: ${who}. Set it to true.`, fixes: [fix] });
      } else if (podSetting.kind === 'unset' && inheriting.length > 0) {
        report({
          ...podSecuritySpan(pod),
          missing: true,
          message: `${describePod(pod)}: ${describeContainers(inheriting)} may run as root (runAsNonRoot is not set): set securityContext.runAsNonRoot: true in the pod spec.`,
          fixes: [fix],
        });
      }
    }
  },
};
