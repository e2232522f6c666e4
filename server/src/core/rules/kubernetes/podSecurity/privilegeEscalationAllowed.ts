import type { KubernetesRule } from '../../../rule';
import { allContainers, containerField, describeContainer, fieldSpan, setContainerSecurityFix } from '../helpers';
import { booleanSetting, containerSecuritySpan, windowsExempt } from './common';

/**
 * `allowPrivilegeEscalation` defaults to true, so setuid binaries and file capabilities can raise a
 * process's privileges; the restricted Pod Security Standard requires it explicitly false.
 */
export const privilegeEscalationAllowed: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/privilege-escalation-allowed',
  title: 'Container may escalate privileges',
  severity: 'warning',
  category: 'privileges',
  equivalents: [
    'polaris:privilegeEscalationAllowed',
    'trivy:KSV-0001',
    'checkov:CKV_K8S_20',
    'kics:privilege_escalation_allowed',
    'pss:allowPrivilegeEscalation',
  ],
  compliance: ['PSS-Restricted-allowPrivilegeEscalation', 'CIS-K8s-1.12-5.2.6', 'NSA-CISA-pod-security', 'CWE-269'],
  pss: [{ level: 'restricted', control: 'allowPrivilegeEscalation' }],
  fixable: true,
  explanation: {
    what:
      'A container (regular, init or ephemeral) does not set `securityContext.allowPrivilegeEscalation: false`. ' +
      'Unset counts as allowed: the field defaults to true. Windows pods (`spec.os.name: windows`) are exempt from Kubernetes 1.25.',
    why:
      'With privilege escalation allowed, the kernel lets a process gain more privileges than its parent (the `no_new_privs` flag ' +
      'is not set): a setuid-root binary or a file with capabilities in the image turns a compromised unprivileged process into root. ' +
      'The restricted Pod Security Standard rejects pods whose containers do not set the field to false.',
    fix: 'Set it in every container:\n\n```yaml\nsecurityContext:\n  allowPrivilegeEscalation: false\n```',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      allowPrivilegeEscalation: true\n',
      expect: ['allowPrivilegeEscalation: true'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      allowPrivilegeEscalation: false\n',
    },
    {
      text:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      initContainers:\n      - name: setup\n        image: busybox:1.36\n' +
        '        securityContext: {runAsNonRoot: true}\n      containers:\n      - name: app\n        image: nginx:1.27\n',
      expect: ['securityContext: {', 'name: app'],
      fixed:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      initContainers:\n      - name: setup\n        image: busybox:1.36\n' +
        '        securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false}\n      containers:\n      - name: app\n        image: nginx:1.27\n' +
        '        securityContext:\n          allowPrivilegeEscalation: false\n',
      note: 'unset in an init container (flow style) and a container without securityContext',
    },
    {
      text: '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"runAsNonRoot": true}}]}}\n',
      fileName: 'pod.json',
      expect: ['"securityContext"'],
      fixed: '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"runAsNonRoot": true, "allowPrivilegeEscalation": false}}]}}\n',
      note: 'JSON',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    allowPrivilegeEscalation: false\n  ephemeralContainers:\n  - name: debug\n    image: busybox:1.36\n    securityContext:\n',
      expect: [{ at: 'securityContext:', nth: 2 }],
      note: 'ephemeral container; the pod-level field does not exist and does not count',
    },
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      allowPrivilegeEscalation: false\n', expect: [] },
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n  os:\n    name: windows\n  containers:\n  - name: app\n    image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n', expect: [], note: 'Windows pods are exempt' },
    { text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  allowPrivilegeEscalation: "true"\n', expect: [], note: 'not a workload' },
  ],
  check({ model, config, report }) {
    for (const container of allContainers(model)) {
      if (windowsExempt(container.pod, config)) continue;
      const file = container.pod.object.file;
      const field = containerField(container, ['allowPrivilegeEscalation']);
      const setting = booleanSetting(file, field);
      if (setting.kind === 'unknown' || (setting.kind === 'set' && setting.value === false)) continue;
      const fix = setContainerSecurityFix(container, ['allowPrivilegeEscalation'], false, 'Set allowPrivilegeEscalation: false');
      if (setting.kind === 'set') {
        report({
          ...fieldSpan(file, field!),
          message: `${describeContainer(container)} allows privilege escalation: set securityContext.allowPrivilegeEscalation: false.`,
          fixes: [fix],
        });
      } else {
        report({
          ...containerSecuritySpan(container),
          missing: true,
          message: `${describeContainer(container)} may escalate privileges (allowPrivilegeEscalation defaults to true): set securityContext.allowPrivilegeEscalation: false.`,
          fixes: [fix],
        });
      }
    }
  },
};
