import type { KubernetesRule } from '../../../rule';
import { missingResources } from './workloadKit';

/** No `resources.requests.cpu`: the pod gets CPU only when nobody else wants it. */
export const cpuRequests: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/cpu-requests',
  title: 'Container without a CPU request',
  severity: 'info',
  category: 'resources',
  equivalents: ['polaris:cpuRequestsMissing', 'trivy:KSV-0015', 'checkov:CKV_K8S_10', 'kics:cpu_requests_not_set', 'kube-linter:unset-cpu-requirements', 'kube-score:container-resources'],
  compliance: ['CWE-770'],
  fixable: true,
  explanation: {
    what:
      'A container or init container has neither `resources.requests.cpu` nor `resources.limits.cpu` (when only the limit is ' +
      'set, the API server copies it into the request).',
    why:
      'CPU requests drive both scheduling and the share of CPU a container gets under contention. Without one the pod may be ' +
      'packed onto a busy node and starved by its neighbours, and autoscalers that work on utilisation have nothing to ' +
      'measure against.',
    fix: 'Set `resources.requests.cpu` to the typical usage of the workload. The quick fix writes `100m`: a starting value to adjust.',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests:\n        memory: 128Mi\n',
      expect: ['requests:'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests:\n        memory: 128Mi\n        cpu: 100m\n',
    },
    {
      text: '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}\n',
      expect: ['"name": "app"'],
      fixed: '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "resources": {"requests": {"cpu": "100m"}}}]}}\n',
      note: 'JSON',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests:\n        cpu: 100m\n',
      expect: [],
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      limits:\n        cpu: "1"\n',
      expect: [],
      note: 'the request defaults to the limit',
    },
  ],
  check({ model, report }) {
    for (const finding of missingResources(model, { section: 'requests', resource: 'cpu', fallback: '100m', label: 'CPU request' })) {
      report({ ...finding.span, missing: finding.absent, message: finding.message, fixes: [finding.fix] });
    }
  },
};
