import type { KubernetesRule } from '../../../rule';
import { describeObject, objectsOfKind, pairSpan } from '../helpers';
import { hpasFor, specAnchor, specNumber } from './common';

const deployment = (replicas: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n${replicas}  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: web:1.0\n`;
const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 6\n';

/** A Deployment with one replica is down whenever its only pod is evicted, rescheduled or crashes. */
export const deploymentMissingReplicas: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/deployment-missing-replicas',
  title: 'Deployment runs a single replica',
  severity: 'warning',
  category: 'reliability',
  enabledByDefault: false,
  equivalents: ['polaris:deploymentMissingReplicas'],
  compliance: [],
  explanation: {
    what:
      'A Deployment sets `spec.replicas: 1` or leaves it unset (the API defaults it to 1). Deployments scaled by a ' +
      'HorizontalPodAutoscaler in the same file are skipped (the HPA owns the count), and so is `replicas: 0` (scaled down on purpose). ' +
      'This is an availability concern, not a security one; it is off by default and runs with the `strict` profile.',
    why:
      'With a single pod, every node drain, cluster upgrade, eviction, OOM kill or failed liveness probe is an outage until a ' +
      'replacement is scheduled, pulls its image and becomes ready. A rolling update of a one-replica Deployment also briefly ' +
      'depends on that one new pod starting correctly.',
    fix:
      'Run at least two replicas (and spread them, see `kubernetes/topology-spread-missing`), or let a HorizontalPodAutoscaler with ' +
      '`minReplicas: 2` manage the count:\n\n```yaml\nspec:\n  replicas: 2\n```\n\nKeep one replica only for workloads that must be ' +
      'singletons (leader-less writers, ReadWriteOnce volumes), and say so in a comment.',
  },
  fixtures: [
    { text: deployment('  replicas: 1\n'), expect: ['replicas: 1'] },
    { text: deployment(''), expect: ['spec:'], note: 'unset replicas default to 1' },
    { text: deployment('  replicas: 3\n'), expect: [] },
    { text: deployment('  replicas: 0\n'), expect: [], note: 'scaled to zero on purpose' },
    { text: `${deployment('')}---\n${hpa}`, expect: [], note: 'an HPA in the same file owns the replica count' },
    { text: deployment('  replicas: 1\n').replace('Deployment', 'StatefulSet'), expect: [], note: 'Deployments only, as Polaris' },
  ],
  check({ model, report }) {
    for (const object of objectsOfKind(model, 'Deployment')) {
      if (hpasFor(model, object).length > 0) continue;
      const replicas = specNumber(object, 'replicas');
      if (!replicas.pair) {
        report({
          ...specAnchor(object),
          missing: true,
          message: `${describeObject(object)} does not set spec.replicas, so it runs a single pod: any drain, eviction or crash is an outage. Set replicas: 2 or more, or scale it with a HorizontalPodAutoscaler.`,
        });
      } else if (replicas.value === 1) {
        report({
          ...pairSpan(object.file, replicas.pair),
          message: `${describeObject(object)} runs a single replica: any drain, eviction or crash is an outage. Set replicas: 2 or more, or scale it with a HorizontalPodAutoscaler.`,
        });
      }
    }
  },
};
