import type { KubernetesRule } from '../../../rule';
import { describeObject, findPair, pairSpan } from '../helpers';
import { formatBudget, hpasFor, intOrPercent, isReplicated, pdbsFor, scaledValue, specNumber, specOf } from './common';

const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: zk\nspec:\n  selector:\n    matchLabels: {app: zk}\n  template:\n    metadata:\n      labels: {app: zk}\n    spec:\n      containers:\n      - name: zk\n        image: zookeeper:3.9\n';
const pdb = (budget: string, app = 'zk') => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: zk-pdb\nspec:\n  ${budget}\n  selector:\n    matchLabels: {app: ${app}}\n`;
const hpa = (min: string, target = 'zk') =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: zk-hpa\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}\n${min}  maxReplicas: 12\n`;
const file = (...parts: string[]) => parts.join('---\n');

/** A budget that asks for more pods than the autoscaler may keep blocks every eviction once it scales down. */
export const pdbMinAvailableAboveHpa: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/pdb-min-available-above-hpa',
  title: 'PodDisruptionBudget minAvailable exceeds the HPA minimum',
  severity: 'warning',
  category: 'reliability',
  enabledByDefault: false,
  equivalents: ['polaris:pdbMinAvailableGreaterThanHPAMinReplicas'],
  compliance: [],
  explanation: {
    what:
      'A workload in the file is scaled by a HorizontalPodAutoscaler (matched by `scaleTargetRef` kind and name, same namespace) and ' +
      'its pods are selected by a PodDisruptionBudget whose `minAvailable` is greater than the HPA\'s explicit `minReplicas` ' +
      '(a percentage is taken of `minReplicas`, rounded up). An availability-operations concern, not a security one; off by ' +
      'default, it runs with the `strict` profile.',
    why:
      'When load drops, the HPA scales the workload down to `minReplicas`. The budget then asks for more available pods than exist, ' +
      'so it allows zero disruptions: node drains, cluster upgrades and autoscaler scale-downs hang on these pods until load rises ' +
      'again. (Even `minAvailable` equal to `minReplicas` blocks evictions at the floor; this rule, like Polaris, flags only the ' +
      'greater case.)',
    fix:
      'Keep the budget below the autoscaler\'s floor, or express it relatively:\n\n```yaml\nspec:\n  maxUnavailable: 1\n```\n\nor raise ' +
      '`minReplicas` above `minAvailable`.',
  },
  fixtures: [
    { text: file(deployment, pdb('minAvailable: 10'), hpa('  minReplicas: 5\n')), expect: ['minAvailable: 10'] },
    { text: file(deployment, pdb('minAvailable: 150%'), hpa('  minReplicas: 10\n')), expect: ['minAvailable: 150%'], note: 'percent of minReplicas' },
    { text: file(deployment, pdb('minAvailable: 5'), hpa('  minReplicas: 5\n')), expect: [], note: 'equal is not greater' },
    { text: file(deployment, pdb('minAvailable: 50%'), hpa('  minReplicas: 10\n')), expect: [] },
    { text: file(deployment, pdb('maxUnavailable: 1'), hpa('  minReplicas: 2\n')), expect: [] },
    { text: file(deployment, pdb('minAvailable: 10'), hpa('  minReplicas: 5\n', 'other')), expect: [], note: 'HPA scales another workload' },
    { text: file(deployment, pdb('minAvailable: 10', 'other'), hpa('  minReplicas: 5\n')), expect: [], note: 'budget selects other pods' },
    { text: file(deployment, pdb('minAvailable: 2'), hpa('')), expect: [], note: 'minReplicas unset: not judged, as Polaris' },
    { text: file(deployment, pdb('minAvailable: 10')), expect: [], note: 'no HPA' },
  ],
  check({ model, report }) {
    for (const workload of model.objects) {
      if (!isReplicated(workload)) continue;
      const scalers = hpasFor(model, workload).filter((m) => m.targets === true);
      if (scalers.length === 0) continue;
      const hpa = scalers[0].hpa;
      const minReplicas = specNumber(hpa, 'minReplicas').value;
      if (minReplicas === undefined || minReplicas < 1) continue;
      for (const { pdb, selects } of pdbsFor(model, workload)) {
        if (selects !== true) continue;
        const minPair = findPair(specOf(pdb), 'minAvailable');
        const minAvailable = intOrPercent(pdb, minPair);
        if (!minPair || !minAvailable) continue;
        const required = scaledValue(minAvailable, minReplicas);
        if (required <= minReplicas) continue;
        report({
          ...pairSpan(pdb.file, minPair),
          message:
            `${describeObject(pdb)} requires ${required} available pods (minAvailable: ${formatBudget(minAvailable)}) but ${describeObject(hpa)} may scale ` +
            `${describeObject(workload)} down to ${minReplicas}: then no pod can be evicted and node drains stall. Lower minAvailable to at most ${minReplicas}, or use maxUnavailable.`,
        });
      }
    }
  },
};
