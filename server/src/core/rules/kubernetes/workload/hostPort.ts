import type { KubernetesRule } from '../../../rule';
import { removePath } from '../../../documents/yamlEdit';
import { allContainers, describeContainer, pairSpan } from '../helpers';
import { portFields } from './workloadKit';

/** `ports[].hostPort`: the container is published on the node's own address. */
export const hostPort: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/host-port',
  title: 'Container port published on the node (hostPort)',
  severity: 'warning',
  category: 'exposure',
  equivalents: ['polaris:hostPortSet', 'trivy:KSV-0024', 'checkov:CKV_K8S_26', 'kics:workload_host_port_not_specified', 'pss:hostPorts'],
  compliance: ['PSS-Baseline-hostPorts', 'CIS-K8s-1.12-5.2.12', 'NSA-CISA-network-separation', 'CWE-668'],
  pss: [{ level: 'baseline', control: 'hostPorts' }],
  fixable: true,
  explanation: {
    what: 'A container (regular, init or ephemeral) declares a `ports` entry with a non-zero `hostPort`.',
    why:
      "A hostPort opens the port on the node's own network interfaces, outside Services and usually outside NetworkPolicies, " +
      'so the workload becomes reachable by anything that can reach the node. It also limits scheduling to one such pod per ' +
      'node and port. The Pod Security Standards forbid it from the baseline level (0 or unset is allowed).',
    fix: 'Remove `hostPort` and expose the workload with a Service (ClusterIP, or NodePort/LoadBalancer when it must be reachable from outside).',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    ports:\n    - containerPort: 80\n      hostPort: 8080\n',
      expect: ['hostPort: 8080'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    ports:\n    - containerPort: 80\n',
    },
    {
      text:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      initContainers:\n      - name: init\n        image: busybox:1.36\n' +
        '        ports: [{containerPort: 9000, hostPort: 9000}, {containerPort: 9001}]\n      containers:\n      - name: app\n        image: nginx:1.27\n        ports: [{containerPort: 80, hostPort: 0}]\n',
      expect: ['hostPort: 9000'],
      fixed:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      initContainers:\n      - name: init\n        image: busybox:1.36\n' +
        '        ports: [{containerPort: 9000}, {containerPort: 9001}]\n      containers:\n      - name: app\n        image: nginx:1.27\n        ports: [{containerPort: 80, hostPort: 0}]\n',
      note: 'init container, flow style; hostPort 0 is unset',
    },
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    ports:\n    - containerPort: 80\n', expect: [] },
  ],
  check({ model, report }) {
    for (const container of allContainers(model)) {
      const { file, document } = container.pod.object;
      for (const field of portFields(container, 'hostPort')) {
        if (field.value === 0) continue;
        report({
          ...pairSpan(file, field.pair),
          message: `${describeContainer(container)} publishes port ${field.value} on the node's own addresses (hostPort), outside Services and NetworkPolicies. Remove hostPort and use a Service.`,
          fixes: [{ title: 'Remove hostPort', edits: removePath(file, document, field.port, ['hostPort']), isPreferred: true }],
        });
      }
    }
  },
};
