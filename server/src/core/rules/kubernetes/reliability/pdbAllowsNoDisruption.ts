import type { KubernetesRule } from '../../../rule';
import { describeObject, findPair, objectsOfKind, pairSpan, type KubernetesModel, type KubernetesObject } from '../helpers';
import { formatBudget, hpasFor, intOrPercent, isReplicated, pdbSelects, podLabels, sameNamespace, scaledValue, specNumber, specOf } from './common';

const pdb = (budget: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n${budget}  selector:\n    matchLabels: {app: web}\n`;
const deployment = (replicas: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n${replicas}  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: web:1.0\n`;

interface Coverage {
  workloads: KubernetesObject[];
  replicas: number;
}

/**
 * The workloads of the file whose pods the budget selects and their total replica count, when
 * every one of them is known and has a fixed, explicit count (no HPA).
 */
function coverage(model: KubernetesModel, budget: KubernetesObject): Coverage | undefined {
  const workloads: KubernetesObject[] = [];
  let replicas = 0;
  for (const object of model.objects) {
    if (!isReplicated(object) || !sameNamespace(object, budget)) continue;
    const labels = podLabels(object.podSpec!);
    const selects = labels ? pdbSelects(budget, labels) : undefined;
    if (selects === false) continue;
    const count = specNumber(object, 'replicas').value;
    if (selects === undefined || count === undefined || hpasFor(model, object).length > 0) return undefined;
    workloads.push(object);
    replicas += count;
  }
  return workloads.length > 0 && replicas > 0 ? { workloads, replicas } : undefined;
}

/** A budget that never allows a voluntary eviction blocks every node drain on the nodes running its pods. */
export const pdbAllowsNoDisruption: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/pdb-allows-no-disruption',
  title: 'PodDisruptionBudget allows no eviction',
  severity: 'warning',
  category: 'reliability',
  enabledByDefault: false,
  equivalents: ['polaris:pdbDisruptionsIsZero', 'kube-linter:pdb-max-unavailable', 'kube-linter:pdb-min-available'],
  compliance: [],
  explanation: {
    what:
      'A PodDisruptionBudget sets `maxUnavailable: 0` (or `0%`), `minAvailable: 100%`, or a `minAvailable` that is at least the ' +
      'replica count of the workloads it selects in the same file (percentages rounded up, as the disruption controller does; ' +
      'only workloads with an explicit `replicas` and no HPA are counted). An availability-operations concern, not a security one; ' +
      'off by default, it runs with the `strict` profile.',
    why:
      'Such a budget permits zero voluntary disruptions: `kubectl drain`, cluster upgrades and the cluster autoscaler can never ' +
      'evict the pods, so node maintenance stalls until someone deletes the budget or the pods by hand, which removes the ' +
      'protection it was meant to give. It also does not protect against involuntary failures at all.',
    fix:
      'Allow at least one pod to go at a time and run enough replicas to absorb it:\n\n```yaml\nspec:\n  maxUnavailable: 1\n```\n\n' +
      'For a workload that truly cannot lose a pod, run more replicas rather than freezing the budget.',
  },
  fixtures: [
    { text: pdb('  maxUnavailable: 0\n'), expect: ['maxUnavailable: 0'] },
    { text: pdb('  maxUnavailable: "0%"\n'), expect: ['maxUnavailable'] },
    { text: pdb('  minAvailable: 100%\n'), expect: ['minAvailable: 100%'] },
    { text: pdb('  minAvailable: 5\n'), expect: [], note: 'no workload to compare with' },
    { text: pdb('  maxUnavailable: 5%\n'), expect: [], note: 'rounded up: always at least one' },
    { text: pdb(''), expect: [], note: 'no policy (kube-score poddisruptionbudget-has-policy territory)' },
    { text: `${deployment('  replicas: 3\n')}---\n${pdb('  minAvailable: 3\n')}`, expect: ['minAvailable: 3'], note: 'minAvailable equals the replicas' },
    { text: `${deployment('  replicas: 3\n')}---\n${pdb('  minAvailable: 67%\n')}`, expect: ['minAvailable: 67%'], note: '67% of 3 rounds up to 3' },
    { text: `${deployment('  replicas: 3\n')}---\n${pdb('  minAvailable: 2\n')}`, expect: [] },
    { text: `${deployment('')}---\n${pdb('  minAvailable: 1\n')}`, expect: [], note: 'replicas unset: maybe scaled elsewhere' },
  ],
  check({ model, report }) {
    for (const budget of objectsOfKind(model, 'PodDisruptionBudget')) {
      const spec = specOf(budget);
      const name = describeObject(budget);
      const maxPair = findPair(spec, 'maxUnavailable');
      const maxUnavailable = intOrPercent(budget, maxPair);
      if (maxPair && maxUnavailable?.value === 0) {
        report({
          ...pairSpan(budget.file, maxPair),
          message: `${name} sets maxUnavailable: ${formatBudget(maxUnavailable)}, so no pod it covers can ever be evicted and node drains stall. Allow at least maxUnavailable: 1.`,
        });
      }
      const minPair = findPair(spec, 'minAvailable');
      const minAvailable = intOrPercent(budget, minPair);
      if (!minPair || !minAvailable) continue;
      if (minAvailable.percent && minAvailable.value >= 100) {
        report({
          ...pairSpan(budget.file, minPair),
          message: `${name} sets minAvailable: ${formatBudget(minAvailable)}, so no pod it covers can ever be evicted and node drains stall. Use maxUnavailable: 1 instead.`,
        });
        continue;
      }
      const covered = coverage(model, budget);
      if (!covered) continue;
      const required = scaledValue(minAvailable, covered.replicas);
      if (required < covered.replicas) continue;
      const targets = covered.workloads.map(describeObject).join(', ');
      report({
        ...pairSpan(budget.file, minPair),
        message: `${name} requires ${required} available pod${required === 1 ? '' : 's'} (minAvailable: ${formatBudget(minAvailable)}) but ${targets} run${covered.workloads.length === 1 ? 's' : ''} only ${covered.replicas}: no pod can be evicted and node drains stall. Lower minAvailable below ${covered.replicas} or use maxUnavailable: 1.`,
      });
    }
  },
};
