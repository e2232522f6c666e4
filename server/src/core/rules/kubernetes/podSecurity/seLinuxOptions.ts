import type { KubernetesRule } from '../../../rule';
import type { FieldAt } from '../helpers';
import { kubernetesMinor } from '../../../config';
import { containerField, describeContainer, fieldSpan, podField, podSpecs } from '../helpers';
import { describePod, stringSetting } from './common';

const ALLOWED_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t'];

/** SELinux types the baseline Pod Security Standard allows at a Kubernetes minor version. */
function allowedTypes(minor: number): ReadonlySet<string> {
  return new Set(minor >= 31 ? [...ALLOWED_TYPES, 'container_engine_t'] : ALLOWED_TYPES);
}

/**
 * Custom SELinux options can give a container an unconfined or host domain. The baseline Pod
 * Security Standard allows only the container types and no user or role.
 */
export const seLinuxOptions: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/selinux-options',
  title: 'Custom SELinux user, role or type',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['trivy:KSV-0025', 'pss:seLinuxOptions'],
  compliance: ['PSS-Baseline-seLinuxOptions', 'NSA-CISA-pod-security'],
  pss: [{ level: 'baseline', control: 'seLinuxOptions' }],
  explanation: {
    what:
      '`securityContext.seLinuxOptions` (pod or container) with a `type` other than `container_t`, `container_init_t`, ' +
      '`container_kvm_t` or (from Kubernetes 1.31) `container_engine_t`, or with a non-empty `user` or `role`. `level` is free.',
    why:
      'The SELinux type decides what the container process may touch on the node. A custom type such as `spc_t` or ' +
      '`unconfined_t` runs it outside the container policy, as good as privileged on SELinux hosts; setting the user or role ' +
      'can do the same. The baseline Pod Security Standard rejects them.',
    fix: 'Remove `user`, `role` and custom `type` values; keep only `level` (MCS categories) if you need to separate pods.',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    seLinuxOptions:\n      type: spc_t\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '    securityContext:\n      seLinuxOptions: {user: system_u, role: system_r, level: "s0:c1,c2"}\n',
      expect: ['type: spc_t', 'user: system_u', 'role: system_r'],
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      seLinuxOptions:\n        type: container_engine_t\n',
      expect: ['type: container_engine_t'],
      config: { kubernetesVersion: { major: 1, minor: 30 } },
      note: 'container_engine_t is allowed only from 1.31',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    seLinuxOptions: {level: "s0:c123,c456"}\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '    securityContext:\n      seLinuxOptions:\n        type: container_engine_t\n        user: ""\n',
      expect: [],
    },
  ],
  check({ model, config, report }) {
    const allowed = allowedTypes(kubernetesMinor(config));
    for (const pod of podSpecs(model)) {
      const file = pod.object.file;
      const judge = (field: (path: string[]) => FieldAt | undefined, who: string) => {
        const type = field(['seLinuxOptions', 'type']);
        const typeSetting = stringSetting(file, type);
        if (typeSetting.kind === 'set' && !allowed.has(typeSetting.value)) {
          report({ ...fieldSpan(file, type!), message: `${who} sets SELinux type "${typeSetting.value}": only the container types (container_t, …) keep it confined.` });
        }
        for (const key of ['user', 'role']) {
          const value = field(['seLinuxOptions', key]);
          const setting = stringSetting(file, value);
          if (setting.kind === 'set' && setting.value !== '') {
            report({ ...fieldSpan(file, value!), message: `${who} sets SELinux ${key} "${setting.value}": remove it; Pod Security baseline forbids custom SELinux users and roles.` });
          }
        }
      };
      judge((path) => podField(pod, path), describePod(pod));
      for (const container of pod.containers) judge((path) => containerField(container, path), describeContainer(container));
    }
  },
};
