import type { KubernetesRule } from '../../../rule';
import type { Container, FieldAt } from '../helpers';
import { describeContainer, effectiveField, fieldSpan, podSpecs } from '../helpers';
import { containerSecuritySpan, numberSetting } from './common';

const DEFAULT_MINIMUM_ID = 10000;

/**
 * UIDs and GIDs below 10000 may coincide with accounts of the node (the classic kubesec advice).
 * Opinionated, so off by default. UID/GID 0 is left to run-as-user-root and root-group.
 */
export const lowUidGid: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/low-uid-gid',
  title: 'Container runs with a low or unset UID/GID',
  severity: 'info',
  category: 'privileges',
  enabledByDefault: false,
  equivalents: ['trivy:KSV-0020', 'trivy:KSV-0021', 'checkov:CKV_K8S_40', 'kics:containers_run_with_low_uid', 'kube-score:container-security-context-user-group-id'],
  compliance: ['NSA-CISA-pod-security'],
  explanation: {
    what:
      'A container whose effective `runAsUser` or `runAsGroup` (its own, else the pod’s) is unset or below 10000 ' +
      '(option `minimumId`). 0 is reported by `kubernetes/run-as-user-root` and `kubernetes/root-group` instead.',
    why:
      'Without user namespaces a container UID is a node UID. Low IDs collide with system and human accounts of the node, so a ' +
      'process that escapes the container, or files it writes to a host mount, act as that account. IDs of 10000 and above are ' +
      'unlikely to exist on the node.',
    fix: 'Run with high, dedicated IDs (and make sure the image works with them):\n\n```yaml\nsecurityContext:\n  runAsUser: 10001\n  runAsGroup: 10001\n```',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsGroup: 20000\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '    securityContext:\n      runAsUser: 1000\n  - name: other\n    image: nginx:1.27\n',
      expect: ['runAsUser: 1000', 'name: other'],
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsUser: 10001\n    runAsGroup: 10001\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: [],
      note: 'pod-level IDs are inherited',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      runAsUser: 2000\n      runAsGroup: 2000\n',
      expect: [],
      config: { options: { minimumId: 1000 } },
      note: 'threshold option',
    },
  ],
  check({ model, config, report }) {
    const option = config.options?.minimumId;
    const minimum = typeof option === 'number' && option > 0 ? option : DEFAULT_MINIMUM_ID;
    // A pod-level field inherited by several containers is reported once.
    const reported = new Set<FieldAt['pair']>();
    for (const pod of podSpecs(model)) {
      if (pod.windows) continue;
      const file = pod.object.file;
      for (const container of pod.containers) {
        const unset: string[] = [];
        for (const key of ['runAsUser', 'runAsGroup'] as const) {
          const field = effectiveField(container, [key]);
          const setting = numberSetting(file, field);
          if (setting.kind === 'unset') unset.push(key);
          if (setting.kind !== 'set' || setting.value === 0 || setting.value >= minimum || reported.has(field!.pair)) continue;
          reported.add(field!.pair);
          const who = field!.level === 'pod' ? `the pod of ${describeContainer(container)}` : describeContainer(container);
          report({ ...fieldSpan(file, field!), message: `${who} runs with ${key}: ${setting.value}, below ${minimum}: IDs that low can match accounts of the node.` });
        }
        if (unset.length > 0) reportUnset(container, unset);
      }
    }
    function reportUnset(container: Container, keys: string[]): void {
      report({
        ...containerSecuritySpan(container),
        missing: true,
        message: `${describeContainer(container)} sets no ${keys.join(' or ')}: the image decides, often root or a low ID. Set IDs of ${minimum} or more.`,
      });
    }
  },
};
