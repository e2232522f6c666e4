import type { KubernetesRule } from '../../../rule';
import { removePath } from '../../../documents/yamlEdit';
import { allContainers, deref, describeContainer, findPair, pairSpan, stringValue } from '../helpers';
import { networkHandlers } from './workloadKit';

/** `httpGet.host` / `tcpSocket.host` in probes and lifecycle hooks: the kubelet connects wherever the pod says. */
export const probeHost: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/probe-host',
  title: 'Probe or lifecycle hook targets another host',
  severity: 'warning',
  category: 'exposure',
  equivalents: ['pss:hostProbesAndHostLifecycle'],
  compliance: ['PSS-Baseline-hostProbesAndHostLifecycle', 'NSA-CISA-pod-security', 'CWE-918'],
  pss: [{ level: 'baseline', control: 'hostProbesAndHostLifecycle', since: 34 }],
  fixable: true,
  explanation: {
    what:
      'A liveness, readiness or startup probe, or a postStart/preStop hook, of any container sets `httpGet.host` or ' +
      '`tcpSocket.host` to a non-empty value.',
    why:
      "The kubelet runs these checks from the node, with the node's network access. A `host` lets the pod author point it at " +
      'any address the node can reach (127.0.0.1 services on the node, cloud metadata endpoints, other tenants): a ' +
      'server-side request forgery through the kubelet. The Pod Security Standards forbid it at the baseline level from Kubernetes 1.34.',
    fix: "Remove `host`: the kubelet then connects to the pod's own IP, which is what a health check should test.",
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    livenessProbe:\n      httpGet:\n        host: 127.0.0.1\n        port: 8080\n' +
        '    lifecycle:\n      preStop:\n        tcpSocket: {host: "10.0.0.1", port: 80}\n',
      expect: ['host: 127.0.0.1', 'host: "10.0.0.1"'],
      fixed:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    livenessProbe:\n      httpGet:\n        port: 8080\n' +
        '    lifecycle:\n      preStop:\n        tcpSocket: {port: 80}\n',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: proxy\n    image: envoyproxy/envoy:v1.31.0\n    restartPolicy: Always\n' +
        '    readinessProbe:\n      tcpSocket:\n        host: ::1\n        port: 9901\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: ['host: ::1'],
      note: 'native sidecar',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    livenessProbe:\n      httpGet:\n        host: ""\n        port: 8080\n' +
        '    readinessProbe:\n      httpGet:\n        port: 8080\n        httpHeaders:\n        - name: Host\n          value: example.com\n',
      expect: [],
      note: 'empty host and a Host header are allowed',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    livenessProbe:\n      httpGet:\n        host: bad.host\n        port: 8080\n',
      expect: [],
      config: { kubernetesVersion: { major: 1, minor: 33 }, profiles: ['pss-baseline'] },
      note: 'the control exists from Kubernetes 1.34',
    },
  ],
  check({ model, report }) {
    for (const container of allContainers(model)) {
      const { file, document } = container.pod.object;
      for (const handler of networkHandlers(container)) {
        const pair = findPair(handler.node, 'host');
        const host = stringValue(file, deref(document, pair?.value));
        if (!pair || host === undefined || host === '') continue;
        report({
          ...pairSpan(file, pair),
          message: `${describeContainer(container)} points ${handler.where} at host "${host}": the kubelet would connect there from the node. Remove host so the check targets the pod itself.`,
          fixes: [{ title: `Remove ${handler.where}.host`, edits: removePath(file, document, handler.node, ['host']), isPreferred: true }],
        });
      }
    }
  },
};
