import type { KubernetesRule } from '../../../rule';
import type { Container } from '../helpers';
import { allContainers, asMap, containerField, describeContainer, effectiveField, effectiveSeccomp, podField } from '../helpers';
import { capabilityList, containerSecuritySpan, podAnnotationPairs, profileSetting } from './common';

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/**
 * polaris's composite: a container must use at least one Linux hardening mechanism: a seccomp
 * profile other than Unconfined, SELinux options, an AppArmor profile, or dropped capabilities
 * (without adding ALL back). Off by default: the specific rules say more precisely what is missing.
 */
export const linuxHardening: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/linux-hardening',
  title: 'Container uses no Linux hardening mechanism',
  severity: 'warning',
  category: 'privileges',
  enabledByDefault: false,
  equivalents: ['polaris:linuxHardening'],
  compliance: ['NSA-CISA-pod-security'],
  explanation: {
    what:
      'A container (regular, init or ephemeral) that has none of: a seccomp profile other than Unconfined (its own or the ' +
      'pod’s, annotations included), SELinux options (its own or non-empty pod-level ones), an AppArmor profile (the ' +
      '`container.apparmor.security.beta.kubernetes.io/<name>` annotation or `appArmorProfile`, not unconfined), or a non-empty ' +
      '`capabilities.drop` without `ALL` in `add`. Off by default: `kubernetes/seccomp-profile-missing` and ' +
      '`kubernetes/capabilities-not-dropped` are stricter.',
    why:
      'These mechanisms are the layers that remain when application code is compromised: they limit which system calls, ' +
      'files and kernel powers the process can use. A container with none of them relies on namespaces alone. The NSA/CISA ' +
      'guide asks for at least one.',
    fix: 'The cheapest: `securityContext: { seccompProfile: { type: RuntimeDefault }, capabilities: { drop: [ALL] } }`.',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/other: runtime/default\nspec:\n' +
        '  securityContext:\n    seccompProfile: {type: RuntimeDefault}\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      seccompProfile: {type: Unconfined}\n' +
        '      capabilities: {drop: [ALL], add: [all]}\n',
      expect: ['securityContext:\n      seccomp'],
      note: 'Unconfined overrides the pod, ALL is added back, the AppArmor annotation names another container',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/a: runtime/default\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n' +
        '  - name: b\n    image: nginx:1.27\n    securityContext:\n      seLinuxOptions: {level: "s0:c1,c2"}\n  - name: c\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: [NET_RAW]\n',
      expect: [],
    },
  ],
  check({ model, report }) {
    for (const container of allContainers(model)) {
      if (container.pod.windows || hardened(container)) continue;
      report({
        ...containerSecuritySpan(container),
        missing: true,
        message: `${describeContainer(container)} uses no Linux hardening: set a seccomp profile (RuntimeDefault), drop capabilities, or give it SELinux or AppArmor options.`,
      });
    }
  },
};

function hardened(container: Container): boolean {
  const { file } = container.pod.object;
  const seccomp = effectiveSeccomp(container).type;
  if (seccomp && seccomp !== 'Unconfined') return true;
  const podSelinux = asMap(podField(container.pod, ['seLinuxOptions'])?.node);
  if (podSelinux && podSelinux.items.length > 0) return true;
  const ownSelinux = asMap(containerField(container, ['seLinuxOptions'])?.node);
  if (ownSelinux && ownSelinux.items.length > 0) return true;
  const annotation = container.name ? podAnnotationPairs(container.pod).find((a) => a.key === APPARMOR_ANNOTATION_PREFIX + container.name) : undefined;
  if (annotation?.value && annotation.value !== 'unconfined') return true;
  const apparmor = profileSetting(file, effectiveField(container, ['appArmorProfile']), effectiveField(container, ['appArmorProfile', 'type']));
  if (apparmor.kind === 'set' && (apparmor.type === 'RuntimeDefault' || apparmor.type === 'Localhost')) return true;
  const drop = capabilityList(container, 'drop');
  const addsAll = capabilityList(container, 'add').items.some((item) => item.name === 'ALL');
  return drop.items.length > 0 && !addsAll;
}
