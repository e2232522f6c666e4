import type { KubernetesRule } from '../../../rule';
import type { FieldAt, PodSpec } from '../helpers';
import { replaceScalar } from '../../../documents/yamlEdit';
import { containerField, describeContainer, fieldSpan, keySpan, pairSpan, podField, podSpecs, setContainerSecurityFix, setPodSecurityFix } from '../helpers';
import { describePod, podAnnotationPairs, profileSetting } from './common';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const ALLOWED_TYPES = new Set(['RuntimeDefault', 'Localhost']);

function allowedAnnotation(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

/**
 * The baseline Pod Security Standard forbids overriding the runtime's default AppArmor profile with
 * anything but a Localhost profile: field `appArmorProfile.type` (GA in 1.30) and the beta annotation.
 */
export const apparmorUnconfined: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/apparmor-unconfined',
  title: 'AppArmor disabled or overridden',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['pss:appArmorProfile'],
  compliance: ['PSS-Baseline-appArmorProfile', 'NSA-CISA-pod-security'],
  pss: [{ level: 'baseline', control: 'appArmorProfile' }],
  fixable: true,
  explanation: {
    what:
      '`securityContext.appArmorProfile.type` (pod or container) set to anything but `RuntimeDefault` or `Localhost` (usually ' +
      '`Unconfined`), or an annotation `container.apparmor.security.beta.kubernetes.io/<container>` whose value is not ' +
      '`runtime/default`, `localhost/<profile>` or empty. Leaving both unset is fine: the runtime’s default profile applies.',
    why:
      'On AppArmor hosts the runtime confines every container with a default profile that blocks mounts, writes to /proc and ' +
      '/sys and other escape paths. `Unconfined` removes that layer; the baseline Pod Security Standard rejects it.',
    fix: '```yaml\nsecurityContext:\n  appArmorProfile:\n    type: RuntimeDefault   # or Localhost with localhostProfile\n```',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: unconfined\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '    securityContext:\n      appArmorProfile:\n        type: Unconfined\n',
      expect: ['container.apparmor', 'type: Unconfined'],
      fixed:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: runtime/default\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '    securityContext:\n      appArmorProfile:\n        type: RuntimeDefault\n',
    },
    {
      text:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      annotations:\n        container.apparmor.security.beta.kubernetes.io/app: localhost/k8s-nginx\n' +
        '    spec:\n      securityContext:\n        appArmorProfile: {type: RuntimeDefault}\n      containers:\n      - name: app\n        image: nginx:1.27\n',
      expect: [],
    },
  ],
  check({ model, report }) {
    for (const pod of podSpecs(model)) {
      const file = pod.object.file;
      judge(pod, podField(pod, ['appArmorProfile']), podField(pod, ['appArmorProfile', 'type']), describePod(pod), 'pod');
      for (const container of pod.containers) {
        judge(pod, containerField(container, ['appArmorProfile']), containerField(container, ['appArmorProfile', 'type']), describeContainer(container), container);
      }
      for (const annotation of podAnnotationPairs(pod)) {
        if (!annotation.key.startsWith(ANNOTATION_PREFIX) || annotation.value === undefined || allowedAnnotation(annotation.value) || !annotation.pair.value) continue;
        report({
          ...pairSpan(file, annotation.pair),
          message: `${describePod(pod)} sets AppArmor profile "${annotation.value}" for container "${annotation.key.slice(ANNOTATION_PREFIX.length)}": use runtime/default or a localhost/ profile.`,
          fixes: [{ title: 'Use runtime/default', edits: replaceScalar(file, annotation.pair.value, 'runtime/default'), isPreferred: true }],
        });
      }
    }

    function judge(pod: PodSpec, profile: FieldAt | undefined, type: FieldAt | undefined, who: string, owner: 'pod' | PodSpec['containers'][number]): void {
      const file = pod.object.file;
      const setting = profileSetting(file, profile, type);
      if (setting.kind !== 'set' || ALLOWED_TYPES.has(setting.type)) return;
      const title = 'Set appArmorProfile.type: RuntimeDefault';
      const fix = owner === 'pod' ? setPodSecurityFix(pod, ['appArmorProfile', 'type'], 'RuntimeDefault', title) : setContainerSecurityFix(owner, ['appArmorProfile', 'type'], 'RuntimeDefault', title);
      report({
        ...(type ? fieldSpan(file, type) : keySpan(setting.field.pair)),
        message: `${who} sets AppArmor profile type "${setting.type}": only RuntimeDefault or Localhost keep the container confined.`,
        fixes: [fix],
      });
    }
  },
};
