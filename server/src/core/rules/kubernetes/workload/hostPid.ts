import type { KubernetesRule } from '../../../rule';
import { describeObject, pairSpan, podSpecs, removePodFieldFix } from '../helpers';
import { podFlagTrue } from './workloadKit';

/** `hostPID: true` lets the pod see and signal every process on the node. */
export const hostPid: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/host-pid',
  title: 'Pod shares the host PID namespace',
  severity: 'error',
  category: 'privileges',
  equivalents: ['kube-linter:host-pid', 'polaris:hostPIDSet', 'trivy:KSV-0010', 'checkov:CKV_K8S_17', 'kics:shared_host_pid_namespace', 'pss:hostNamespaces'],
  compliance: ['PSS-Baseline-hostNamespaces', 'CIS-K8s-1.12-5.2.3', 'NSA-CISA-pod-security', 'CWE-668'],
  pss: [{ level: 'baseline', control: 'hostNamespaces' }],
  fixable: true,
  explanation: {
    what: 'A pod spec sets `hostPID: true`.',
    why:
      "The pod's containers see every process on the node, with their command lines and environments (which often hold " +
      'credentials). Running as root they can signal or ptrace those processes and reach other containers\' file systems ' +
      'through `/proc/<pid>/root`. The Pod Security Standards forbid it from the baseline level.',
    fix: 'Remove `hostPID: true`. To share processes between the containers of one pod, use `shareProcessNamespace: true` instead.',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n  hostPID: true\n',
      expect: ['hostPID: true'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n',
    },
    {
      text: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  template:\n    spec: {hostPID: true}\n',
      expect: ['hostPID: true'],
      fixed: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  template:\n    spec: {}\n',
      note: 'flow style: the emptied mapping stays',
    },
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: false\n  shareProcessNamespace: true\n  containers:\n  - name: app\n    image: nginx:1.27\n', expect: [] },
  ],
  check({ model, report }) {
    for (const pod of podSpecs(model)) {
      const pair = podFlagTrue(pod, 'hostPID');
      if (!pair) continue;
      report({
        ...pairSpan(model.file, pair),
        message: `${describeObject(pod.object)} uses the node's PID namespace: its containers see, signal and inspect every process on the node. Remove hostPID: true.`,
        fixes: [removePodFieldFix(pod, ['hostPID'], 'Remove hostPID: true')],
      });
    }
  },
};
