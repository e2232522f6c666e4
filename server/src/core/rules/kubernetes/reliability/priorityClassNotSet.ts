import type { KubernetesRule } from '../../../rule';
import { deref, describeObject, findPair, pairSpan, podAnchor, podSpecs, scalarValue } from '../helpers';

const pod = (extra: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${extra}  containers:\n  - name: app\n    image: app:1.0\n`;

/** Pods without a priority class are the first the scheduler preempts and have no say when capacity runs out. */
export const priorityClassNotSet: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/priority-class-not-set',
  title: 'Pod has no priority class',
  severity: 'info',
  category: 'reliability',
  enabledByDefault: false,
  equivalents: ['polaris:priorityClassNotSet'],
  compliance: [],
  explanation: {
    what:
      'A pod spec (of any workload kind, CronJobs included) does not set `priorityClassName`, or sets it to an empty string. ' +
      'An availability concern, not a security one; off by default, it runs with the `strict` profile.',
    why:
      'Without a priority class a pod gets the cluster\'s global default priority (0 unless a PriorityClass has ' +
      '`globalDefault: true`). When the cluster is full, the scheduler preempts lower-priority pods to make room, and the ' +
      'kubelet\'s node-pressure eviction also ranks by priority: a critical service with default priority can be evicted in favour ' +
      'of batch work, or stay Pending while less important pods hold the capacity.',
    fix:
      'Define a small ladder of PriorityClasses for the cluster and give each workload one:\n\n```yaml\nspec:\n  priorityClassName: ' +
      'business-critical\n```\n\nThe class must exist in the cluster, so no automatic fix is offered.',
  },
  fixtures: [
    { text: pod(''), expect: ['spec:'] },
    { text: pod('  priorityClassName: high-priority\n'), expect: [] },
    { text: pod('  priorityClassName: ""\n'), expect: ['priorityClassName'], note: 'empty means unset' },
    {
      text:
        'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n' +
        '          priorityClassName: batch-low\n          containers:\n          - name: job\n            image: job:1.0\n',
      expect: [],
      note: 'CronJob nesting',
    },
    { text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  priorityClassName: ""\n', expect: [], note: 'not a workload' },
  ],
  check({ model, report }) {
    for (const pod of podSpecs(model)) {
      const pair = findPair(pod.node, 'priorityClassName');
      const name = describeObject(pod.object);
      if (!pair) {
        report({
          ...podAnchor(pod),
          missing: true,
          message: `${name} sets no priorityClassName: its pods get the default priority and may be preempted or evicted before less important work. Set spec.priorityClassName to one of the cluster's PriorityClasses.`,
        });
      } else if (scalarValue(pod.object.file, deref(pod.object.document, pair.value)) === '') {
        report({
          ...pairSpan(pod.object.file, pair),
          missing: true,
          message: `${name} sets an empty priorityClassName, which means the default priority. Name one of the cluster's PriorityClasses.`,
        });
      }
    }
  },
};
