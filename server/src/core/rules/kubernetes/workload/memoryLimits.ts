import type { KubernetesRule } from '../../../rule';
import { missingResources } from './workloadKit';

/** No `resources.limits.memory`: one leaking container can exhaust the node. */
export const memoryLimits: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/memory-limits',
  title: 'Container without a memory limit',
  severity: 'warning',
  category: 'resources',
  equivalents: ['polaris:memoryLimitsMissing', 'trivy:KSV-0018', 'checkov:CKV_K8S_13', 'kics:memory_limits_not_defined', 'kube-linter:unset-memory-requirements', 'kube-score:container-resources'],
  compliance: ['NSA-CISA-pod-security', 'CWE-770'],
  fixable: true,
  explanation: {
    what: 'A container or init container has no `resources.limits.memory` (or sets it to 0). Ephemeral containers cannot have resources and are skipped.',
    why:
      'Without a limit a container may use all the memory of the node: a leak or a hostile request then triggers the node OOM ' +
      'killer, which can take down unrelated pods and node daemons. A limit confines the damage to the container that ' +
      'misbehaves. (A LimitRange in the namespace can supply a default; this check sees only the manifest.)',
    fix:
      'Set `resources.limits.memory` to what the workload needs at peak plus headroom. The quick fix writes the memory ' +
      'request when there is one, else `128Mi`: a starting value to adjust, not a recommendation.',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      limits:\n        cpu: 500m\n',
      expect: ['limits:'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      limits:\n        cpu: 500m\n        memory: 128Mi\n',
    },
    {
      text:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      initContainers:\n      - name: init\n        image: busybox:1.36\n        resources: {requests: {memory: 64Mi}}\n' +
        '      containers:\n      - name: app\n        image: nginx:1.27\n',
      expect: ['resources:', 'name: app'],
      fixed:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      initContainers:\n      - name: init\n        image: busybox:1.36\n        resources: {requests: {memory: 64Mi}, limits: {memory: 64Mi}}\n' +
        '      containers:\n      - name: app\n        image: nginx:1.27\n        resources:\n          limits:\n            memory: 128Mi\n',
      note: 'init container (flow style, the limit takes the request) and a container without resources',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      limits:\n        memory: 0\n',
      expect: ['memory: 0'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      limits:\n        memory: 128Mi\n',
      note: 'zero is no limit',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      limits:\n        memory: "512Mi"\n' +
        '  ephemeralContainers:\n  - name: debug\n    image: busybox:1.36\n',
      expect: [],
      note: 'ephemeral containers cannot have resources',
    },
  ],
  check({ model, report }) {
    for (const finding of missingResources(model, { section: 'limits', resource: 'memory', fallback: '128Mi', label: 'memory limit' })) {
      report({ ...finding.span, missing: finding.absent, message: finding.message, fixes: [finding.fix] });
    }
  },
};
