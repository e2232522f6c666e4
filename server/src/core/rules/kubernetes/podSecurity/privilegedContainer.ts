import type { KubernetesRule } from '../../../rule';
import { allContainers, containerField, describeContainer, fieldBoolean, fieldSpan, removeContainerSecurityFix } from '../helpers';

/** `securityContext.privileged: true` gives a container every device and capability of the node. */
export const privilegedContainer: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/privileged-container',
  title: 'Privileged container',
  severity: 'error',
  category: 'privileges',
  equivalents: [
    'kube-linter:privileged-container',
    'kube-score:container-security-context-privileged',
    'polaris:runAsPrivileged',
    'trivy:KSV-0017',
    'checkov:CKV_K8S_16',
    'kics:container_is_privileged',
    'pss:privileged',
  ],
  compliance: ['PSS-Baseline-privileged', 'CIS-K8s-1.12-5.2.2', 'NSA-CISA-pod-security', 'CWE-250'],
  pss: [{ level: 'baseline', control: 'privileged' }],
  fixable: true,
  explanation: {
    what: 'A container (regular, init or ephemeral) sets `securityContext.privileged: true`.',
    why:
      'A privileged container runs with every Linux capability, sees every host device and is not confined by seccomp, ' +
      'AppArmor or SELinux: root in it is root on the node. One compromised process can load kernel modules, mount the ' +
      'host disk and take over every other pod scheduled there. The Pod Security Standards forbid it from the baseline level.',
    fix:
      'Remove `privileged: true`. If the workload needs one specific power, grant only that capability ' +
      '(`capabilities: { add: [NET_ADMIN] }`) or a device plugin, and document why.',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      privileged: true\n      runAsNonRoot: true\n',
      expect: ['privileged: true'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      runAsNonRoot: true\n',
    },
    {
      text:
        'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n' +
        '          initContainers:\n          - name: setup\n            image: busybox:1.36\n            securityContext: {privileged: true}\n          containers:\n          - name: app\n            image: busybox:1.36\n',
      expect: ['privileged: true'],
      note: 'CronJob nesting, init container, flow style',
    },
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      privileged: false\n', expect: [] },
    { text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  privileged: "true"\n', expect: [], note: 'not a workload' },
  ],
  check({ model, report }) {
    for (const container of allContainers(model)) {
      const field = containerField(container, ['privileged']);
      if (fieldBoolean(model.file, field) !== true) continue;
      const span = fieldSpan(model.file, field!);
      report({
        ...span,
        message: `${describeContainer(container)} is privileged: root in it is root on the node (every capability, every device, no seccomp/AppArmor).`,
        fixes: [removeContainerSecurityFix(container, ['privileged'], 'Remove privileged: true')],
      });
    }
  },
};
