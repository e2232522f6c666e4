import type { KubernetesRule } from '../../../rule';
import { allContainers, containerField, describeContainer, fieldSpan, setContainerSecurityFix } from '../helpers';
import { booleanSetting, containerSecuritySpan } from './common';

/** A writable root filesystem lets an intruder drop tools and tamper with the application's own files. */
export const readOnlyRootFilesystem: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/read-only-root-filesystem',
  title: 'Container root filesystem is writable',
  severity: 'warning',
  category: 'privileges',
  equivalents: [
    'polaris:notReadOnlyRootFilesystem',
    'kube-linter:no-read-only-root-fs',
    'kube-score:container-security-context-readonlyrootfilesystem',
    'trivy:KSV-0014',
    'checkov:CKV_K8S_22',
    'kics:root_container_not_mounted_as_read_only',
  ],
  compliance: ['NSA-CISA-pod-security', 'CWE-732'],
  fixable: true,
  explanation: {
    what:
      'A container (regular, init or ephemeral) does not set `securityContext.readOnlyRootFilesystem: true`. The field exists only ' +
      'on containers; a pod-level value is ignored by Kubernetes. Windows pods are skipped (the field does not apply there).',
    why:
      'With a writable root filesystem an attacker who gets code execution can download tools, plant a backdoor in the ' +
      'application’s files or binaries, and make it survive restarts of the process. A read-only root makes the container ' +
      'image immutable at run time; the NSA/CISA hardening guide recommends it for every container.',
    fix:
      'Set it, and give the application writable `emptyDir` volumes for the paths it really writes (`/tmp`, caches):\n\n' +
      '```yaml\nsecurityContext:\n  readOnlyRootFilesystem: true\nvolumeMounts:\n- name: tmp\n  mountPath: /tmp\n```',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      readOnlyRootFilesystem: false\n',
      expect: ['readOnlyRootFilesystem: false'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      readOnlyRootFilesystem: true\n',
    },
    {
      text:
        'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      initContainers:\n      - name: init\n        image: busybox:1.36\n' +
        '        securityContext: {}\n      containers:\n      - name: db\n        image: postgres:16\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\n',
      expect: ['securityContext: {}', 'name: db\n        image'],
      fixed:
        'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      initContainers:\n      - name: init\n        image: busybox:1.36\n' +
        '        securityContext: {readOnlyRootFilesystem: true}\n      containers:\n      - name: db\n        image: postgres:16\n' +
        '        securityContext:\n          readOnlyRootFilesystem: true\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\n',
      note: 'multi-document, empty flow securityContext, init container',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    readOnlyRootFilesystem: true\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '    securityContext:\n      readOnlyRootFilesystem: true\n',
      expect: [],
    },
  ],
  check({ model, report }) {
    for (const container of allContainers(model)) {
      if (container.pod.windows) continue;
      const file = container.pod.object.file;
      const field = containerField(container, ['readOnlyRootFilesystem']);
      const setting = booleanSetting(file, field);
      if (setting.kind === 'unknown' || (setting.kind === 'set' && setting.value)) continue;
      const fixes = [setContainerSecurityFix(container, ['readOnlyRootFilesystem'], true, 'Set readOnlyRootFilesystem: true')];
      if (setting.kind === 'set') {
        report({ ...fieldSpan(file, field!), message: `${describeContainer(container)} has a writable root filesystem: set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes where it must write.`, fixes });
      } else {
        report({
          ...containerSecuritySpan(container),
          missing: true,
          message: `${describeContainer(container)} does not set readOnlyRootFilesystem: true, so its root filesystem is writable; set it and mount emptyDir volumes where it must write.`,
          fixes,
        });
      }
    }
  },
};
