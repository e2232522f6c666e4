import type { KubernetesRule } from '../../../rule';
import { allContainers, containerField, describeContainer, fieldSpan, removeContainerSecurityFix } from '../helpers';
import { restrictedProfile, stringSetting, userNamespaceRelaxed } from './common';

/**
 * `procMount: Unmasked` exposes the /proc paths the runtime normally masks. Baseline allows any value
 * in a user namespace (`hostUsers: false`) from 1.35; the restricted level (1.35+) never does.
 */
export const procMountUnmasked: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/proc-mount-unmasked',
  title: 'Container unmasks /proc',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['polaris:procMount', 'trivy:KSV-0027', 'kics:container_runs_unmasked', 'kube-linter:unsafe-proc-mount', 'pss:procMount', 'pss:procMount_restricted'],
  compliance: ['PSS-Baseline-procMount', 'PSS-Restricted-procMount_restricted', 'NSA-CISA-pod-security'],
  pss: [
    { level: 'baseline', control: 'procMount' },
    { level: 'restricted', control: 'procMount_restricted', since: 35 },
  ],
  fixable: true,
  explanation: {
    what:
      'A container (regular, init or ephemeral) sets `securityContext.procMount` to anything but `Default` (in practice ' +
      '`Unmasked`). From Kubernetes 1.35 the baseline level allows it in pods with `hostUsers: false`; the restricted level ' +
      '(and the `pss-restricted` profile) still forbids it there.',
    why:
      'The runtime masks and makes read-only parts of /proc and /sys (`/proc/kcore`, `/proc/sysrq-trigger`, `/proc/sys`, …) ' +
      'that leak kernel memory or let a process reconfigure or crash the node. `Unmasked` removes that protection.',
    fix: 'Remove `procMount` (the default is `Default`).',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      procMount: Unmasked\n      runAsNonRoot: true\n',
      expect: ['procMount: Unmasked'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      runAsNonRoot: true\n',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostUsers: false\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n    securityContext: {procMount: Unmasked}\n',
      expect: ['procMount: Unmasked'],
      config: { kubernetesVersion: { major: 1, minor: 35 }, profiles: ['pss-restricted'] },
      note: 'restricted forbids it even in a user namespace',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostUsers: false\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      procMount: Unmasked\n',
      expect: [],
      config: { kubernetesVersion: { major: 1, minor: 35 } },
      note: 'baseline allows it with hostUsers: false from 1.35',
    },
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      procMount: Default\n', expect: [] },
  ],
  check({ model, config, report }) {
    const restricted = restrictedProfile(config);
    for (const container of allContainers(model)) {
      if (userNamespaceRelaxed(container.pod, config) && !restricted) continue;
      const file = container.pod.object.file;
      const field = containerField(container, ['procMount']);
      const setting = stringSetting(file, field);
      if (setting.kind !== 'set' || setting.value === 'Default') continue;
      const where = container.pod.userNamespace ? ' (the restricted level forbids it even with hostUsers: false)' : '';
      report({
        ...fieldSpan(file, field!),
        message: `${describeContainer(container)} sets procMount: ${setting.value}, exposing the /proc paths the runtime masks${where}: remove it.`,
        fixes: [removeContainerSecurityFix(container, ['procMount'], 'Remove procMount')],
      });
    }
  },
};
