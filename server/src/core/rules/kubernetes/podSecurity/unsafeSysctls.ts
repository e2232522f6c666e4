import type { KubernetesRule } from '../../../rule';
import { kubernetesMinor } from '../../../config';
import { asMap, getNode, nodeSpan, pairSpan, findPair, podField, podSpecs, seqItems, stringValue } from '../helpers';
import { asSeq } from '../../../documents/yaml';
import { describePod } from './common';

/** The baseline Pod Security Standard's sysctl allow-list, by the Kubernetes minor version that added each entry. */
const SAFE_SYSCTLS: readonly [number, readonly string[]][] = [
  [0, ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start']],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [29, ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  [37, ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];

function safeSysctls(minor: number): ReadonlySet<string> {
  return new Set(SAFE_SYSCTLS.filter(([since]) => since <= minor).flatMap(([, names]) => names));
}

/** Pod sysctls outside the namespaced, isolated allow-list can change the node for every pod on it. */
export const unsafeSysctls: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/unsafe-sysctls',
  title: 'Pod sets an unsafe sysctl',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['trivy:KSV-0026', 'pss:sysctls'],
  compliance: ['PSS-Baseline-sysctls', 'NSA-CISA-pod-security'],
  pss: [{ level: 'baseline', control: 'sysctls' }],
  explanation: {
    what:
      'A name in `spec.securityContext.sysctls` outside the baseline Pod Security Standard’s allow-list for the target ' +
      'Kubernetes version: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, ' +
      'net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start; net.ipv4.ip_local_reserved_ports (1.27); ' +
      'net.ipv4.tcp_keepalive_time/_intvl/_probes and tcp_fin_timeout (1.29); tcp_rmem/tcp_wmem (1.32); ' +
      'tcp_slow_start_after_idle and tcp_notsent_lowat (1.37).',
    why:
      'Sysctls outside that list are either not namespaced (they change the node’s kernel for every pod) or not isolated ' +
      '(one pod can exhaust a shared resource). The kubelet refuses them unless an administrator allowed them with ' +
      '`--allowed-unsafe-sysctls`, and Pod Security admission rejects them from the baseline level.',
    fix: 'Remove the sysctl, or set it on the node (or with a privileged node-tuning DaemonSet owned by the platform team).',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    sysctls:\n    - name: net.ipv4.ip_local_port_range\n      value: "1024 65535"\n' +
        '    - name: kernel.msgmax\n      value: "65536"\n    - {name: net.ipv4.tcp_rmem, value: "4096 87380 16777216"}\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: ['name: kernel.msgmax', 'name: net.ipv4.tcp_rmem'],
      config: { kubernetesVersion: { major: 1, minor: 31 } },
      note: 'tcp_rmem is allowed only from 1.32',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    sysctls:\n    - name: net.ipv4.tcp_keepalive_time\n      value: "600"\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: [],
    },
  ],
  check({ model, config, report }) {
    const safe = safeSysctls(kubernetesMinor(config));
    for (const pod of podSpecs(model)) {
      const { file, document } = pod.object;
      for (const item of seqItems(document, asSeq(podField(pod, ['sysctls'])?.node))) {
        const entry = asMap(item);
        const nameNode = getNode(entry, 'name', document);
        const name = stringValue(file, nameNode);
        if (name === undefined || safe.has(name)) continue;
        const namePair = findPair(entry, 'name');
        report({
          ...(namePair ? pairSpan(file, namePair) : nodeSpan(item)),
          message: `${describePod(pod)} sets sysctl ${name}, which is not in the safe set for Kubernetes 1.${kubernetesMinor(config)}: it can affect the whole node and Pod Security baseline rejects it.`,
        });
      }
    }
  },
};
