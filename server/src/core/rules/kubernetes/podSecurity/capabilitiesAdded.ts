import type { KubernetesRule } from '../../../rule';
import { kubernetesMinor } from '../../../config';
import { replaceScalar } from '../../../documents/yamlEdit';
import { allContainers, describeContainer, nodeSpan } from '../helpers';
import { BASELINE_CAPABILITIES, capabilityList, pssProfile, restrictedProfile, windowsExempt } from './common';

const RESTRICTED_CAPABILITIES: ReadonlySet<string> = new Set(['NET_BIND_SERVICE']);

/**
 * Capabilities added beyond what the level allows: the runtime's default set (baseline) normally,
 * only NET_BIND_SERVICE under the `pss-restricted` profile from 1.22 (Windows pods exempt from 1.25).
 * Names are normalised as the runtime reads them, except under a PSS profile, where admission
 * compares them exactly (`chown` and `CAP_CHOWN` are rejected there).
 */
export const capabilitiesAdded: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/capabilities-added',
  title: 'Container adds capabilities beyond the allowed set',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['trivy:KSV-0022', 'checkov:CKV_K8S_25', 'kics:containers_with_added_capabilities', 'pss:capabilities_baseline', 'pss:capabilities_restricted'],
  compliance: ['PSS-Baseline-capabilities_baseline', 'PSS-Restricted-capabilities_restricted', 'CIS-K8s-1.12-5.2.9', 'NSA-CISA-pod-security', 'CWE-250'],
  pss: [
    { level: 'baseline', control: 'capabilities_baseline' },
    { level: 'restricted', control: 'capabilities_restricted', since: 22 },
  ],
  fixable: true,
  explanation: {
    what:
      'A container (regular, init or ephemeral) lists in `securityContext.capabilities.add` a capability outside the runtime’s ' +
      'default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, ' +
      'SETUID, SYS_CHROOT), which is what the baseline Pod Security Standard allows. Under the `pss-restricted` profile only ' +
      'NET_BIND_SERVICE may be added (Windows pods exempt from 1.25), and under any PSS profile names must be spelled exactly ' +
      'as admission expects (upper case, no `CAP_` prefix).',
    why:
      'Every added capability is a piece of root handed to the process. Capabilities outside the default set (NET_RAW, ' +
      'NET_ADMIN, SYS_ADMIN, SYS_PTRACE, SYS_MODULE, BPF, …) allow network spoofing, reading other processes’ memory, loading ' +
      'kernel modules or escaping the container. Pod Security admission rejects such pods from the baseline level.',
    fix:
      'Remove the capability, or replace it with a narrower mechanism (a sidecar, a device plugin, an init container run by ' +
      'the platform). Under PSS, write names exactly: `CHOWN`, not `chown` or `CAP_CHOWN`.',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n' +
        '        add: [NET_BIND_SERVICE, cap_net_raw]\n',
      expect: ['cap_net_raw'],
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n    securityContext:\n      capabilities:\n' +
        '        add:\n        - chown\n        - CAP_SETUID\n',
      expect: ['chown', 'CAP_SETUID'],
      config: { profiles: ['pss-baseline'] },
      fixed:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n    securityContext:\n      capabilities:\n' +
        '        add:\n        - CHOWN\n        - SETUID\n',
      note: 'admission compares names exactly',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n' +
        '        drop: [ALL]\n        add: [NET_BIND_SERVICE, CHOWN]\n',
      expect: ['CHOWN'],
      config: { profiles: ['pss-restricted'] },
      note: 'restricted: only NET_BIND_SERVICE',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n' +
        '        drop: [ALL]\n        add: [NET_BIND_SERVICE, chown]\n',
      expect: [],
      note: 'the default set, any spelling, without a PSS profile',
    },
  ],
  check({ model, config, report }) {
    const exact = pssProfile(config);
    const restrictedLevel = restrictedProfile(config) && kubernetesMinor(config) >= 22;
    for (const container of allContainers(model)) {
      const restricted = restrictedLevel && !windowsExempt(container.pod, config);
      const allowed = restricted ? RESTRICTED_CAPABILITIES : BASELINE_CAPABILITIES;
      const { file } = container.pod.object;
      for (const item of capabilityList(container, 'add').items) {
        if (allowed.has(exact ? item.raw : item.name)) continue;
        if (allowed.has(item.name)) {
          report({
            ...nodeSpan(item.node),
            message: `${describeContainer(container)} adds "${item.raw}": Pod Security admission compares capability names exactly and rejects it; write ${item.name}.`,
            fixes: [{ title: `Write ${item.name}`, edits: replaceScalar(file, item.node, item.name), isPreferred: true }],
          });
          continue;
        }
        const why = restricted && BASELINE_CAPABILITIES.has(item.name)
          ? 'the restricted Pod Security Standard allows adding only NET_BIND_SERVICE'
          : 'it is outside the default set the baseline Pod Security Standard allows';
        report({ ...nodeSpan(item.node), message: `${describeContainer(container)} adds capability ${item.name}: ${why}. Remove it unless the workload truly needs it.` });
      }
    }
  },
};
