import type { KubernetesRule } from '../../../rule';
import { missingResources } from './workloadKit';

/** No `resources.limits.cpu`. Contested (limits cause throttling), hence its own id and severity info. */
export const cpuLimits: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/cpu-limits',
  title: 'Container without a CPU limit',
  severity: 'info',
  category: 'resources',
  equivalents: ['polaris:cpuLimitsMissing', 'trivy:KSV-0011', 'checkov:CKV_K8S_11', 'kics:cpu_limits_not_set', 'kube-score:container-resources'],
  compliance: ['NSA-CISA-pod-security', 'CWE-770'],
  fixable: true,
  explanation: {
    what: 'A container or init container has no `resources.limits.cpu` (or sets it to 0).',
    why:
      'Without a limit a busy or compromised container (a crypto miner, a request flood) can use every idle core of the node. ' +
      'CPU limits are debated: they throttle bursts even when the node is idle, so many teams rely on requests alone. That ' +
      'is why this check has its own id: turn it off with `rules: { kubernetes/cpu-limits: off }` if that is your policy.',
    fix:
      'Set `resources.limits.cpu` to the peak the workload may use. The quick fix writes the CPU request when there is one, ' +
      'else `500m`: a starting value to adjust.',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests:\n        cpu: 250m\n      limits:\n        memory: 128Mi\n',
      expect: ['limits:'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests:\n        cpu: 250m\n      limits:\n        memory: 128Mi\n        cpu: 250m\n',
      note: 'the limit takes the request, never below it',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      limits:\n        memory: 128Mi\n        cpu: 100m\n',
      expect: [],
    },
  ],
  check({ model, report }) {
    for (const finding of missingResources(model, { section: 'limits', resource: 'cpu', fallback: '500m', label: 'CPU limit' })) {
      report({ ...finding.span, missing: finding.absent, message: finding.message, fixes: [finding.fix] });
    }
  },
};
