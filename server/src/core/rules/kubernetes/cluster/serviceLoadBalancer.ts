import type { KubernetesRule } from '../../../rule';
import { describeObject, findPair, getMap, getSeq, objectsOfKind, pairSpan, seqItems, stringValue, type KubernetesObject } from '../helpers';

/** Annotations that make a cloud provider create an internal (private) load balancer. */
const INTERNAL_ANNOTATIONS: readonly [string, RegExp][] = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', /^(true|0\.0\.0\.0\/0)$/i],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', /^internal$/i],
  ['networking.gke.io/load-balancer-type', /^internal$/i],
  ['cloud.google.com/load-balancer-type', /^internal$/i],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', /^true$/i],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', /^true$/i],
  ['service.beta.kubernetes.io/openstack-internal-load-balancer', /^true$/i],
  ['service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', /^private$/i],
  ['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type', /^intranet$/i],
];

function isInternal(object: KubernetesObject): boolean {
  return INTERNAL_ANNOTATIONS.some(([key, value]) => value.test(object.annotations.get(key) ?? ''));
}

/** `loadBalancerSourceRanges` that do not include the whole Internet. */
function restrictedSources(object: KubernetesObject): boolean {
  const spec = getMap(object.node, 'spec', object.document);
  const ranges = seqItems(object.document, getSeq(spec, 'loadBalancerSourceRanges', object.document)).map((r) => stringValue(object.file, r));
  if (ranges.length === 0 || ranges.includes(undefined)) return false;
  return !ranges.some((r) => r === '0.0.0.0/0' || r === '::/0');
}

const service = (annotations: string, extra = '') =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n${annotations}spec:\n  type: LoadBalancer\n${extra}  ports:\n  - port: 443\n`;

/** A LoadBalancer Service gets a public address unless the cloud is told otherwise. */
export const serviceLoadBalancer: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/service-loadbalancer',
  title: 'Service exposed through an external load balancer',
  severity: 'info',
  category: 'exposure',
  equivalents: ['kics:service_with_external_load_balancer', 'kube-linter:exposed-services'],
  compliance: ['NSA-CISA-network-separation'],
  explanation: {
    what:
      'A Service sets `spec.type: LoadBalancer` without an internal-load-balancer annotation (AWS, GKE, Azure, OCI, OpenStack, IBM, ' +
      'Alibaba) and without `loadBalancerSourceRanges` that exclude the Internet.',
    why:
      'On most clouds a LoadBalancer Service gets a public IP address that forwards straight to the pods, bypassing the ingress ' +
      'controller and its TLS, authentication and rate limits. That is right for a deliberate public endpoint and a leak for an ' +
      'internal one (databases, admin APIs).',
    fix:
      'If the service is internal, add your provider\'s annotation (e.g. `networking.gke.io/load-balancer-type: Internal`, ' +
      '`service.beta.kubernetes.io/aws-load-balancer-scheme: internal`) or restrict `loadBalancerSourceRanges`; if it is public, ' +
      'consider an Ingress/Gateway instead.',
  },
  fixtures: [
    { text: service(''), expect: ['type: LoadBalancer'] },
    { text: service('  annotations:\n    networking.gke.io/load-balancer-type: "Internal"\n'), expect: [], note: 'internal load balancer' },
    { text: service('', '  loadBalancerSourceRanges:\n  - 10.0.0.0/8\n'), expect: [], note: 'restricted sources' },
    { text: service('', '  loadBalancerSourceRanges: ["0.0.0.0/0"]\n'), expect: ['type: LoadBalancer'], note: 'source range is the Internet' },
  ],
  check({ model, report }) {
    for (const object of objectsOfKind(model, 'Service')) {
      const typePair = findPair(getMap(object.node, 'spec', object.document), 'type');
      if (!typePair || stringValue(object.file, typePair.value) !== 'LoadBalancer') continue;
      if (isInternal(object) || restrictedSources(object)) continue;
      report({
        ...pairSpan(object.file, typePair),
        message:
          `${describeObject(object)} is a LoadBalancer with no internal-load-balancer annotation or source ranges: most clouds give it a public address. ` +
          'Mark it internal, restrict loadBalancerSourceRanges, or publish it through an Ingress/Gateway.',
      });
    }
  },
};
