import type { KubernetesRule } from '../../../rule';
import { allContainers, describeContainer, pairSpan } from '../helpers';
import { portFields } from './workloadKit';

/** `containerPort` below 1024: the process must bind a privileged port. */
export const privilegedPort: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/privileged-port',
  title: 'Container listens on a privileged port (< 1024)',
  severity: 'info',
  category: 'privileges',
  equivalents: ['kube-linter:privileged-ports', 'trivy:KSV-0117'],
  compliance: ['CWE-250'],
  enabledByDefault: false,
  fixable: false,
  explanation: {
    what: 'A container declares a `containerPort` between 1 and 1023.',
    why:
      'Binding a port below 1024 traditionally needs root or the NET_BIND_SERVICE capability, which pushes images to run as ' +
      'root or keep a capability the restricted profile would otherwise drop. Off by default: many runtimes now allow ' +
      'unprivileged binding inside the container (`net.ipv4.ip_unprivileged_port_start=0`), and 80/443 are common.',
    fix: 'Listen on a high port (8080, 8443) in the container and map the well-known port in the Service (`port: 80`, `targetPort: 8080`).',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    ports:\n    - containerPort: 80\n    - containerPort: 8443\n',
      expect: ['containerPort: 80'],
    },
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    ports:\n    - containerPort: 8080\n      name: http\n', expect: [] },
  ],
  check({ model, report }) {
    for (const container of allContainers(model)) {
      for (const field of portFields(container, 'containerPort')) {
        if (field.value < 1 || field.value >= 1024) continue;
        report({
          ...pairSpan(container.pod.object.file, field.pair),
          message: `${describeContainer(container)} listens on privileged port ${field.value}, which needs root or NET_BIND_SERVICE. Listen on a port ≥ 1024 and map it in the Service.`,
        });
      }
    }
  },
};
