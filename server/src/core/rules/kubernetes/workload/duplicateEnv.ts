import type { KubernetesRule } from '../../../rule';
import { allContainers, describeContainer, pairSpan } from '../helpers';
import { envEntries } from './workloadKit';

/** The same env name twice in one container: only the last one takes effect. */
export const duplicateEnv: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/duplicate-env',
  title: 'Environment variable defined twice',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['kube-linter:duplicate-env-var', 'kube-score:environment-variable-key-duplication'],
  compliance: ['CWE-694'],
  fixable: false,
  explanation: {
    what: 'A container lists the same name more than once in `env`. The finding is on each repeated definition.',
    why:
      'The kubelet keeps the last definition, so an edit to the first one silently does nothing. `kubectl apply` merges ' +
      '`env` by name, so duplicates also make later patches and removals behave unexpectedly.',
    fix: 'Keep one definition per name and delete the others.',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app:1\n    env:\n    - name: LOG_LEVEL\n      value: debug\n    - name: PORT\n      value: "8080"\n' +
        '    - name: LOG_LEVEL\n      value: info\n  - name: sidecar\n    image: proxy:1\n    env:\n    - name: LOG_LEVEL\n      value: info\n',
      expect: [{ at: 'name: LOG_LEVEL', nth: 2 }],
      note: 'the same name in another container is fine',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app:1\n    env: [{name: A, value: "1"}, {name: a, value: "2"}]\n',
      expect: [],
      note: 'names are case-sensitive',
    },
  ],
  check({ model, report }) {
    for (const container of allContainers(model)) {
      const seen = new Set<string>();
      for (const entry of envEntries(container)) {
        if (entry.name === undefined || !entry.namePair) continue;
        if (!seen.has(entry.name)) {
          seen.add(entry.name);
          continue;
        }
        report({
          ...pairSpan(container.pod.object.file, entry.namePair),
          message: `${describeContainer(container)} defines env ${entry.name} more than once; only the last definition takes effect. Keep one.`,
        });
      }
    }
  },
};
