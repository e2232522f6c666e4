import type { KubernetesRule } from '../../../rule';
import { describeObject, objectsOfKind, pairSpan } from '../helpers';
import { specNumber } from './common';

const hpa = (replicas: string) =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}\n${replicas}  maxReplicas: 10\n`;

/** An autoscaler allowed down to one pod leaves the workload with a single point of failure whenever load is low. */
export const hpaMinReplicasLow: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/hpa-min-replicas-low',
  title: 'HPA may scale down to a single replica',
  severity: 'warning',
  category: 'reliability',
  enabledByDefault: false,
  equivalents: ['polaris:hpaMinAvailability'],
  compliance: [],
  explanation: {
    what:
      'A HorizontalPodAutoscaler sets `minReplicas: 1`. Like Polaris, the rule judges only an explicit value: an unset ' +
      '`minReplicas` (which also defaults to 1) is not reported, and `minReplicas: 0` (scale-to-zero, a deliberate choice) is ' +
      'skipped. An availability concern, not a security one; off by default, it runs with the `strict` profile.',
    why:
      'Whenever load is low the autoscaler shrinks the workload to one pod. From then on any eviction, node drain, crash or rollout ' +
      'is an outage until a replacement is ready, and a sudden spike hits a single pod while new ones start.',
    fix: 'Keep at least two replicas at the floor:\n\n```yaml\nspec:\n  minReplicas: 2\n  maxReplicas: 10\n```',
  },
  fixtures: [
    { text: hpa('  minReplicas: 1\n'), expect: ['minReplicas: 1'] },
    { text: hpa('  minReplicas: 2\n'), expect: [] },
    { text: hpa(''), expect: [], note: 'unset is not judged, as Polaris' },
    { text: hpa('  minReplicas: 0\n'), expect: [], note: 'scale to zero is deliberate' },
  ],
  check({ model, report }) {
    for (const object of objectsOfKind(model, 'HorizontalPodAutoscaler')) {
      const min = specNumber(object, 'minReplicas');
      if (!min.pair || min.value !== 1) continue;
      report({
        ...pairSpan(object.file, min.pair),
        message: `${describeObject(object)} may scale its target down to a single pod (minReplicas: 1): at low load any eviction or crash is an outage. Set minReplicas: 2 or more.`,
      });
    }
  },
};
