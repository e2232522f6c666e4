import type { KubernetesRule } from '../../../rule';
import {
  asMap, describeObject, findPair, getMap, getNode, getSeq, keySpan, objectAnchor, objectsOfKind, pairSpan, seqItems, stringValue,
  type KubernetesObject,
} from '../helpers';

/** Annotations with which cloud ingress controllers terminate TLS without `spec.tls`. */
const TLS_ELSEWHERE: readonly [string, RegExp][] = [
  ['alb.ingress.kubernetes.io/certificate-arn', /\S/],
  ['alb.ingress.kubernetes.io/listen-ports', /HTTPS/i],
  ['networking.gke.io/pre-shared-cert', /\S/],
  ['ingress.gcp.kubernetes.io/pre-shared-cert', /\S/],
  ['networking.gke.io/managed-certificates', /\S/],
  ['appgw.ingress.kubernetes.io/appgw-ssl-certificate', /\S/],
  ['kubernetes.io/ingress.allow-http', /^false$/i],
];

function tlsElsewhere(object: KubernetesObject): boolean {
  return TLS_ELSEWHERE.some(([key, value]) => value.test(object.annotations.get(key) ?? ''));
}

function covers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  // `*.example.com` covers exactly one more label, as in TLS certificates.
  return pattern.startsWith('*.') && host.endsWith(pattern.slice(1)) && !host.slice(0, host.length - pattern.length + 1).includes('.');
}

const ingress = (tls: string, host = 'shop.example.com') =>
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\nspec:\n${tls}  rules:\n  - host: ${host}\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: shop\n            port:\n              number: 80\n`;

/** An Ingress without TLS serves its hosts over plain HTTP: credentials and cookies cross the network in clear text. */
export const ingressWithoutTls: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/ingress-without-tls',
  title: 'Ingress without TLS',
  severity: 'warning',
  category: 'exposure',
  equivalents: ['polaris:tlsSettingsMissing'],
  compliance: ['NSA-CISA-network-separation', 'CWE-319'],
  explanation: {
    what:
      'An Ingress has no `spec.tls` section, or names a host in `rules` that none of its `tls` entries covers. Ingresses whose ' +
      'controller terminates TLS through annotations (AWS ALB certificate ARN, GKE pre-shared or managed certificates, Azure ' +
      'Application Gateway certificate, `kubernetes.io/ingress.allow-http: "false"`) are not flagged.',
    why: 'Without TLS the controller serves the hosts over plain HTTP: passwords, session cookies and API tokens cross the network readable and modifiable by anyone on the path.',
    fix:
      'Add a `tls` entry for every host, with a certificate Secret (cert-manager can issue it):\n\n```yaml\nspec:\n  tls:\n  - hosts: [shop.example.com]\n    secretName: shop-tls\n```',
  },
  fixtures: [
    { text: ingress(''), expect: ['spec:'] },
    { text: ingress('  tls:\n  - hosts: ["*.example.com"]\n    secretName: wildcard-tls\n'), expect: [] },
    { text: ingress('  tls:\n  - hosts: [www.example.com]\n    secretName: www-tls\n'), expect: ['host: shop.example.com'], note: 'host not covered by any tls entry' },
    { text: ingress('', 'a.shop.example.com').replace('  name: shop\n', '  name: shop\n  annotations:\n    alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-1:123456789012:certificate/abc\n'), expect: [], note: 'TLS terminated by the ALB' },
    { text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n', expect: [] },
  ],
  check({ model, report }) {
    for (const object of objectsOfKind(model, 'Ingress')) {
      if (tlsElsewhere(object)) continue;
      const { file, document } = object;
      const specPair = findPair(object.node, 'spec');
      const spec = getMap(object.node, 'spec', document);
      const tlsNode = getNode(spec, 'tls', document);
      const tls = seqItems(document, getSeq(spec, 'tls', document)).flatMap((t) => asMap(t) ?? []);
      if (tlsNode !== undefined && tlsNode !== null && !getSeq(spec, 'tls', document)) continue;
      if (tls.length === 0) {
        report({
          ...(specPair ? keySpan(specPair) : objectAnchor(object)),
          missing: true,
          message: `${describeObject(object)} has no tls section: its hosts are served over plain HTTP. Add spec.tls with a certificate Secret for every host.`,
        });
        continue;
      }
      const patterns: string[] = [];
      let coversAll = false;
      for (const entry of tls) {
        const hosts = getSeq(entry, 'hosts', document);
        if (!hosts) {
          // A tls entry without hosts applies the certificate to every host of the Ingress.
          coversAll = true;
          continue;
        }
        for (const host of seqItems(document, hosts)) {
          const value = stringValue(file, host);
          if (value === undefined) coversAll = true;
          else patterns.push(value.toLowerCase());
        }
      }
      if (coversAll) continue;
      for (const rule of seqItems(document, getSeq(spec, 'rules', document))) {
        const hostPair = findPair(asMap(rule), 'host');
        const host = stringValue(file, hostPair?.value)?.toLowerCase();
        if (!hostPair || host === undefined || patterns.some((p) => covers(p, host))) continue;
        report({
          ...pairSpan(file, hostPair),
          message: `${describeObject(object)} serves host "${host}" without TLS: no tls entry lists it. Add it to spec.tls[].hosts with a certificate that covers it.`,
        });
      }
    }
  },
};
