import type { KubernetesRule } from '../../../rule';
import { containerField, describeContainer, fieldSpan, podField, podSpecs, removeContainerSecurityFix, removePodFieldFix } from '../helpers';
import { booleanSetting, describePod } from './common';

/** A Windows HostProcess container runs directly on the node as a host process: privileged in all but name. */
export const windowsHostProcess: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/windows-host-process',
  title: 'Windows HostProcess container',
  severity: 'error',
  category: 'privileges',
  equivalents: ['polaris:hostProcess', 'trivy:KSV-0103', 'pss:windowsHostProcess'],
  compliance: ['PSS-Baseline-windowsHostProcess', 'CIS-K8s-1.12-5.2.10', 'NSA-CISA-pod-security', 'CWE-250'],
  pss: [{ level: 'baseline', control: 'windowsHostProcess' }],
  fixable: true,
  explanation: {
    what: '`securityContext.windowsOptions.hostProcess: true` on the pod or on a container (regular, init or ephemeral).',
    why:
      'A HostProcess container is not isolated at all: it runs as a process on the Windows node, in the host network, with ' +
      'access to the host filesystem and, typically, as SYSTEM or an administrator. It is the Windows equivalent of a ' +
      'privileged container; the baseline Pod Security Standard forbids it.',
    fix: 'Remove `hostProcess: true`. Node-management agents that need it belong in a dedicated, tightly controlled namespace.',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n  securityContext:\n    windowsOptions:\n      hostProcess: true\n      runAsUserName: "NT AUTHORITY\\\\SYSTEM"\n  hostNetwork: true\n' +
        '  containers:\n  - name: agent\n    image: agent:1.0\n    securityContext:\n      windowsOptions: {hostProcess: true}\n',
      expect: ['hostProcess: true', { at: 'hostProcess: true', nth: 2 }],
      fixed:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n  securityContext:\n    windowsOptions:\n      runAsUserName: "NT AUTHORITY\\\\SYSTEM"\n  hostNetwork: true\n' +
        '  containers:\n  - name: agent\n    image: agent:1.0\n',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n  containers:\n  - name: app\n    image: app:1.0\n    securityContext:\n      windowsOptions:\n        hostProcess: false\n',
      expect: [],
    },
  ],
  check({ model, report }) {
    for (const pod of podSpecs(model)) {
      const file = pod.object.file;
      const podValue = podField(pod, ['windowsOptions', 'hostProcess']);
      const podSetting = booleanSetting(file, podValue);
      if (podSetting.kind === 'set' && podSetting.value) {
        report({
          ...fieldSpan(file, podValue!),
          message: `${describePod(pod)} runs its containers as Windows HostProcess containers: they run unisolated on the node. Remove hostProcess: true.`,
          fixes: [removePodFieldFix(pod, ['securityContext', 'windowsOptions', 'hostProcess'], 'Remove hostProcess: true')],
        });
      }
      for (const container of pod.containers) {
        const field = containerField(container, ['windowsOptions', 'hostProcess']);
        const setting = booleanSetting(file, field);
        if (setting.kind !== 'set' || !setting.value) continue;
        report({
          ...fieldSpan(file, field!),
          message: `${describeContainer(container)} is a Windows HostProcess container: it runs unisolated on the node. Remove hostProcess: true.`,
          fixes: [removeContainerSecurityFix(container, ['windowsOptions', 'hostProcess'], 'Remove hostProcess: true')],
        });
      }
    }
  },
};
