import type { KubernetesRule } from '../../../rule';
import { containerField, describeContainer, fieldSpan, podField, podSpecs } from '../helpers';
import { describePod, numberSetting, userNamespaceRelaxed } from './common';

/** An explicit `runAsUser: 0` runs the container as root whatever the image says. */
export const runAsUserRoot: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/run-as-user-root',
  title: 'Container runs as UID 0',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['trivy:KSV-0105', 'pss:runAsUser'],
  compliance: ['PSS-Restricted-runAsUser', 'CIS-K8s-1.12-5.2.7', 'NSA-CISA-pod-security', 'CWE-250'],
  pss: [{ level: 'restricted', control: 'runAsUser', since: 23 }],
  explanation: {
    what:
      '`securityContext.runAsUser: 0` on the pod or on a container (regular, init or ephemeral). The restricted Pod Security ' +
      'Standard forbids it from Kubernetes 1.23; pods with `hostUsers: false` are exempt from 1.35.',
    why:
      'UID 0 is root: it owns every file of the container and keeps whatever capabilities the runtime grants, so a compromise ' +
      'of the process is a compromise of root, one kernel or runtime bug away from the node. Set explicitly, it also overrides ' +
      'a non-root `USER` in the image and defeats `runAsNonRoot: true` (the kubelet then refuses to start the container).',
    fix: 'Use a non-zero UID that exists in the image (or remove the field and give the image a non-root `USER`):\n\n```yaml\nsecurityContext:\n  runAsUser: 10001\n  runAsNonRoot: true\n```',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsUser: 0\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n' +
        '    securityContext: {runAsUser: 0}\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: ['runAsUser: 0', { at: 'runAsUser: 0', nth: 2 }],
      note: 'pod level and init container',
    },
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      runAsUser: 1000\n', expect: [] },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostUsers: false\n  securityContext:\n    runAsUser: 0\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: [],
      config: { kubernetesVersion: { major: 1, minor: 35 } },
      note: 'root in a user namespace is allowed from 1.35',
    },
  ],
  check({ model, config, report }) {
    for (const pod of podSpecs(model)) {
      if (userNamespaceRelaxed(pod, config)) continue;
      const file = pod.object.file;
      const podUser = podField(pod, ['runAsUser']);
      const podSetting = numberSetting(file, podUser);
      if (podSetting.kind === 'set' && podSetting.value === 0) {
        report({ ...fieldSpan(file, podUser!), message: `${describePod(pod)} runs its containers as root (runAsUser: 0): use a non-zero UID.` });
      }
      for (const container of pod.containers) {
        const own = containerField(container, ['runAsUser']);
        const setting = numberSetting(file, own);
        if (setting.kind === 'set' && setting.value === 0) {
          report({ ...fieldSpan(file, own!), message: `${describeContainer(container)} runs as root (runAsUser: 0): use a non-zero UID.` });
        }
      }
    }
  },
};
