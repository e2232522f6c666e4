import type { KubernetesRule } from '../../../rule';
import { describeObject, pairSpan, podSpecs, removePodFieldFix } from '../helpers';
import { podFlagTrue } from './workloadKit';

/** `hostNetwork: true` puts the pod in the node's network namespace. */
export const hostNetwork: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/host-network',
  title: 'Pod shares the host network namespace',
  severity: 'error',
  category: 'privileges',
  equivalents: ['kube-linter:host-network', 'polaris:hostNetworkSet', 'trivy:KSV-0009', 'checkov:CKV_K8S_19', 'kics:shared_host_network_namespace', 'pss:hostNamespaces'],
  compliance: ['PSS-Baseline-hostNamespaces', 'CIS-K8s-1.12-5.2.5', 'NSA-CISA-pod-security', 'CWE-668'],
  pss: [{ level: 'baseline', control: 'hostNamespaces' }],
  fixable: true,
  explanation: {
    what: 'A pod spec sets `hostNetwork: true`.',
    why:
      "The pod uses the node's network stack: it can bind any port on the node's addresses, reach services listening on " +
      'localhost (the kubelet, node agents, cloud metadata endpoints), sniff traffic with NET_RAW and bypass NetworkPolicies, ' +
      'which do not apply to host-network pods. The Pod Security Standards forbid it from the baseline level.',
    fix: 'Remove `hostNetwork: true` and expose the workload through a Service (a NodePort or LoadBalancer if it must be reachable from outside).',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: ['hostNetwork: true'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n',
    },
    {
      text:
        'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n' +
        '        spec: {hostNetwork: yes, containers: [{name: app, image: "busybox:1.36"}]}\n',
      expect: ['hostNetwork: yes'],
      fixed:
        'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n' +
        '        spec: {containers: [{name: app, image: "busybox:1.36"}]}\n',
      note: 'CronJob nesting, flow style, YAML 1.1 boolean',
    },
    {
      text: '{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"containers": [{"name": "app", "image": "nginx:1.27"}], "hostNetwork": true}}}}\n',
      expect: ['"hostNetwork": true'],
      fixed: '{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}\n',
      note: 'JSON',
    },
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: false\n  containers:\n  - name: app\n    image: nginx:1.27\n', expect: [] },
    { text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  hostNetwork: "true"\n', expect: [], note: 'not a workload' },
  ],
  check({ model, report }) {
    for (const pod of podSpecs(model)) {
      const pair = podFlagTrue(pod, 'hostNetwork');
      if (!pair) continue;
      report({
        ...pairSpan(model.file, pair),
        message: `${describeObject(pod.object)} uses the node's network namespace: it can reach node-local services and bypasses NetworkPolicies. Remove hostNetwork: true and use a Service.`,
        fixes: [removePodFieldFix(pod, ['hostNetwork'], 'Remove hostNetwork: true')],
      });
    }
  },
};
