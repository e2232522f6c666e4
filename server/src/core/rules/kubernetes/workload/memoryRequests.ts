import type { KubernetesRule } from '../../../rule';
import { missingResources } from './workloadKit';

/** No `resources.requests.memory`: the scheduler places the pod as if it needed no memory. */
export const memoryRequests: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/memory-requests',
  title: 'Container without a memory request',
  severity: 'info',
  category: 'resources',
  equivalents: ['polaris:memoryRequestsMissing', 'trivy:KSV-0016', 'checkov:CKV_K8S_12', 'kics:memory_requests_not_defined', 'kube-score:container-resources'],
  compliance: ['CWE-770'],
  fixable: true,
  explanation: {
    what:
      'A container or init container has neither `resources.requests.memory` nor `resources.limits.memory` (when only the ' +
      'limit is set, the API server copies it into the request).',
    why:
      'The scheduler packs pods by their requests. A pod that requests no memory lands on nodes that cannot hold it, is the ' +
      'first to be evicted under memory pressure (BestEffort class), and makes capacity planning guesswork.',
    fix:
      'Set `resources.requests.memory` to the steady-state usage of the workload. The quick fix writes `128Mi`: a starting ' +
      'value to adjust.',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests:\n',
      expect: ['requests:'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests:\n        memory: 128Mi\n',
      note: 'an empty requests mapping',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources: {}\n',
      expect: ['resources:'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources: {requests: {memory: 128Mi}}\n',
      note: 'flow style',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      limits:\n        memory: 256Mi\n',
      expect: [],
      note: 'the request defaults to the limit',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests:\n        memory: "512Mi"\n',
      expect: [],
    },
  ],
  check({ model, report }) {
    for (const finding of missingResources(model, { section: 'requests', resource: 'memory', fallback: '128Mi', label: 'memory request' })) {
      report({ ...finding.span, missing: finding.absent, message: finding.message, fixes: [finding.fix] });
    }
  },
};
