import type { KubernetesRule } from '../../../rule';
import { missingResources } from './workloadKit';

/** No `resources.limits.ephemeral-storage`: logs and scratch files can fill the node's disk. */
export const ephemeralStorage: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/ephemeral-storage',
  title: 'Container without an ephemeral-storage limit',
  severity: 'info',
  category: 'resources',
  equivalents: ['kube-score:container-ephemeral-storage-request-and-limit'],
  compliance: ['CWE-770'],
  enabledByDefault: false,
  fixable: true,
  explanation: {
    what:
      'A container or init container has no `resources.limits.ephemeral-storage`. (A request alone defaults to nothing; a ' +
      'limit alone also sets the request.) Off by default.',
    why:
      "Container writable layers, logs and emptyDir volumes share the node's disk. Without a limit one container can fill " +
      'it, and the kubelet then evicts pods more or less at random (DiskPressure). With a limit the kubelet evicts the ' +
      'container that exceeded it.',
    fix:
      'Set `resources.limits.ephemeral-storage` (and a request) to what the workload writes. The quick fix writes the ' +
      'request when there is one, else `1Gi`: a starting value to adjust.',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests:\n        ephemeral-storage: 2Gi\n',
      expect: ['resources:'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests:\n        ephemeral-storage: 2Gi\n      limits:\n        ephemeral-storage: 2Gi\n',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      limits: {ephemeral-storage: 1Gi}\n',
      expect: [],
    },
  ],
  check({ model, report }) {
    for (const finding of missingResources(model, { section: 'limits', resource: 'ephemeral-storage', fallback: '1Gi', label: 'ephemeral-storage limit' })) {
      report({ ...finding.span, missing: finding.absent, message: finding.message, fixes: [finding.fix] });
    }
  },
};
