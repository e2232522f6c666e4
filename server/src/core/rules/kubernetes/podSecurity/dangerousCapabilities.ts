import type { KubernetesRule } from '../../../rule';
import { allContainers, describeContainer, nodeSpan } from '../helpers';
import { capabilityList } from './common';

/** Capabilities that amount to root on the node, or close to it. */
const DANGEROUS: ReadonlyMap<string, string> = new Map([
  ['ALL', 'every capability'],
  ['SYS_ADMIN', 'mount, namespaces, BPF and most of the kernel’s admin interfaces; the classic container escape'],
  ['NET_ADMIN', 'reconfigure interfaces, routes and firewall rules of the pod network'],
  ['SYS_MODULE', 'load kernel modules, i.e. run code in the node’s kernel'],
  ['SYS_PTRACE', 'trace and read the memory of other processes'],
  ['SYS_RAWIO', 'raw I/O on devices and ports'],
  ['SYS_BOOT', 'reboot the node'],
  ['BPF', 'load BPF programs into the kernel'],
  ['PERFMON', 'observe the kernel and other processes through perf events'],
  ['DAC_READ_SEARCH', 'read any file, including through open_by_handle_at (the "shocker" escape)'],
  ['MAC_ADMIN', 'change the AppArmor/SELinux policy'],
  ['MAC_OVERRIDE', 'bypass the AppArmor/SELinux policy'],
]);

export const dangerousCapabilities: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/dangerous-capabilities',
  title: 'Container adds a dangerous capability',
  severity: 'error',
  category: 'privileges',
  equivalents: ['polaris:dangerousCapabilities', 'trivy:KSV-0005', 'trivy:KSV-0120', 'checkov:CKV_K8S_39', 'kics:containers_with_sys_admin_capabilities'],
  compliance: ['PSS-Baseline-capabilities_baseline', 'CIS-K8s-1.12-5.2.9', 'NSA-CISA-pod-security', 'CWE-250'],
  explanation: {
    what:
      'A container (regular, init or ephemeral) adds ALL, SYS_ADMIN, NET_ADMIN, SYS_MODULE, SYS_PTRACE, SYS_RAWIO, SYS_BOOT, ' +
      'BPF, PERFMON, DAC_READ_SEARCH, MAC_ADMIN or MAC_OVERRIDE in `securityContext.capabilities.add` (any case, with or ' +
      'without `CAP_`).',
    why:
      'These capabilities are close to privileged mode: SYS_ADMIN alone allows mounting filesystems and most known container ' +
      'escapes, SYS_MODULE and BPF run code in the kernel, SYS_PTRACE reads other processes, NET_ADMIN rewires the network. ' +
      'A compromise of such a container is a compromise of the node.',
    fix:
      'Remove the capability. If the workload is a node agent that truly needs it, isolate it (dedicated namespace, node pool, ' +
      'strict RBAC) and document the exception with a suppression comment.',
  },
  fixtures: [
    {
      text:
        'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  template:\n    spec:\n      containers:\n      - name: agent\n        image: agent:1.0\n' +
        '        securityContext:\n          capabilities:\n            add: ["sys_admin", CAP_NET_ADMIN, CHOWN]\n',
      expect: ['"sys_admin"', 'CAP_NET_ADMIN'],
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        add:\n',
      expect: [],
      note: 'empty add',
    },
  ],
  check({ model, report }) {
    for (const container of allContainers(model)) {
      for (const item of capabilityList(container, 'add').items) {
        const power = DANGEROUS.get(item.name);
        if (!power) continue;
        report({ ...nodeSpan(item.node), message: `${describeContainer(container)} adds ${item.name} (${power}): remove it; a compromise of this container is a compromise of the node.` });
      }
    }
  },
};
