import type { KubernetesRule } from '../../../rule';
import { asSeq } from '../../../documents/yaml';
import { containerField, describeContainer, fieldSpan, nodeSpan, numberValue, podField, podSpecs, seqItems } from '../helpers';
import { describePod, numberSetting } from './common';

/** GID 0 as primary, filesystem or supplementary group gives the root group's file access. */
export const rootGroup: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/root-group',
  title: 'Pod or container uses the root group',
  severity: 'info',
  category: 'privileges',
  equivalents: ['trivy:KSV-0116'],
  compliance: ['NSA-CISA-pod-security', 'CWE-250'],
  explanation: {
    what:
      '`runAsGroup: 0` (pod or container), `fsGroup: 0`, or a `supplementalGroups` list that contains 0. Unset values are not ' +
      'reported: the group then comes from the image.',
    why:
      'Files owned by group `root` (GID 0) are common in images and on mounted host paths; a process in that group can read or ' +
      'write them even as a non-root user. `fsGroup: 0` also makes mounted volumes group-owned by root. The older Pod Security ' +
      'Policy had a "non-root groups" control for this.',
    fix: 'Use a dedicated non-zero group:\n\n```yaml\nsecurityContext:\n  runAsGroup: 10001\n  fsGroup: 10001\n```',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    fsGroup: 0\n    supplementalGroups: [1000, 0]\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '    securityContext:\n      runAsGroup: 0\n',
      expect: ['fsGroup: 0', '0]', 'runAsGroup: 0'],
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsGroup: 1000\n    fsGroup: 1000\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: [],
    },
  ],
  check({ model, report }) {
    for (const pod of podSpecs(model)) {
      const { file, document } = pod.object;
      for (const key of ['runAsGroup', 'fsGroup']) {
        const field = podField(pod, [key]);
        const setting = numberSetting(file, field);
        if (setting.kind === 'set' && setting.value === 0) {
          report({ ...fieldSpan(file, field!), message: `${describePod(pod)} sets ${key}: 0 (the root group): use a non-zero GID.` });
        }
      }
      const supplemental = podField(pod, ['supplementalGroups']);
      for (const item of seqItems(document, asSeq(supplemental?.node))) {
        if (numberValue(file, item) === 0) {
          report({ ...nodeSpan(item), message: `${describePod(pod)} adds the root group (GID 0) to supplementalGroups: remove it.` });
        }
      }
      for (const container of pod.containers) {
        const field = containerField(container, ['runAsGroup']);
        const setting = numberSetting(file, field);
        if (setting.kind === 'set' && setting.value === 0) {
          report({ ...fieldSpan(file, field!), message: `${describeContainer(container)} runs with the root group (runAsGroup: 0): use a non-zero GID.` });
        }
      }
    }
  },
};
