import type { KubernetesRule } from '../../../rule';
import { describeObject, objectAnchor, objectsOfKind } from '../helpers';
import { describeLabels, hpasFor, pdbsFor, podLabels, specNumber } from './common';

const workload = (kind: string, replicas: string, labels: string, namespace = '') =>
  `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: zk\n${namespace}spec:\n${replicas}  selector:\n    matchLabels: {app: zk}\n  template:\n    metadata:\n      labels: ${labels}\n    spec:\n      containers:\n      - name: zk\n        image: zookeeper:3.9\n`;
const pdb = (selector: string, namespace = '', apiVersion = 'policy/v1') =>
  `apiVersion: ${apiVersion}\nkind: PodDisruptionBudget\nmetadata:\n  name: zk-pdb\n${namespace}spec:\n  maxUnavailable: 1\n  selector: ${selector}\n`;

/** Without a PodDisruptionBudget a node drain may evict every replica of a workload at once. */
export const podDisruptionBudgetMissing: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/pod-disruption-budget-missing',
  title: 'No PodDisruptionBudget covers the workload',
  severity: 'warning',
  category: 'reliability',
  enabledByDefault: false,
  equivalents: [
    'polaris:missingPodDisruptionBudget',
    'kube-score:deployment-has-poddisruptionbudget',
    'kube-score:statefulset-has-poddisruptionbudget',
    'kics:deployment_without_pod_disruption_budget',
    'kics:statefulset_without_pod_disruption_budget',
  ],
  compliance: [],
  explanation: {
    what:
      'A Deployment or StatefulSet whose pods no PodDisruptionBudget in the same file selects. A budget applies when it is in the ' +
      'same namespace (an unset namespace matches any) and its `selector` (matchLabels and matchExpressions, evaluated as the API ' +
      'does; an empty policy/v1 selector selects every pod) matches the pod template labels. Workloads with an explicit `replicas` ' +
      'below 2 are skipped unless an HPA in the file scales them. Budgets usually ship next to their workload, but not always: the ' +
      'rule is off by default and runs with the `strict` profile. An availability concern, not a security one.',
    why:
      'Node drains (cluster upgrades, autoscaler scale-down, maintenance) evict pods through the Eviction API, which honours ' +
      'PodDisruptionBudgets. Without one, a drain may evict all replicas of a workload at the same time, so a routine upgrade ' +
      'becomes an outage even though the workload runs several pods.',
    fix:
      'Add a budget that selects the pods:\n\n```yaml\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: zk\nspec:\n' +
      '  maxUnavailable: 1\n  selector:\n    matchLabels: {app: zk}\n```\n\nPrefer `maxUnavailable` to `minAvailable`: it keeps ' +
      'working when the replica count changes.',
  },
  fixtures: [
    { text: workload('Deployment', '  replicas: 3\n', '{app: zk}'), expect: ['kind: Deployment'] },
    { text: `${workload('Deployment', '', '{app: zk, tier: db}')}---\n${pdb('{matchLabels: {app: zk}}')}`, expect: [], note: 'selector subset of the labels' },
    { text: `${workload('StatefulSet', '  replicas: 3\n', '{app: zk}')}---\n${pdb('{matchLabels: {app: other}}')}`, expect: ['kind: StatefulSet'] },
    {
      text: `${workload('Deployment', '', '{app: zk}', '  namespace: a\n')}---\n${pdb('{matchLabels: {app: zk}}', '  namespace: b\n')}`,
      expect: ['kind: Deployment'],
      note: 'budget in another namespace',
    },
    { text: `${workload('Deployment', '', '{app: zk}')}---\n${pdb('{matchExpressions: [{key: app, operator: In, values: [zk, web]}]}')}`, expect: [], note: 'matchExpressions' },
    { text: `${workload('Deployment', '', '{app: zk}')}---\n${pdb('{}')}`, expect: [], note: 'policy/v1 empty selector selects every pod' },
    { text: `${workload('Deployment', '', '{app: zk}')}---\n${pdb('{}', '', 'policy/v1beta1')}`, expect: ['kind: Deployment'], note: 'policy/v1beta1 empty selector selects none' },
    { text: workload('Deployment', '  replicas: 1\n', '{app: zk}'), expect: [], note: 'single replica: a budget could only block drains' },
    { text: workload('DaemonSet', '', '{app: zk}'), expect: [], note: 'drains skip DaemonSet pods' },
  ],
  check({ model, report }) {
    for (const object of objectsOfKind(model, 'Deployment', 'StatefulSet')) {
      const pod = object.podSpec;
      if (!pod) continue;
      const replicas = specNumber(object, 'replicas');
      if (replicas.value !== undefined && replicas.value < 2 && hpasFor(model, object).length === 0) continue;
      const labels = podLabels(pod);
      if (!labels) continue;
      const budgets = pdbsFor(model, object);
      if (budgets.some((b) => b.selects !== false)) continue;
      const others = budgets.length > 0 ? ` (${budgets.length === 1 ? 'the budget here selects' : 'the budgets here select'} other pods)` : '';
      report({
        ...objectAnchor(object),
        missing: true,
        message: `${describeObject(object)}: no PodDisruptionBudget in this file selects its pods (${describeLabels(labels)})${others}, so a node drain may evict every replica at once. Add one with maxUnavailable: 1 selecting these labels.`,
      });
    }
  },
};
