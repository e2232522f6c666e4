import type { KubernetesRule } from '../../../rule';
import { describeObject, objectsOfKind, pairSpan } from '../helpers';
import { specAnchor, specNumber } from './common';

const hpa = (replicas: string) =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: api\n${replicas}`;

/** An autoscaler whose maximum is its minimum never scales. */
export const hpaMaxReplicasLow: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/hpa-max-replicas-low',
  title: 'HPA maxReplicas does not exceed minReplicas',
  severity: 'warning',
  category: 'reliability',
  enabledByDefault: false,
  equivalents: ['polaris:hpaMaxAvailability'],
  compliance: [],
  explanation: {
    what:
      'A HorizontalPodAutoscaler has no `maxReplicas`, a `maxReplicas` below 1, or a `maxReplicas` not greater than `minReplicas` ' +
      '(unset `minReplicas` counts as its default, 1; `minReplicas: 0`, scale-to-zero, is only checked against 1). An availability ' +
      'and capacity concern, not a security one; off by default, it runs with the `strict` profile.',
    why:
      'With `maxReplicas` equal to `minReplicas` the autoscaler can never add a pod: under a traffic spike the workload stays at its ' +
      'fixed size and saturates, while the HPA gives the false impression that it scales. `maxReplicas` is required by the API, ' +
      'so a manifest without it is rejected.',
    fix:
      'Leave the autoscaler room to scale:\n\n```yaml\nspec:\n  minReplicas: 2\n  maxReplicas: 10\n```\n\nIf a fixed size is what you ' +
      'want, delete the HPA and set `replicas` on the workload.',
  },
  fixtures: [
    { text: hpa('  minReplicas: 5\n  maxReplicas: 5\n'), expect: ['maxReplicas: 5'] },
    { text: hpa('  minReplicas: 5\n  maxReplicas: 10\n'), expect: [] },
    { text: hpa('  maxReplicas: 10\n'), expect: [], note: 'minReplicas defaults to 1' },
    { text: hpa('  maxReplicas: 1\n'), expect: ['maxReplicas: 1'], note: 'default minReplicas 1 equals maxReplicas' },
    { text: hpa('  minReplicas: 2\n'), expect: ['spec:'], note: 'maxReplicas is required' },
    { text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 1\n', expect: [], note: 'not an HPA' },
  ],
  check({ model, report }) {
    for (const hpa of objectsOfKind(model, 'HorizontalPodAutoscaler')) {
      const max = specNumber(hpa, 'maxReplicas');
      const min = specNumber(hpa, 'minReplicas');
      const name = describeObject(hpa);
      if (!max.pair) {
        report({
          ...specAnchor(hpa),
          missing: true,
          message: `${name} sets no maxReplicas, which the API requires. Set maxReplicas above minReplicas.`,
        });
        continue;
      }
      if (max.value === undefined || (min.pair && min.value === undefined)) continue;
      const floor = min.pair ? min.value! : 1;
      if (max.value < 1) {
        report({ ...pairSpan(hpa.file, max.pair), message: `${name} sets maxReplicas: ${max.value}, so it cannot run any pod. Set maxReplicas above minReplicas.` });
      } else if (floor >= 1 && max.value <= floor) {
        report({
          ...pairSpan(hpa.file, max.pair),
          message: `${name} has maxReplicas ${max.value} ${max.value === floor ? 'equal to' : 'below'} minReplicas ${floor}${min.pair ? '' : ' (the default)'}: it can never scale out. Raise maxReplicas, or drop the HPA and set replicas on the workload.`,
        });
      }
    }
  },
};
