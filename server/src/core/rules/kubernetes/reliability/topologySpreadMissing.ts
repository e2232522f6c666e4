import type { KubernetesRule } from '../../../rule';
import { asSeq } from '../../../documents/yaml';
import { deref, describeObject, findPair, pairSpan, podAnchor, podSpecs } from '../helpers';
import { isReplicated, specNumber } from './common';

const deployment = (replicas: string, spread: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n${replicas}  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n${spread}      containers:\n      - name: web\n        image: web:1.0\n`;
const spread =
  '      topologySpreadConstraints:\n      - maxSkew: 1\n        topologyKey: topology.kubernetes.io/zone\n        whenUnsatisfiable: ScheduleAnyway\n        labelSelector:\n          matchLabels: {app: web}\n';

/** Replicas the scheduler may stack on one node or zone all fail together. */
export const topologySpreadMissing: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/topology-spread-missing',
  title: 'Replicated workload has no topology spread constraint',
  severity: 'info',
  category: 'reliability',
  enabledByDefault: false,
  equivalents: ['polaris:topologySpreadConstraint'],
  compliance: [],
  explanation: {
    what:
      'The pod template of a replicated workload (Deployment, StatefulSet, ReplicaSet, ReplicationController, or a custom kind ' +
      'embedding a pod template such as an Argo Rollout) has no `topologySpreadConstraints`, or an empty list. Pods, Jobs, CronJobs ' +
      'and DaemonSets are skipped (nothing to spread, or one pod per node already), and so are workloads with an explicit ' +
      '`replicas` of 0 or 1. An availability concern, not a security one; off by default, it runs with the `strict` profile.',
    why:
      'Without a constraint the scheduler only scores spreading softly, and on a busy or freshly scaled cluster it can place every ' +
      'replica on the same node or in the same zone. Losing that node or zone (hardware failure, spot reclaim, upgrade) then takes ' +
      'down all replicas at once, defeating the point of running several.',
    fix:
      'Spread the pods across zones (and, if useful, nodes):\n\n```yaml\nspec:\n  template:\n    spec:\n      topologySpreadConstraints:\n' +
      '      - maxSkew: 1\n        topologyKey: topology.kubernetes.io/zone\n        whenUnsatisfiable: ScheduleAnyway\n        labelSelector:\n' +
      '          matchLabels: {app: web}\n```\n\n`whenUnsatisfiable: DoNotSchedule` makes it a hard rule. Required pod anti-affinity on ' +
      '`kubernetes.io/hostname` also spreads pods across nodes, but this rule, like Polaris, asks for a spread constraint.',
  },
  fixtures: [
    { text: deployment('', ''), expect: [{ at: 'spec:', nth: 2 }], note: 'the pod template\'s spec' },
    { text: deployment('  replicas: 3\n', '      topologySpreadConstraints: []\n'), expect: ['topologySpreadConstraints: []'], note: 'empty list' },
    { text: deployment('  replicas: 3\n', spread), expect: [] },
    { text: deployment('  replicas: 1\n', ''), expect: [], note: 'a single replica has nothing to spread' },
    { text: deployment('', '').replace('Deployment', 'DaemonSet'), expect: [], note: 'DaemonSets run one pod per node' },
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app:1.0\n', expect: [], note: 'bare pod' },
  ],
  check({ model, report }) {
    for (const pod of podSpecs(model)) {
      const object = pod.object;
      if (!isReplicated(object)) continue;
      const replicas = specNumber(object, 'replicas');
      if (replicas.value !== undefined && replicas.value < 2) continue;
      const pair = findPair(pod.node, 'topologySpreadConstraints');
      const name = describeObject(object);
      if (!pair) {
        report({
          ...podAnchor(pod),
          missing: true,
          message: `${name} has no topologySpreadConstraints: the scheduler may put every replica on one node or zone, which then fail together. Spread them with a constraint on topology.kubernetes.io/zone or kubernetes.io/hostname.`,
        });
        continue;
      }
      const list = asSeq(deref(object.document, pair.value));
      if (list && list.items.length === 0) {
        report({
          ...pairSpan(object.file, pair),
          message: `${name} has an empty topologySpreadConstraints list: the scheduler may put every replica on one node or zone. Add a constraint on topology.kubernetes.io/zone or kubernetes.io/hostname.`,
        });
      }
    }
  },
};
