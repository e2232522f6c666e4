import type { KubernetesRule } from '../../../rule';
import { describeObject, findPair, getMap, objectsOfKind, pairSpan, stringValue } from '../helpers';

const service = (type: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ${type}\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n`;

/** A NodePort Service listens on every node's address, next to the ingress path rather than through it. */
export const serviceNodePort: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/service-nodeport',
  title: 'Service of type NodePort',
  severity: 'info',
  category: 'exposure',
  equivalents: ['kube-score:service-type', 'kics:service_type_is_nodeport', 'kube-linter:exposed-services'],
  compliance: ['NSA-CISA-network-separation'],
  explanation: {
    what: 'A Service sets `spec.type: NodePort`.',
    why:
      'A NodePort opens the same port (30000–32767) on every node, on every node address, for traffic from anywhere the nodes are ' +
      'reachable. It bypasses the ingress controller (TLS, authentication, WAF, rate limits) and is easy to expose by accident when ' +
      'node firewalls are permissive.',
    fix: 'Use `type: ClusterIP` and publish the service through an Ingress or Gateway; if a NodePort is required, restrict node firewall rules to the sources that need it.',
  },
  fixtures: [
    { text: service('NodePort'), expect: ['type: NodePort'] },
    { text: '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"type": "NodePort", "ports": [{"port": 80}]}}\n', expect: ['"type": "NodePort"'], note: 'JSON' },
    { text: service('ClusterIP'), expect: [] },
    { text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  type: NodePort\n', expect: [] },
  ],
  check({ model, report }) {
    for (const object of objectsOfKind(model, 'Service')) {
      const typePair = findPair(getMap(object.node, 'spec', object.document), 'type');
      if (!typePair || stringValue(object.file, typePair.value) !== 'NodePort') continue;
      report({
        ...pairSpan(object.file, typePair),
        message: `${describeObject(object)} is a NodePort: it listens on every node's address, outside the ingress path. Use ClusterIP behind an Ingress or Gateway.`,
      });
    }
  },
};
