import type { KubernetesRule, OffsetFix } from '../../../rule';
import { appendItem } from '../../../documents/yamlEdit';
import { allContainers, containerField, describeContainer, keySpan, nodeSpan, setContainerSecurityFix } from '../helpers';
import { capabilityList, containerSecuritySpan } from './common';

/**
 * NET_RAW is in the runtime's default set: unless dropped (by name or with ALL) every container
 * can craft raw packets. Adding it back explicitly is reported too, since `add` wins over `drop`.
 * Off by default: kubernetes/capabilities-not-dropped already reports every container that keeps it.
 */
export const netRawNotDropped: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/net-raw-not-dropped',
  title: 'Container keeps the NET_RAW capability',
  severity: 'warning',
  category: 'privileges',
  enabledByDefault: false,
  equivalents: ['kube-linter:drop-net-raw-capability', 'checkov:CKV_K8S_28', 'kics:net_raw_capabilities_not_being_dropped'],
  compliance: ['CIS-K8s-1.12-5.2.8', 'NSA-CISA-pod-security'],
  fixable: true,
  explanation: {
    what:
      'A container (regular, init or ephemeral) whose `securityContext.capabilities.drop` contains neither NET_RAW nor ALL, ' +
      'or that adds NET_RAW back. Off by default because `kubernetes/capabilities-not-dropped` (drop ALL) covers it; turn it ' +
      'on when you only enforce the NET_RAW part (CIS 5.2.8). Windows pods are skipped.',
    why:
      'NET_RAW lets a process open raw and packet sockets: it can forge packets with any source address, spoof ARP and DNS ' +
      'answers to other pods on the same node, and sniff traffic. Only tools like `ping` need it, and modern kernels let ' +
      'unprivileged ping work without it.',
    fix: '```yaml\nsecurityContext:\n  capabilities:\n    drop: [NET_RAW]   # or better: [ALL]\n```',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      runAsNonRoot: true\n',
      expect: ['securityContext'],
      fixed:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      runAsNonRoot: true\n' +
        '      capabilities:\n        drop:\n        - NET_RAW\n',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: [SYS_ADMIN]\n',
      expect: ['drop: [SYS'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: [SYS_ADMIN, NET_RAW]\n',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: ping\n    image: busybox:1.36\n    securityContext:\n      capabilities:\n        drop: [ALL]\n        add: [NET_RAW]\n',
      expect: ['NET_RAW]'],
      note: 'NET_RAW added back after drop ALL (add wins); no automatic fix',
    },
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: [cap_net_raw]\n', expect: [] },
  ],
  check({ model, report }) {
    for (const container of allContainers(model)) {
      if (container.pod.windows) continue;
      const { file } = container.pod.object;
      const added = capabilityList(container, 'add').items.find((item) => item.name === 'NET_RAW' || item.name === 'ALL');
      if (added) {
        report({ ...nodeSpan(added.node), message: `${describeContainer(container)} adds ${added.name === 'ALL' ? 'ALL capabilities, NET_RAW included' : 'NET_RAW'}: remove it unless it must craft raw packets.` });
        continue;
      }
      const drop = capabilityList(container, 'drop');
      if (drop.unknown || drop.items.some((item) => item.name === 'NET_RAW' || item.name === 'ALL')) continue;
      const fix: OffsetFix = drop.seq
        ? { title: 'Add NET_RAW to capabilities.drop', edits: appendItem(file, drop.seq, 'NET_RAW'), isPreferred: true }
        : setContainerSecurityFix(container, ['capabilities', 'drop'], ['NET_RAW'], 'Drop NET_RAW');
      const message = `${describeContainer(container)} keeps NET_RAW (raw sockets: packet spoofing and sniffing): add NET_RAW or ALL to securityContext.capabilities.drop.`;
      if (drop.seq && drop.pair) {
        report({ ...keySpan(drop.pair), message, fixes: [fix] });
        continue;
      }
      const capabilitiesPair = containerField(container, ['capabilities'])?.pair;
      report({ ...(drop.pair ? keySpan(drop.pair) : capabilitiesPair ? keySpan(capabilitiesPair) : containerSecuritySpan(container)), missing: true, message, fixes: [fix] });
    }
  },
};
