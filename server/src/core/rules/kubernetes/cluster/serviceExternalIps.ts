import type { KubernetesRule } from '../../../rule';
import { describeObject, findPair, getMap, getSeq, keySpan, objectsOfKind, seqItems, stringValue } from '../helpers';

const service = (ips: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n${ips}`;

/** externalIPs make kube-proxy capture traffic for any address, which is how CVE-2020-8554 works. */
export const serviceExternalIps: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/service-external-ips',
  title: 'Service sets externalIPs',
  severity: 'warning',
  category: 'exposure',
  equivalents: ['trivy:KSV-0108'],
  compliance: ['NSA-CISA-network-separation', 'CWE-923'],
  explanation: {
    what: 'A Service lists addresses in `spec.externalIPs`.',
    why:
      'kube-proxy on every node captures traffic to an externalIP and sends it to the Service\'s pods, whoever owns that address. ' +
      'Anyone who can create Services can therefore intercept traffic meant for another address inside the cluster ' +
      '(CVE-2020-8554, unfixed by design). Clusters should block the field with the DenyServiceExternalIPs admission plugin or a ' +
      'policy, and manifests should not depend on it.',
    fix: 'Use `type: LoadBalancer` (with your provider\'s address annotations) or an Ingress/Gateway instead of `externalIPs`.',
  },
  fixtures: [
    { text: service('  externalIPs:\n  - 203.0.113.10\n'), expect: ['externalIPs'] },
    { text: service('  externalIPs: []\n'), expect: [], note: 'empty list' },
    { text: service(''), expect: [] },
  ],
  check({ model, report }) {
    for (const object of objectsOfKind(model, 'Service')) {
      const spec = getMap(object.node, 'spec', object.document);
      const pair = findPair(spec, 'externalIPs');
      const seq = getSeq(spec, 'externalIPs', object.document);
      if (!pair || !seq || seq.items.length === 0) continue;
      const addresses = seqItems(object.document, seq).map((n) => stringValue(object.file, n) ?? '…');
      report({
        ...keySpan(pair),
        message:
          `${describeObject(object)} claims externalIPs ${addresses.slice(0, 3).join(', ')}${addresses.length > 3 ? ', …' : ''}: kube-proxy on every node ` +
          'captures traffic to those addresses (CVE-2020-8554). Use a LoadBalancer or an Ingress/Gateway instead.',
      });
    }
  },
};
