import type { KubernetesRule } from '../../../rule';
import { describeObject, pairSpan, podSpecs, removePodFieldFix } from '../helpers';
import { podFlagTrue } from './workloadKit';

/** `hostIPC: true` shares the node's System V IPC and POSIX message queues with the pod. */
export const hostIpc: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/host-ipc',
  title: 'Pod shares the host IPC namespace',
  severity: 'error',
  category: 'privileges',
  equivalents: ['kube-linter:host-ipc', 'polaris:hostIPCSet', 'trivy:KSV-0008', 'checkov:CKV_K8S_18', 'kics:shared_host_ipc_namespace', 'pss:hostNamespaces'],
  compliance: ['PSS-Baseline-hostNamespaces', 'CIS-K8s-1.12-5.2.4', 'NSA-CISA-pod-security', 'CWE-668'],
  pss: [{ level: 'baseline', control: 'hostNamespaces' }],
  fixable: true,
  explanation: {
    what: 'A pod spec sets `hostIPC: true`.',
    why:
      "The pod joins the node's IPC namespace: it can read and write the shared memory segments, semaphores and message " +
      'queues of every host process and of other host-IPC pods, leaking or corrupting their data. The Pod Security Standards ' +
      'forbid it from the baseline level.',
    fix: 'Remove `hostIPC: true`. Containers of the same pod already share an IPC namespace; use an `emptyDir` with `medium: Memory` for shared memory.',
  },
  fixtures: [
    {
      text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      hostIPC: on # legacy\n      containers:\n      - name: app\n        image: nginx:1.27\n',
      expect: ['hostIPC: on'],
      fixed: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n',
      note: 'YAML 1.1 boolean with a trailing comment',
    },
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostIPC: false\n  containers:\n  - name: app\n    image: nginx:1.27\n', expect: [] },
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostIPC: "true"\n  containers:\n  - name: app\n    image: nginx:1.27\n', expect: [], note: 'a quoted string is not a boolean: the API rejects it' },
  ],
  check({ model, report }) {
    for (const pod of podSpecs(model)) {
      const pair = podFlagTrue(pod, 'hostIPC');
      if (!pair) continue;
      report({
        ...pairSpan(model.file, pair),
        message: `${describeObject(pod.object)} uses the node's IPC namespace: it can read and corrupt the shared memory of host processes. Remove hostIPC: true.`,
        fixes: [removePodFieldFix(pod, ['hostIPC'], 'Remove hostIPC: true')],
      });
    }
  },
};
