import type { KubernetesRule } from '../../../rule';
import { describeObject, findPair, getSeq, keySpan, podSpecs } from '../helpers';

const pod = (aliases: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${aliases}  containers:\n  - name: app\n    image: app:1.0\n`;

/** hostAliases rewrite the pod's /etc/hosts: name resolution that DNS, policies and audits do not see. */
export const hostAliases: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/host-aliases',
  title: 'Pod overrides /etc/hosts with hostAliases',
  severity: 'info',
  category: 'best-practice',
  enabledByDefault: false,
  equivalents: ['trivy:KSV-0007'],
  compliance: ['CWE-350'],
  explanation: {
    what: 'A pod spec sets `hostAliases`.',
    why:
      'hostAliases write entries into the pod\'s /etc/hosts, so a name resolves differently in this pod than everywhere else. That ' +
      'hides traffic redirection from DNS logs and NetworkPolicy reviews, breaks when the address changes, and is a known way to ' +
      'point a workload at an attacker-controlled host. Off by default; the `strict` profile turns it on.',
    fix: 'Resolve the name through DNS (a Service, an ExternalName Service, or a CoreDNS `hosts` entry) instead of per-pod overrides.',
  },
  fixtures: [
    { text: pod('  hostAliases:\n  - ip: "10.0.0.5"\n    hostnames: ["db.internal"]\n'), expect: ['hostAliases'] },
    { text: pod('  hostAliases: []\n'), expect: [], note: 'empty list' },
    { text: pod(''), expect: [] },
  ],
  check({ model, report }) {
    for (const spec of podSpecs(model)) {
      const pair = findPair(spec.node, 'hostAliases');
      const seq = getSeq(spec.node, 'hostAliases', spec.object.document);
      if (!pair || !seq || seq.items.length === 0) continue;
      report({
        ...keySpan(pair),
        message: `${describeObject(spec.object)} overrides /etc/hosts with hostAliases: names resolve differently in these pods than in DNS. Use a Service or DNS entry instead.`,
      });
    }
  },
};
